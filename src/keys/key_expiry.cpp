#include "keys/key_expiry.hpp"

#include <algorithm>
#include <cmath>

#include "keys/http_date.hpp"
#include "keys/openai_limits.hpp"

namespace rc::keys {
namespace {

// The Date header has one-second resolution: the server's clock read at most
// this much more than it says when it answered.
constexpr double kDateResolutionMs = 1000;

}  // namespace

KeyExpiry key_expiry(std::optional<double> expiresAtSec, std::string_view dateHeader, double sentAt, double now,
                     double defaultLifetimeMs) {
  KeyExpiry out;
  std::optional<double> serverDate;
  double skew = 0;
  if (const auto parsed = parse_http_date(dateHeader)) {
    // Date is the server's clock at some point in [sentAt, now], to the second.
    skew = static_cast<double>(*parsed) + kDateResolutionMs / 2 - (sentAt + now) / 2;
    if (std::abs(skew) <= kMaxClockSkewMs) serverDate = static_cast<double>(*parsed);
    else out.dateDistrusted = "the Date header was ignored: it is more than 2 hours from this clock";
  }
  if (expiresAtSec) {
    const double e = *expiresAtSec * 1000;
    // With a Date header the lifetime is measured on the server's clock and
    // counted from when the request left (the server answered after that), so
    // the client clock's offset cancels out. Without one the client clock is
    // all there is.
    if (serverDate && e - (*serverDate + kDateResolutionMs) > kMaxKeyLifetimeMs) {
      serverDate.reset();
      out.dateDistrusted = "the Date header was ignored: by it the key would live more than 2 hours";
    }
    out.expiresAtMs = serverDate ? sentAt + (e - (*serverDate + kDateResolutionMs)) : e;
    if (out.expiresAtMs - sentAt > kMaxExpiryAheadMs) {
      out.tooFarAhead = true;
      return out;
    }
    // Within a plausible skew of a two-hour key: it cannot live longer than that.
    out.expiresAtMs = std::min(out.expiresAtMs, sentAt + kMaxKeyLifetimeMs);
  } else {
    out.expiresAtMs = sentAt + defaultLifetimeMs;
  }
  if (serverDate) out.clockSkewMs = skew;
  return out;
}

}  // namespace rc::keys
