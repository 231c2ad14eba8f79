// A request arriving at a backend (createToolMiddleware): any method, path,
// query and body must be matched or not, and judged, without a crash.
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const char* kMethods[] = {"GET", "POST", "PUT", "DELETE"};
  const auto [path, rest] = rc::fuzz::split(data + 1, size - 1);
  const auto [query, body] = rc::fuzz::split(reinterpret_cast<const uint8_t*>(rest.data()), rest.size());
  const rc::MatchOutcome outcome =
      rc::fuzz::fixture_router().match_request(rc::IncomingRequest{kMethods[data[0] % 4], path, query, body});
  if (outcome.matched && outcome.error.is_null() && !outcome.arguments.is_object()) __builtin_trap();
  (void)rc::to_json_text(outcome.error);
  return 0;
}
