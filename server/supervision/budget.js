/**
 * A per-client budget across calls (`supervise.budget`): tokens and/or seconds of call time per
 * period, kept in a rate-limit store (in memory, or Redis shared by every instance) so that a
 * client's calls on every instance draw on one budget.
 *
 * Each budget is a token bucket per client (token-bucket.js): it holds the whole budget and
 * refills evenly over `periodSeconds`, so a client may spend the budget at once and then what
 * refills (at most twice the budget in any one period). Calls are admitted while a whole token (or
 * second) is left, asking without spending; what a call spent is then charged as it is reported,
 * always, even past zero: the tokens were already spent at OpenAI, so the client owes them, and
 * the debt is refilled before the next call is admitted.
 *
 * Every decision has a deadline (`timeoutMs`); a store that fails, times out or answers nonsense
 * fails closed (admit says no, charge says exhausted) and says so (`reason: 'store_failed'`).
 * @module
 */
import { settleWithin } from '../deadline.js';
import { RedisError } from '../resp-client.js';
import { MAX_COST } from '../token-bucket.js';
import { resolveBudgetOptions } from './options.js';

/** What a store failure is recorded as: the built-in Redis store's detail, never another store's error. */
const storeFailure = (err) => (err instanceof RedisError ? err.detail : 'the budget store failed');

/** How long a caller refused by a failed store should wait before trying again. */
const STORE_RETRY_MS = 1000;

/**
 * The client's part of a budget key. `null`/`undefined` (no client id) is one bucket shared by
 * every such caller: the empty id, which admission never produces (`authorize` returning '' is a
 * refusal; addresses are `ip:…`).
 */
const clientPart = (clientId) => (typeof clientId === 'string' || typeof clientId === 'number' ? String(clientId) : '');

/**
 * An amount to charge: a number >= 0 (at most MAX_COST; Infinity counts as MAX_COST). Anything
 * else (NaN, negative, not a number) counts as 0, as usage.js counts a broken usage figure.
 */
const amount = (value) => (typeof value === 'number' && value >= 0 ? Math.min(value, MAX_COST) : 0);

/**
 * @typedef {{ ok: true }
 *   | { ok: false, reason: 'budget_exhausted', budget: 'tokens' | 'seconds', retryAfterMs: number }
 *   | { ok: false, reason: 'store_failed', detail: string, retryAfterMs: number }} Admission
 * @typedef {{ exhausted: false }
 *   | { exhausted: true, reason: 'budget_exhausted', budget: 'tokens' | 'seconds', retryAfterMs: number }
 *   | { exhausted: true, reason: 'store_failed', detail: string, retryAfterMs: number }} Charge
 */

/**
 * @param {unknown} options `supervise.budget`, raw or resolved (resolveBudgetOptions)
 * @param {string} [name] the factory, for messages
 * @returns {null | { admit(clientId: string | null, now: number): Promise<Admission>, charge(clientId: string | null, spent: { tokens?: number, seconds?: number }, now: number): Promise<Charge> }}
 *   null when there is no budget. Neither method ever rejects.
 */
export function createCallBudget(options, name = 'createCallBudget') {
  const o = resolveBudgetOptions(options, name);
  if (!o) return null;
  // perMinute from the period, so that the bucket refills the whole budget in one period.
  const budgets = ['tokens', 'seconds']
    .filter((b) => o[b] !== undefined)
    .map((b) => ({ name: b, limit: Object.freeze({ perMinute: (o[b] * 60) / o.periodSeconds, burst: o[b] }) }));

  /** One store decision for every budget, in parallel: the refusals, or why the store failed. */
  async function decide(method, clientId, now, costs) {
    if (typeof now !== 'number' || !Number.isFinite(now)) return { failed: '`now` is not a finite number of ms' };
    const id = clientPart(clientId);
    const answers = await Promise.all(budgets.map((b, i) => settleWithin(
      () => o.store[method](`budget:${b.name}:${id}`, b.limit, now, costs[i]),
      o.timeoutMs,
    )));
    const refused = [];
    for (const [i, a] of answers.entries()) {
      if (a.status === 'timeout') return { failed: `the budget store did not answer within ${o.timeoutMs} ms` };
      if (a.status === 'rejected') return { failed: storeFailure(a.reason) };
      if (typeof a.value?.allowed !== 'boolean') return { failed: 'the budget store answered no decision' };
      if (!a.value.allowed) {
        const wait = Number(a.value.retryAfterMs);
        refused.push({ budget: budgets[i].name, retryAfterMs: Number.isFinite(wait) && wait >= 1 ? wait : STORE_RETRY_MS });
      }
    }
    if (refused.length === 0) return { refused: null };
    // The first budget refused names it; the caller waits for the last one to come back.
    return { refused: { budget: refused[0].budget, retryAfterMs: Math.max(...refused.map((r) => r.retryAfterMs)) } };
  }

  return Object.freeze({
    /**
     * Whether a call may start for `clientId` now: every budget has a whole token (second) left.
     * Spends nothing, and reserves nothing: calls admitted together each draw on what is left.
     * @returns {Promise<Admission>}
     */
    async admit(clientId, now) {
      const d = await decide('take', clientId, now, budgets.map(() => 0));
      if (d.failed) return { ok: false, reason: 'store_failed', detail: d.failed, retryAfterMs: STORE_RETRY_MS };
      if (d.refused) return { ok: false, reason: 'budget_exhausted', ...d.refused };
      return { ok: true };
    },
    /**
     * Charges what a call spent since its last charge (`tokens`, `seconds`; a budget given no
     * amount is charged 0, which still asks whether it is exhausted, by this call or another).
     * `exhausted`: a budget has less than one whole token (second) left, or the store failed.
     * @returns {Promise<Charge>}
     */
    async charge(clientId, spent, now) {
      const d = await decide('charge', clientId, now, budgets.map((b) => amount(spent?.[b.name])));
      if (d.failed) return { exhausted: true, reason: 'store_failed', detail: d.failed, retryAfterMs: STORE_RETRY_MS };
      if (d.refused) return { exhausted: true, reason: 'budget_exhausted', ...d.refused };
      return { exhausted: false };
    },
  });
}
