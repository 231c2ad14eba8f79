#pragma once
// The `keys` options of createCompanion, their defaults and their checks.
#include <cstdint>
#include <string>
#include <string_view>

#include "text/enum_table.hpp"

namespace rc::keys {

// How keys are handed out (its table: keys/key_modes.def); the names are the
// `keys.mode` option's values.
enum class KeyMode : std::uint8_t {
#define RC_ENUM_ROW(id, name, message) id,
#include "keys/key_modes.def"
};
inline constexpr std::string_view kKeyModeNames[] = {
#define RC_ENUM_ROW(id, name, message) name,
#include "keys/key_modes.def"
};
#define RC_ENUM_ROW(id, name, message) static_assert(spells(#id, name), "KeyMode: " #id);
#include "keys/key_modes.def"

constexpr std::string_view to_string(KeyMode m) noexcept { return column_of(kKeyModeNames, m, "per-session"); }

struct KeyOptions {
  KeyMode mode = KeyMode::per_session;
  double minValidityMs = 5000;       // never hand out a key that expires sooner (WebRTC handshake time)
  double defaultLifetimeMs = 60000;  // assumed when the response has no expires_at (at most 2 h, as OpenAI's keys)
  double fetchTimeoutMs = 8000;      // one attempt; then key_endpoint_timeout (retried)
  int maxAttempts = 4;               // per fetch job, the first try included
  double retryBudgetMs = 15000;      // no retry starts later than this after the job's first try
  double backoffBaseMs = 250;        // retry n waits random [0, min(backoffMaxMs, base * 2^(n-1))) (full jitter)
  double backoffMaxMs = 4000;
  double idleTimeoutMs = 600000;     // pre-fetching stops this long after the last use (or page shown)
  bool prefetch = true;              // pre-fetch the next key (per-session) / refresh ahead (reuse)
  bool prefetchOnCreate = true;      // warm up at creation (creation counts as a use)
  int poolSize = 1;                  // per-session: keys kept ready (1..4)
  double maxRefreshLeadMs = 300000;  // the refresh lead is lifetime/5, clamped to [2 s, this]
  int maxConcurrentFetches = 4;      // key requests (in flight or waiting to retry) at once; more callers queue
  double queueTimeoutMs = 30000;     // a caller waits at most this for its key, then key_queue_timeout
};

struct OptionsResult {
  bool ok = false;
  KeyOptions options;
  std::string error;  // e.g. "keys.mode must be \"per-session\" or \"reuse\""
};

// Reads the `keys` object, as JSON text ("" or null: every default; null or
// absent members keep their defaults). Unknown members are errors: a typo must
// not silently keep a default.
OptionsResult parse_options_text(std::string_view jsonText);

}  // namespace rc::keys
