// The per-client budget across calls (supervision/budget.js, `supervise.budget`): its options,
// admit and charge on each store (memory, a fake Redis, a real redis-server shared by two
// instances), debt and refill on a passed-in clock, hostile numbers, and a store that fails.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCallBudget } from '../../server/supervision/budget.js';
import { resolveSuperviseOptions, SUPERVISE_DEFAULTS } from '../../server/supervision/options.js';
import { createMemoryRateLimitStore, createRedisRateLimitStore } from '../../server/index.js';
import { MAX_COST } from '../../server/token-bucket.js';
import { startFakeRedis } from '../support/fake-redis.mjs';
import { describeWithRealRedis } from '../support/server-helpers.mjs';

const DAY = 86400;
const HOUR_MS = 3_600_000;
const NAME = 'createRealtimeCallHandler';
/** 24,000 tokens a day: 1,000 an hour come back. */
const TOKENS = { tokens: 24_000, periodSeconds: DAY };

/** A store that records each decision's key and cost before passing it on. */
function spied(store = createMemoryRateLimitStore()) {
  const calls = [];
  const spy = (method) => (key, limit, now, cost) => {
    calls.push({ method, key, cost });
    return store[method](key, limit, now, cost);
  };
  return { take: spy('take'), charge: spy('charge'), calls };
}

