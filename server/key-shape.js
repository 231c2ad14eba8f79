/**
 * What the key server may hand a browser, whatever OpenAI (or whatever answers at `baseURL`)
 * returned. The browser refuses these same values (src/keys/key_response.cpp); the server refuses
 * them first, so a master key echoed back, an expired key or a value carrying CRLF or HTML never
 * leaves it: the answer is a 502 and an audit record that names the rule, never the value.
 * @module
 */

/**
 * OpenAI's ephemeral keys: `ek_` and 32 hex digits. The same bounds as the browser's one rule
 * (src/keys/key_shape.hpp: `ek_` and 1 to 253 of these characters), so the server never hands out a
 * key that the page would refuse.
 */
export const EPHEMERAL_KEY = /^ek_[A-Za-z0-9_-]{1,253}$/;

/** The longest lifetime OpenAI issues (`expires_after.seconds` at most 7200). */
export const MAX_KEY_LIFETIME_SECONDS = 7200;

/** How far apart two clocks may be before an expiry counts as absurd: the page's allowance, 2 hours. */
export const MAX_CLOCK_SKEW_SECONDS = 7200;

/**
 * The expiry horizon: an `expires_at` further ahead is garbage (milliseconds, the year 2100), not a
 * key. The browser's copy is `kMaxExpiryAheadMs` (src/keys/openai_limits.hpp), which also judges
 * keys on a page's clock, hours off at times; one horizon on both sides means a key is judged alike
 * by both (tests/keys/key-rules-agree.test.mjs holds them to the same edge). Nearer than the
 * horizon, the browser still counts no key's life above 2 hours.
 */
export const MAX_EXPIRY_AHEAD_SECONDS = MAX_KEY_LIFETIME_SECONDS + MAX_CLOCK_SKEW_SECONDS;

// Standard API keys (sk-, sk-proj-, sk-svcacct-, sk-admin-, sk-None-), look-alike secret keys
// (sk_) and session tokens (sess-), anywhere in the value and in any case.
const API_KEY_SHAPE = /sk[-_]|sess-/i;

/**
 * Why `value` / `expiresAt` must not be handed out, or null when they may.
 * @param {unknown} value
 * @param {unknown} expiresAt Unix seconds.
 * @param {{ nowMs: number, masterKey?: string }} context
 * @returns {string | null} A sentence for the audit record; it quotes no part of the value.
 */
export function keyProblem(value, expiresAt, { nowMs, masterKey }) {
  if (typeof value !== 'string' || value.length === 0) return 'the answer has no key value';
  if ((masterKey && value.includes(masterKey)) || API_KEY_SHAPE.test(value)) return 'the value is shaped like an API key, not an ephemeral key';
  if (!EPHEMERAL_KEY.test(value)) return 'the value is not shaped like an ephemeral key (ek_ and letters, digits, - or _)';
  if (!Number.isSafeInteger(expiresAt)) return 'expires_at is not a whole number of Unix seconds';
  const nowSeconds = nowMs / 1000;
  if (expiresAt <= nowSeconds) return 'expires_at is in the past: the key has expired';
  if (expiresAt > nowSeconds + MAX_EXPIRY_AHEAD_SECONDS) {
    return `expires_at is more than ${MAX_EXPIRY_AHEAD_SECONDS / 3600} hours ahead: no key OpenAI issues lives that long, even on a clock ${MAX_CLOCK_SKEW_SECONDS / 3600} hours off`;
  }
  return null;
}
