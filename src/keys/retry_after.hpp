#pragma once
// The Retry-After header of a 429 or 503 (RFC 9110 10.2.3): how long the key
// endpoint asks the page to wait.
#include <optional>
#include <string_view>

namespace rc::keys {

// delay-seconds ("120") or an IMF-fixdate, read against `serverNowMs` (the
// response's Date, or the local clock without one) -> milliseconds to wait,
// cut to kMaxRetryAfterMs (keys/openai_limits.hpp); a date in the past is 0.
// Absent, garbage, negative or fractional -> nullopt (the usual backoff).
std::optional<double> parse_retry_after(std::string_view text, double serverNowMs) noexcept;

}  // namespace rc::keys
