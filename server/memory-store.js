import { takeToken, msUntilFull } from './token-bucket.js';

/**
 * The default rate-limit store: one token bucket per client id, in this process's memory.
 * Right for a single server process; several processes each keep their own buckets, so use
 * {@link createRedisRateLimitStore} when the site runs more than one.
 *
 * Each decision costs O(1), amortised, however many clients there are. Buckets are kept in order
 * of last use, so the idle ones sit at the front: every take drops those idle long enough to have
 * refilled whatever they held (they carry no information), and, past `maxBuckets`, the least
 * recently used (its client starts again with a full bucket, as a new client would). Each bucket is
 * dropped at most once, and the scan stops at the first one still needed.
 * @param {{ maxBuckets?: number }} [options] Default 100,000 (about 10 MB).
 * @returns {import('./index.js').RateLimitStore & { readonly size: number }}
 */
export function createMemoryRateLimitStore({ maxBuckets = 100_000 } = {}) {
  if (!Number.isInteger(maxBuckets) || maxBuckets < 1) throw new RangeError('createMemoryRateLimitStore: `maxBuckets` must be an integer >= 1');
  /** @type {Map<string, import('./token-bucket.js').BucketState>} */
  const buckets = new Map();

  function forget(limit, now) {
    const refilledAfter = msUntilFull({ tokens: 0, ts: now }, limit);
    for (const [id, state] of buckets) {
      if (buckets.size <= maxBuckets && now - state.ts < refilledAfter) break;
      buckets.delete(id);
    }
  }

  return {
    async take(clientId, limit, now) {
      const previous = buckets.get(clientId);
      if (previous !== undefined) buckets.delete(clientId); // re-inserted last: most recently used
      const { state, result } = takeToken(previous, limit, now);
      buckets.set(clientId, state);
      forget(limit, now);
      return result;
    },
    get size() {
      return buckets.size;
    },
  };
}
