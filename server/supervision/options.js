/**
 * `supervise` (createRealtimeCallHandler): how the server holds the calls it starts. Validated at
 * creation like every other option; messages name the option, never a value.
 * @module
 */
import { refuseUnknownOptions } from '../../common/option-names.js';
import { createMemoryRateLimitStore } from '../memory-store.js';

export const SUPERVISE_DEFAULTS = Object.freeze({
  /** Put a changed session back (`restore`) or end the call (`hangup`). */
  onTamper: 'restore',
  /** The sideband could not be opened, or dropped: end the call (`hangup`, fail closed) or let it go on unsupervised (`continue`). */
  onSidebandFailure: 'hangup',
  /** The longest a call may run (OpenAI's own limit is 60 minutes); 0 for OpenAI's. */
  maxCallSeconds: 1800,
  /** Hang up after this long without the person speaking or the model responding; 0 for never. */
  idleSeconds: 300,
  /** Hang up once the call's responses have used more tokens than this; 0 for no limit. */
  maxTokens: 0,
  /** How long the sideband's opening handshake may take. */
  connectTimeoutMs: 5000,
  /** A per-client budget across calls (budget.js, {@link resolveBudgetOptions}); null for none. */
  budget: null,
});

const ENUMS = { onTamper: ['restore', 'hangup'], onSidebandFailure: ['hangup', 'continue'] };
const LIMITS = { maxCallSeconds: 3600, idleSeconds: 3600, maxTokens: 1e9, connectTimeoutMs: 60000 };

/**
 * @param {unknown} supervise `true` / undefined (the defaults), `false` (no supervision) or an object
 * @param {string} name the factory, for messages
 * @returns {null | Readonly<typeof SUPERVISE_DEFAULTS>}
 */
export function resolveSuperviseOptions(supervise, name) {
  if (supervise === false) return null;
  if (supervise === undefined || supervise === true) return SUPERVISE_DEFAULTS;
  if (supervise === null || typeof supervise !== 'object' || Array.isArray(supervise)) {
    throw new TypeError(`${name}: \`supervise\` must be true, false or an object`);
  }
  refuseUnknownOptions(supervise, Object.keys(SUPERVISE_DEFAULTS), `${name}: \`supervise\``);
  const resolved = { ...SUPERVISE_DEFAULTS, ...supervise };
  for (const [key, values] of Object.entries(ENUMS)) {
    if (!values.includes(resolved[key])) throw new TypeError(`${name}: \`supervise.${key}\` must be ${values.map((v) => `'${v}'`).join(' or ')}`);
  }
  for (const [key, max] of Object.entries(LIMITS)) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
      throw new RangeError(`${name}: \`supervise.${key}\` must be a number from 0 to ${max}`);
    }
  }
  if (resolved.connectTimeoutMs < 100) throw new RangeError(`${name}: \`supervise.connectTimeoutMs\` must be at least 100`);
  resolved.budget = resolveBudgetOptions(resolved.budget, name);
  return Object.freeze(resolved);
}

/** Each number of `supervise.budget`: its range, and its default (undefined: none). */
const BUDGET_NUMBERS = {
  /** Tokens per period per client, as summed from each response's `usage.total_tokens`. */
  tokens: { min: 1, max: 1e12 },
  /** Seconds of call time per period per client. */
  seconds: { min: 1, max: 1e9 },
  /** The period: a bucket of `tokens` (or `seconds`) that refills evenly over it; 1 s to 366 days. */
  periodSeconds: { min: 1, max: 366 * 86400 },
  /** The deadline on each decision of the store; past it the decision fails closed. */
  timeoutMs: { min: 10, max: 60000, default: 5000 },
};
const BUDGET_KEYS = [...Object.keys(BUDGET_NUMBERS), 'store'];

/**
 * `supervise.budget`: undefined, null or false for none, else `{ tokens?, seconds?, periodSeconds,
 * store?, timeoutMs? }` with at least one of `tokens` and `seconds`. The store defaults to a new
 * in-memory one; a given store must have `take` and `charge` (both built-in stores do). Resolving
 * a resolved budget gives the same budget (the store is kept).
 * @param {unknown} budget
 * @param {string} name the factory, for messages
 * @returns {null | Readonly<{ tokens?: number, seconds?: number, periodSeconds: number, timeoutMs: number, store: import('../index.js').BudgetStore }>}
 */
export function resolveBudgetOptions(budget, name) {
  if (budget === undefined || budget === null || budget === false) return null;
  if (typeof budget !== 'object' || Array.isArray(budget)) throw new TypeError(`${name}: \`supervise.budget\` must be an object or false`);
  refuseUnknownOptions(budget, BUDGET_KEYS, `${name}: \`supervise.budget\``);
  const resolved = {};
  for (const [key, { min, max, default: fallback }] of Object.entries(BUDGET_NUMBERS)) {
    const value = budget[key] ?? fallback;
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= min && value <= max)) {
      throw new RangeError(`${name}: \`supervise.budget.${key}\` must be a number from ${min} to ${max}`);
    }
    resolved[key] = value;
  }
  if (resolved.tokens === undefined && resolved.seconds === undefined) {
    throw new TypeError(`${name}: \`supervise.budget\` needs \`tokens\` or \`seconds\` (or both)`);
  }
  if (resolved.periodSeconds === undefined) throw new TypeError(`${name}: \`supervise.budget.periodSeconds\` is required`);
  const store = budget.store ?? createMemoryRateLimitStore();
  if (store === null || typeof store !== 'object' || typeof store.take !== 'function' || typeof store.charge !== 'function') {
    throw new TypeError(`${name}: \`supervise.budget.store\` must be a rate-limit store with take and charge (createMemoryRateLimitStore, createRedisRateLimitStore)`);
  }
  resolved.store = store;
  return Object.freeze(resolved);
}
