import { takeToken, msUntilFull } from './token-bucket.js';

/**
 * The default rate-limit store: one token bucket per client id, in this process's memory.
 * Right for a single server process; several processes each keep their own buckets, so use
 * {@link createRedisRateLimitStore} when the site runs more than one.
 *
 * Memory stays bounded without timers: when the map grows past `sweepAbove` entries, buckets that
 * have refilled completely (and so carry no information) are dropped.
 * @param {{ sweepAbove?: number }} [options]
 * @returns {import('./index.js').RateLimitStore}
 */
export function createMemoryRateLimitStore({ sweepAbove = 10000 } = {}) {
  /** @type {Map<string, import('./token-bucket.js').BucketState>} */
  const buckets = new Map();

  function sweep(limit, now) {
    for (const [id, state] of buckets) {
      if (now - state.ts >= msUntilFull(state, limit)) buckets.delete(id);
    }
  }

  return {
    async take(clientId, limit, now) {
      if (buckets.size > sweepAbove) sweep(limit, now);
      const { state, result } = takeToken(buckets.get(clientId), limit, now);
      buckets.set(clientId, state);
      return result;
    },
    get size() {
      return buckets.size;
    },
  };
}
