#pragma once
// What OpenAI can issue, and so the most the core will believe. A key endpoint
// or a Date header that implies more is wrong (a bug, a stale cache, a clock
// set to 1970), and the core must not let it stretch a key's life or a timer.
namespace rc::keys {

// client_secrets takes expires_after.seconds from 10 to 7200: no ephemeral key
// lives longer than two hours.
inline constexpr double kMaxKeyLifetimeMs = 2 * 3600 * 1000.0;

// A Date header further than this from the local clock is not believed (the
// client clock is used instead). Past it, one of the clocks is plainly wrong,
// and a key's life could not be judged on either within its two hours anyway.
inline constexpr double kMaxClockSkewMs = 2 * 3600 * 1000.0;

// An expires_at further away than a key's longest life plus the largest skew
// believed is garbage (the year 2100, milliseconds), not a clock difference.
// Nearer than that it is believed, and a key's life still counts as at most
// kMaxKeyLifetimeMs: the horizon rejects garbage, the cap bounds every timer.
// The skew is the browser's (a page's clock may be an hour or two off), and the
// key server uses the same horizon, so that both judge one key alike: its
// JavaScript copy is MAX_EXPIRY_AHEAD_SECONDS in server/key-shape.js, and
// tests/keys/key-rules-agree.test.mjs holds the two to the same edge.
inline constexpr double kMaxExpiryAheadMs = kMaxKeyLifetimeMs + kMaxClockSkewMs;

// Retry-After is honoured up to this (a longer one is cut to it).
inline constexpr double kMaxRetryAfterMs = 60 * 1000.0;

}  // namespace rc::keys
