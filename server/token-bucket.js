/**
 * The token-bucket arithmetic, shared by the in-memory store and mirrored by the Redis Lua script
 * (`redis-store.js`), so both stores make the same decision for the same sequence of requests.
 *
 * A bucket holds at most `burst` tokens and refills at `perMinute` tokens per minute. Time is
 * passed in (milliseconds), never read here. Two ways to spend:
 * - {@link takeToken} asks first: it spends `cost` only when the bucket holds it (a key minted
 *   costs 1; a cost of 0 asks whether one token is left and spends nothing);
 * - {@link chargeTokens} spends what was already spent elsewhere (a call's tokens at OpenAI): it
 *   always applies, and may leave the bucket below zero, in debt, which refills like any deficit.
 * @module
 */

/** The most one decision may spend, and the deepest a bucket may owe: far above any real budget, and within Redis' integers. */
export const MAX_COST = 1e12;
/** The longest wait a decision reports (about 317 years), so that Redis can hold it as an integer. */
export const MAX_WAIT_MS = 1e13;

/**
 * @typedef {object} BucketState
 * @property {number} tokens Tokens left (may be fractional; below zero after a charge: debt).
 * @property {number} ts Time of the last update, in ms.
 */

/**
 * @typedef {object} TakeResult
 * @property {boolean} allowed Take: whether `cost` was spent. Charge: whether at least one token is left after it.
 * @property {number} retryAfterMs When not allowed, how long until the bucket holds what was asked (ms, >= 1).
 * @property {number} remaining Whole tokens left after this decision (negative in debt).
 */

/**
 * Checks a cost before a store spends it: hostile input fails closed (the store rejects).
 * @param {unknown} cost
 * @param {{ burst: number }} limit
 * @param {boolean} charge a take may not ask for more than the bucket can ever hold
 */
export function checkCost(cost, limit, charge) {
  if (typeof cost !== 'number' || !(cost >= 0 && cost <= MAX_COST)) throw new RangeError(`the cost of a rate-limit decision must be a number from 0 to ${MAX_COST}`);
  if (!charge && cost > limit.burst) throw new RangeError('a take may not cost more than the bucket holds (burst)');
}

/** The bucket as of `now`: refilled, never above burst; a clock that goes backwards adds nothing. */
function refill(state, limit, now) {
  const rate = limit.perMinute / 60000;
  let tokens = state ? state.tokens : limit.burst;
  let ts = state ? state.ts : now;
  if (now > ts) {
    tokens = Math.min(limit.burst, tokens + (now - ts) * rate);
    ts = now;
  }
  return { tokens, ts, rate };
}

const wait = (missing, rate) => Math.min(MAX_WAIT_MS, Math.max(1, Math.ceil(missing / rate)));

/**
 * Takes `cost` tokens from `state` (or a full bucket when `state` is undefined) if it holds them,
 * and at least one: a cost of 0 spends nothing and is allowed while a whole token is left.
 * @param {BucketState | undefined} state
 * @param {{ perMinute: number, burst: number }} limit
 * @param {number} now Milliseconds.
 * @param {number} [cost] Default 1; 0 to `burst` (see {@link checkCost}).
 * @returns {{ state: BucketState, result: TakeResult }}
 */
export function takeToken(state, limit, now, cost = 1) {
  const { ts, rate, ...b } = refill(state, limit, now);
  let tokens = b.tokens;
  const need = Math.max(cost, 1);
  let allowed = false;
  let retryAfterMs = 0;
  if (tokens >= need) {
    tokens -= cost;
    allowed = true;
  } else {
    retryAfterMs = wait(need - tokens, rate);
  }
  return { state: { tokens, ts }, result: { allowed, retryAfterMs, remaining: Math.floor(tokens) } };
}

/**
 * Charges `cost` tokens already spent: always applied, down to -{@link MAX_COST} at most. `allowed`
 * says whether a whole token is left afterwards (what {@link takeToken} with cost 0 would allow);
 * if not, `retryAfterMs` is how long until one is.
 * @param {BucketState | undefined} state
 * @param {{ perMinute: number, burst: number }} limit
 * @param {number} now Milliseconds.
 * @param {number} cost 0 to {@link MAX_COST}; 0 only asks.
 * @returns {{ state: BucketState, result: TakeResult }}
 */
export function chargeTokens(state, limit, now, cost) {
  const { ts, rate, ...b } = refill(state, limit, now);
  const tokens = Math.max(b.tokens - cost, -MAX_COST);
  const allowed = tokens >= 1;
  const retryAfterMs = allowed ? 0 : wait(1 - tokens, rate);
  return { state: { tokens, ts }, result: { allowed, retryAfterMs, remaining: Math.floor(tokens) } };
}

/**
 * How long until a bucket in `state` is full again (ms): an idle entry older than that can be
 * forgotten. A bucket in debt takes longer than one that is merely empty.
 * @param {BucketState} state
 * @param {{ perMinute: number, burst: number }} limit
 */
export function msUntilFull(state, limit) {
  return Math.ceil((limit.burst - state.tokens) / (limit.perMinute / 60000));
}
