// The model's tool call: any name and any arguments text must give a request
// or an error object written as valid JSON text (and valid UTF-8, which
// nlohmann's parser checks), never a crash.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto [name, arguments] = rc::fuzz::split(data, size);
  const rc::PlanOutcome outcome = rc::fuzz::fixture_router().plan(name, arguments);
  if (outcome.request) {
    // Every request stays on the origin and under the base path.
    if (outcome.request->url.rfind("http://127.0.0.1:8080/api/", 0) != 0) __builtin_trap();
    if (outcome.request->url.find('#') != std::string::npos) __builtin_trap();
    // A body marked as the model's text is exactly that text: JavaScript sends
    // the string it holds instead of the core's copy.
    if (outcome.request->bodyIsArguments && (!outcome.request->body || *outcome.request->body != arguments))
      __builtin_trap();
    // A body the core rebuilt (path parameters taken out) is a JSON object.
    if (outcome.request->body && !outcome.request->bodyIsArguments) {
      const rc::json body = rc::json::parse(*outcome.request->body, nullptr, false);
      if (!body.is_object()) __builtin_trap();
    }
  } else {
    const rc::json result = rc::json::parse(rc::result_text(outcome), nullptr, false);
    if (!result.is_object() || !result.contains("error") || !result["error"].contains("code")) __builtin_trap();
  }
  return 0;
}
