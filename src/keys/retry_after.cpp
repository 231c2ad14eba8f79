#include "keys/retry_after.hpp"

#include <algorithm>

#include "keys/http_date.hpp"
#include "keys/openai_limits.hpp"

namespace rc::keys {

std::optional<double> parse_retry_after(std::string_view s, double serverNowMs) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  if (s.front() >= '0' && s.front() <= '9') {
    double seconds = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      // Past the cap the digits no longer matter (and cannot overflow).
      seconds = std::min(seconds * 10 + (c - '0'), kMaxRetryAfterMs);
    }
    return std::min(seconds * 1000, kMaxRetryAfterMs);
  }
  const auto at = parse_http_date(s);
  if (!at) return std::nullopt;
  return std::clamp(static_cast<double>(*at) - serverNowMs, 0.0, kMaxRetryAfterMs);
}

}  // namespace rc::keys
