// The backend's answer: any status, content type and body must become an
// object for the model; any redirect target must be judged without a crash.
#include "fuzz_support.hpp"
#include "../../support/model_result.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const int status = 100 + (data[0] | (data[1] << 8)) % 500;
  const auto [contentType, body] = rc::fuzz::split(data + 2, size - 2);
  const auto& router = rc::fuzz::fixture_router();
  const rc::json result = rc::testing::model_result(router, "get_weather", rc::HttpAnswer{status, contentType, body});
  if (!result.is_object()) __builtin_trap();
  (void)rc::to_json_text(result);
  const rc::PlanOutcome redirect = router.follow_redirect("book", "POST", status, contentType, data[0] % 7);
  if (redirect.request && redirect.request->url.rfind("http://127.0.0.1:8080/", 0) != 0) __builtin_trap();
  return 0;
}
