/**
 * The token-bucket arithmetic, shared by the in-memory store and mirrored by the Redis Lua script
 * (`redis-store.js`), so both stores make the same decision for the same sequence of requests.
 *
 * A bucket holds at most `burst` tokens and refills at `perMinute` tokens per minute. Each key
 * minted takes one token. Time is passed in (milliseconds), never read here.
 * @module
 */

/**
 * @typedef {object} BucketState
 * @property {number} tokens Tokens left (may be fractional).
 * @property {number} ts Time of the last update, in ms.
 */

/**
 * @typedef {object} TakeResult
 * @property {boolean} allowed Whether a token was taken.
 * @property {number} retryAfterMs When refused, how long until one token is available (ms, >= 1).
 * @property {number} remaining Whole tokens left after this decision.
 */

/**
 * Takes one token from `state` (or a full bucket when `state` is undefined).
 * A clock that goes backwards (another instance's skew) never adds tokens.
 * @param {BucketState | undefined} state
 * @param {{ perMinute: number, burst: number }} limit
 * @param {number} now Milliseconds.
 * @returns {{ state: BucketState, result: TakeResult }}
 */
export function takeToken(state, limit, now) {
  const rate = limit.perMinute / 60000;
  let tokens = state ? state.tokens : limit.burst;
  let ts = state ? state.ts : now;
  if (now > ts) {
    tokens = Math.min(limit.burst, tokens + (now - ts) * rate);
    ts = now;
  }
  let allowed = false;
  let retryAfterMs = 0;
  if (tokens >= 1) {
    tokens -= 1;
    allowed = true;
  } else {
    retryAfterMs = Math.max(1, Math.ceil((1 - tokens) / rate));
  }
  return { state: { tokens, ts }, result: { allowed, retryAfterMs, remaining: Math.floor(tokens) } };
}

/**
 * How long until a bucket in `state` is full again (ms): an idle entry older than that can be forgotten.
 * @param {BucketState} state
 * @param {{ perMinute: number, burst: number }} limit
 */
export function msUntilFull(state, limit) {
  return Math.ceil((limit.burst - state.tokens) / (limit.perMinute / 60000));
}
