import { refuseUnknownOptions } from '../common/option-names.js';
import { takeToken, chargeTokens, checkCost, msUntilFull } from './token-bucket.js';

/**
 * The default rate-limit store: one token bucket per client id, in this process's memory.
 * Right for a single server process; several processes each keep their own buckets, so use
 * {@link createRedisRateLimitStore} when the site runs more than one.
 *
 * Each decision costs O(1), amortised, however many clients there are. Buckets are kept in order
 * of last use, so the idle ones sit at the front: every decision drops those idle long enough to
 * have refilled whatever they held or owed (they carry no information), and, past `maxBuckets`,
 * the least recently used (its client starts again with a full bucket, as a new client would, and
 * a debt is forgiven). Each bucket is dropped at most once, and the scan stops at the first one
 * not yet full. Each bucket keeps the time it will be full under its own limit, so buckets of
 * different limits (a budget's, the key rate limit's) can share one store.
 * @param {{ maxBuckets?: number }} [options] Default 100,000 (about 10 MB).
 * @returns {import('./index.js').BudgetStore & { readonly size: number }}
 */
export function createMemoryRateLimitStore(options = {}) {
  refuseUnknownOptions(options, ['maxBuckets'], 'createMemoryRateLimitStore');
  const { maxBuckets = 100_000 } = options ?? {};
  if (!Number.isInteger(maxBuckets) || maxBuckets < 1) throw new RangeError('createMemoryRateLimitStore: `maxBuckets` must be an integer >= 1');
  /** @type {Map<string, { state: import('./token-bucket.js').BucketState, fullAt: number }>} */
  const buckets = new Map();

  function forget(now) {
    for (const [id, entry] of buckets) {
      if (buckets.size <= maxBuckets && now < entry.fullAt) break;
      buckets.delete(id);
    }
  }

  const decide = (spend, charge) => async (clientId, limit, now, cost = 1) => {
    checkCost(cost, limit, charge);
    const previous = buckets.get(clientId);
    if (previous !== undefined) buckets.delete(clientId); // re-inserted last: most recently used
    const { state, result } = spend(previous?.state, limit, now, cost);
    buckets.set(clientId, { state, fullAt: state.ts + msUntilFull(state, limit) });
    forget(now);
    return result;
  };

  return {
    take: decide(takeToken, false),
    charge: decide(chargeTokens, true),
    get size() {
      return buckets.size;
    },
  };
}
