// A request arriving at a backend (createToolMiddleware): any method, raw
// request target (malformed ones included: "//[/x", "http://a:99999/",
// "%2e%2e", "%C0%AE", ";", "\\") and body must be routed and judged without a
// crash, and whatever is matched must be free of dot segments however the
// path is decoded.
#include "fuzz_support.hpp"

#include "router/request_matcher.hpp"
#include "url/percent_encoding.hpp"

namespace {

// An independent reading: the whole path decoded once (as a handler that
// calls decodeURIComponent on it would), split at '/' and '\'.
bool climbs(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  std::string decoded;
  if (!rc::url::percent_decode(path, false, decoded)) return false;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = decoded.find_first_of("/\\", start);
    const std::string piece = decoded.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (piece == "." || piece == "..") return true;
    if (end == std::string::npos) return false;
    start = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const char* kMethods[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "get"};
  const auto [target, body] = rc::fuzz::split(data + 1, size - 1);
  const char* method = kMethods[data[0] % 8];
  const rc::Router& router = rc::fuzz::fixture_router();
  const rc::MatchOutcome routed = rc::route_request(router, method, target);
  const rc::MatchOutcome outcome = rc::match_request(router, rc::IncomingRequest{method, target, body});
  // Routing alone must agree with routing plus validation on where the request goes.
  if (routed.verdict == rc::RequestVerdict::matched) {
    if (outcome.verdict != rc::RequestVerdict::matched && outcome.verdict != rc::RequestVerdict::bad_target) __builtin_trap();
    if (outcome.verdict == rc::RequestVerdict::matched && outcome.tool != routed.tool) __builtin_trap();
  } else if (outcome.verdict != routed.verdict) {
    __builtin_trap();
  }
  if (outcome.verdict == rc::RequestVerdict::matched) {
    if (outcome.error.is_null() && !outcome.arguments.is_object()) __builtin_trap();
    if (climbs(target)) __builtin_trap();
  }
  if (outcome.verdict == rc::RequestVerdict::method_not_allowed && outcome.allow.empty()) __builtin_trap();
  (void)rc::to_json_text(outcome.error);
  return 0;
}
