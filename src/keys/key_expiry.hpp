#pragma once
// When a fetched key expires on the local clock. The endpoint's expires_at is
// on the server's clock; its Date header says how far that clock is from ours,
// but is believed only within kMaxClockSkewMs of ours and only while the life
// it gives the key is one OpenAI can issue (a header of 1970 would otherwise
// make a one-minute key last 56 years). Otherwise the client clock is used.
#include <optional>
#include <string>
#include <string_view>

namespace rc::keys {

struct KeyExpiry {
  double expiresAtMs = 0;             // local clock
  std::optional<double> clockSkewMs;  // server - local, when the Date header was believed
  std::string dateDistrusted;         // why the Date header was ignored; empty when it was not
  bool tooFarAhead = false;           // expires_at is further away than any key OpenAI issues
};

// `expiresAtSec`: the response's expires_at (absent: `defaultLifetimeMs` from
// when the request left). `sentAtMs`, `nowMs`: when the request left and when
// its answer came, on the local clock.
KeyExpiry key_expiry(std::optional<double> expiresAtSec, std::string_view dateHeader, double sentAtMs, double nowMs,
                     double defaultLifetimeMs);

}  // namespace rc::keys