describe('supervise.budget options', () => {
  it('no budget by default, and the other supervise options are as they were', () => {
    assert.equal(SUPERVISE_DEFAULTS.budget, null);
    assert.equal(resolveSuperviseOptions(undefined, NAME).budget, null);
    assert.equal(resolveSuperviseOptions({ maxTokens: 5 }, NAME).maxTokens, 5);
    for (const none of [undefined, null, false]) assert.equal(createCallBudget(none), null);
  });

  it('a budget resolves with its defaults (a memory store of its own, timeoutMs 5000)', () => {
    const { budget } = resolveSuperviseOptions({ budget: { seconds: 600, periodSeconds: DAY } }, NAME);
    assert.equal(budget.seconds, 600);
    assert.equal(budget.tokens, undefined);
    assert.equal(budget.timeoutMs, 5000);
    assert.equal(typeof budget.store.charge, 'function');
    assert.ok(Object.isFrozen(budget));
    assert.notEqual(resolveSuperviseOptions({ budget: { seconds: 600, periodSeconds: DAY } }, NAME).budget.store, budget.store, 'one store per handler');
  });

  const refused = [
    ['tokens NaN', { tokens: NaN, periodSeconds: DAY }, /`supervise\.budget\.tokens` must be a number from 1 to/],
    ['tokens negative', { tokens: -5, periodSeconds: DAY }, /`supervise\.budget\.tokens`/],
    ['tokens 1e308', { tokens: 1e308, periodSeconds: DAY }, /`supervise\.budget\.tokens`/],
    ['tokens Infinity', { tokens: Infinity, periodSeconds: DAY }, /`supervise\.budget\.tokens`/],
    ['tokens as a string', { tokens: '24000', periodSeconds: DAY }, /`supervise\.budget\.tokens`/],
    ['seconds 0', { seconds: 0, periodSeconds: DAY }, /`supervise\.budget\.seconds`/],
    ['periodSeconds a year and more', { tokens: 1, periodSeconds: 400 * DAY }, /`supervise\.budget\.periodSeconds`/],
    ['periodSeconds missing', { tokens: 1 }, /`supervise\.budget\.periodSeconds` is required/],
    ['neither tokens nor seconds', { periodSeconds: DAY }, /needs `tokens` or `seconds`/],
    ['timeoutMs 0', { tokens: 1, periodSeconds: DAY, timeoutMs: 0 }, /`supervise\.budget\.timeoutMs`/],
    ['an unknown key', { tokens: 1, periodSeconds: DAY, perClient: true }, /`supervise.budget`: unknown option `perClient` \(known: tokens, seconds, periodSeconds/],
    ['a store without charge', { tokens: 1, periodSeconds: DAY, store: { take: async () => ({ allowed: true }) } }, /`supervise\.budget\.store` must be a rate-limit store with take and charge/],
    ['a store that is a string', { tokens: 1, periodSeconds: DAY, store: 'redis://x' }, /`supervise\.budget\.store`/],
    ['true', true, /`supervise\.budget` must be an object or false/],
    ['an array', [], /`supervise\.budget` must be an object or false/],
  ];
  for (const [name, budget, message] of refused) {
    it(`refuses ${name} at creation, naming the option`, () => {
      assert.throws(() => resolveSuperviseOptions({ budget }, NAME), message);
      assert.throws(() => createCallBudget(budget, NAME), message);
    });
  }

  it('a message never carries the value', () => {
    assert.throws(() => createCallBudget({ tokens: 'sk-secret-looking-value', periodSeconds: DAY }, NAME), (err) => !err.message.includes('sk-secret'));
  });
});

describe('budget in memory', () => {
  it('admits while a token is left, charges into debt, refuses until the debt is refilled', async () => {
    const budget = createCallBudget(TOKENS);
    assert.deepEqual(await budget.admit('alice', 0), { ok: true });
    assert.deepEqual(await budget.charge('alice', { tokens: 20_000 }, 0), { exhausted: false });
    assert.deepEqual(await budget.admit('alice', 0), { ok: true }, 'admitting spends nothing');
    assert.deepEqual(await budget.charge('alice', { tokens: 6_000 }, 0), { exhausted: true, reason: 'budget_exhausted', budget: 'tokens', retryAfterMs: 7_203_600 }, '-2,000: 2,001 tokens to come back at 1,000 an hour');
    assert.deepEqual(await budget.admit('alice', HOUR_MS), { ok: false, reason: 'budget_exhausted', budget: 'tokens', retryAfterMs: 3_603_600 });
    assert.deepEqual(await budget.admit('alice', 7_203_600), { ok: true });
    assert.deepEqual(await budget.admit('bob', 0), { ok: true }, 'each client has its own budget');
  });

  it('refills over the period, never above the budget', async () => {
    const budget = createCallBudget(TOKENS);
    await budget.charge('a', { tokens: 24_000 }, 0);
    assert.equal((await budget.admit('a', 0)).ok, false);
    assert.equal((await budget.admit('a', 3_600)).ok, true, 'one token back after 3.6 s');
    await budget.charge('a', { tokens: 0 }, 10 * DAY * 1000);
    assert.deepEqual(await budget.charge('a', { tokens: 24_000 }, 10 * DAY * 1000), { exhausted: true, reason: 'budget_exhausted', budget: 'tokens', retryAfterMs: 3600 }, 'ten idle days refill one budget, not ten');
  });

  it('tokens and seconds together: either one ends the call; the wait is the longer of the two', async () => {
    const budget = createCallBudget({ tokens: 24_000, seconds: 2_400, periodSeconds: DAY });
    assert.deepEqual(await budget.charge('c', { tokens: 100, seconds: 2_400 }, 0), { exhausted: true, reason: 'budget_exhausted', budget: 'seconds', retryAfterMs: 36_000 });
    assert.deepEqual(await budget.charge('c', { tokens: 24_000 }, 0), { exhausted: true, reason: 'budget_exhausted', budget: 'tokens', retryAfterMs: 363_600 }, 'the seconds are exhausted too, and tokens take longer (101 at 1,000/h)');
    assert.deepEqual(await budget.admit('c', 200_000), { ok: false, reason: 'budget_exhausted', budget: 'tokens', retryAfterMs: 163_600 }, 'seconds are back (1 s at 100/h: 36 s), tokens not yet');
    assert.deepEqual(await budget.admit('c', 363_600), { ok: true });
  });

  it('a charge without an amount still asks: another call of the same client exhausted the budget', async () => {
    const budget = createCallBudget({ tokens: 1_000, seconds: 60, periodSeconds: DAY });
    await budget.charge('d', { seconds: 61 }, 0); // call 1
    assert.equal((await budget.charge('d', { tokens: 10 }, 0)).budget, 'seconds', 'call 2 learns it at its next charge');
    assert.equal((await budget.charge('d', {}, 0)).exhausted, true);
    assert.equal((await budget.charge('d', undefined, 0)).exhausted, true);
  });

  it('an amount for a budget that is not set is ignored', async () => {
    const budget = createCallBudget({ seconds: 60, periodSeconds: DAY });
    assert.deepEqual(await budget.charge('e', { tokens: 1e9, seconds: 1 }, 0), { exhausted: false });
  });

  it('hostile amounts: NaN, negative and not-a-number count as 0; Infinity and 1e308 as the most one charge can be', async () => {
    const store = spied();
    const budget = createCallBudget({ ...TOKENS, store });
    for (const tokens of [NaN, -1, -Infinity, '5000', null, { valueOf: () => 5000 }]) {
      assert.deepEqual(await budget.charge('f', { tokens }, 0), { exhausted: false }, String(tokens));
    }
    assert.deepEqual(store.calls.map((c) => c.cost), [0, 0, 0, 0, 0, 0]);
    for (const tokens of [Infinity, 1e308]) {
      const r = await budget.charge(`g${tokens}`, { tokens }, 0);
      assert.equal(r.exhausted, true);
      assert.equal(store.calls.at(-1).cost, MAX_COST);
    }
  });

  it('keys are namespaced per budget; a client id that is null or undefined is one shared bucket no client id can name', async () => {
    const store = spied();
    const budget = createCallBudget({ tokens: 100, seconds: 100, periodSeconds: DAY, store });
    await budget.admit('user:42', 0);
    await budget.charge(42, { tokens: 1 }, 0);
    await budget.charge(null, { tokens: 100 }, 0);
    assert.deepEqual(store.calls.map((c) => c.key), [
      'budget:tokens:user:42', 'budget:seconds:user:42',
      'budget:tokens:42', 'budget:seconds:42',
      'budget:tokens:', 'budget:seconds:',
    ]);
    assert.equal((await budget.admit(undefined, 0)).ok, false, 'undefined shares null\'s bucket');
    assert.equal((await budget.admit('anonymous', 0)).ok, true);
  });

  it('shares a memory store with the key handler\'s rate limit without touching its buckets', async () => {
    const store = createMemoryRateLimitStore();
    const limit = { perMinute: 6, burst: 3 };
    const budget = createCallBudget({ tokens: 3, periodSeconds: 60, store });
    await store.take('alice', limit, 0);
    await budget.charge('alice', { tokens: 50 }, 0);
    assert.equal((await store.take('alice', limit, 0)).remaining, 1, 'the rate limit\'s bucket only saw its own takes');
  });
});

describe('budget store failures fail closed, and say so', () => {
  const failing = {
    'rejects': { take: async () => { throw new Error('ECONNRESET at 10.0.0.3 password=hunter2'); }, charge: async () => { throw new Error('boom'); } },
    'throws synchronously': { take: () => { throw new Error('x'); }, charge: () => { throw new Error('x'); } },
    'answers no decision': { take: async () => ({ ok: 1 }), charge: async () => null },
  };
  for (const [name, store] of Object.entries(failing)) {
    it(`a store that ${name}: admit says no, charge says exhausted, with the reason`, async () => {
      const budget = createCallBudget({ ...TOKENS, store });
      const a = await budget.admit('h', 0);
      assert.equal(a.ok, false);
      assert.equal(a.reason, 'store_failed');
      assert.equal(a.retryAfterMs, 1000);
      assert.match(a.detail, /^the budget store (failed|answered no decision)$/, 'a foreign error is not copied');
      const c = await budget.charge('h', { tokens: 1 }, 0);
      assert.equal(c.exhausted, true);
      assert.equal(c.reason, 'store_failed');
    });
  }

  it('a store that never answers: store_failed within timeoutMs', async () => {
    const never = { take: () => new Promise(() => {}), charge: () => new Promise(() => {}) };
    const budget = createCallBudget({ ...TOKENS, store: never, timeoutMs: 50 });
    const t0 = Date.now();
    const [a, c] = await Promise.all([budget.admit('i', 0), budget.charge('i', { tokens: 5 }, 0)]);
    assert.ok(Date.now() - t0 < 1000);
    assert.deepEqual(a, { ok: false, reason: 'store_failed', detail: 'the budget store did not answer within 50 ms', retryAfterMs: 1000 });
    assert.equal(c.exhausted, true);
  });

  it('one budget of two failing is enough to fail closed', async () => {
    const mem = createMemoryRateLimitStore();
    const half = {
      take: (key, ...rest) => (key.startsWith('budget:seconds:') ? Promise.reject(new Error('x')) : mem.take(key, ...rest)),
      charge: (key, ...rest) => (key.startsWith('budget:seconds:') ? Promise.reject(new Error('x')) : mem.charge(key, ...rest)),
    };
    const budget = createCallBudget({ tokens: 100, seconds: 100, periodSeconds: DAY, store: half });
    assert.equal((await budget.admit('j', 0)).reason, 'store_failed');
    assert.equal((await budget.charge('j', { tokens: 1 }, 0)).reason, 'store_failed');
  });

  it('a time that is not a finite number fails closed without asking the store', async () => {
    const store = spied();
    const budget = createCallBudget({ ...TOKENS, store });
    for (const now of [NaN, Infinity, '0', undefined]) {
      assert.equal((await budget.admit('k', now)).reason, 'store_failed');
      assert.equal((await budget.charge('k', { tokens: 1 }, now)).exhausted, true);
    }
    assert.deepEqual(store.calls, []);
  });
});

describe('budget on a fake Redis', { timeout: 20_000 }, () => {
  it('sends the namespaced key, the cost and the charge flag; a Redis that answers an error fails closed with its detail', async () => {
    const fake = await startFakeRedis();
    const store = createRedisRateLimitStore({ url: fake.url, timeoutMs: 300 });
    try {
      const budget = createCallBudget({ ...TOKENS, store });
      assert.deepEqual(await budget.admit('c2', 0), { ok: true }, 'the fake allows keys ending in an even number');
      assert.deepEqual(await budget.charge('c3', { tokens: 7.5 }, 0), { exhausted: true, reason: 'budget_exhausted', budget: 'tokens', retryAfterMs: 1003 });
      const [take, charge] = fake.named('EVALSHA').map((c) => c.cmd.slice(3));
      assert.equal(take[0], 'realtime-companion:rl:budget:tokens:c2');
      assert.deepEqual(take.slice(5), ['0', '0'], 'cost 0, a take');
      assert.equal(take[1], String(24_000 * 60 / DAY), 'perMinute: the budget over the period');
      assert.equal(take[2], '24000');
      assert.deepEqual(charge.slice(5), ['7.5', '1'], 'cost 7.5, a charge');
      fake.behave = (cmd) => (cmd[0] === 'EVALSHA' ? '-ERR something\r\n' : undefined);
      const failed = await budget.admit('c2', 0);
      assert.equal(failed.reason, 'store_failed');
      assert.notEqual(failed.detail, 'the budget store failed', 'the built-in store\'s detail is kept');
      fake.behave = () => null; // silence
      const silent = await budget.charge('c2', { tokens: 1 }, 0);
      assert.equal(silent.reason, 'store_failed');
      assert.match(silent.detail, /no redis reply within \d+ ms/);
    } finally {
      store.close();
      await fake.close();
    }
  });
});

describeWithRealRedis('budget on a real redis-server, shared by two instances', { timeout: 30_000 }, (real) => {
  real.it('one instance\'s charges exhaust the client on the other; decisions match the memory store\'s', async () => {
    const prefix = `budget-real:${Date.now()}:`;
    const stores = [createRedisRateLimitStore({ url: real.redis.url, prefix }), createRedisRateLimitStore({ url: real.redis.url, prefix })];
    const options = { tokens: 24_000, seconds: 1_800, periodSeconds: DAY };
    const [a, b] = stores.map((store) => createCallBudget({ ...options, store }));
    const mem = createCallBudget(options);
    try {
      const steps = [
        ['admit', 0], ['charge', 0, { tokens: 9_000.5, seconds: 600 }], ['charge', 60_000, { tokens: 9_000, seconds: 600.25 }],
        ['admit', 60_000], ['charge', 120_000, { tokens: 9_000 }], ['admit', 120_000], ['charge', 180_000, { seconds: 700 }],
        ['admit', 2 * HOUR_MS], ['charge', 2 * HOUR_MS, {}], ['admit', 9 * HOUR_MS],
      ];
      const outcomes = [];
      for (const [i, [method, now, spent]] of steps.entries()) {
        const instance = i % 2 ? a : b;
        const got = method === 'admit' ? await instance.admit('user:7', now) : await instance.charge('user:7', spent, now);
        const want = method === 'admit' ? await mem.admit('user:7', now) : await mem.charge('user:7', spent, now);
        assert.deepEqual(got, want, `step ${i}: ${method} at ${now}`);
        outcomes.push(got.ok ?? !got.exhausted);
      }
      assert.deepEqual(outcomes, [true, true, true, true, false, false, false, false, false, true]);
      assert.deepEqual(await a.admit('user:8', 0), { ok: true }, 'another client is untouched');
    } finally {
      stores.forEach((s) => s.close());
    }
  });
});
