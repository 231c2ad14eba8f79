// The token bucket: the pure arithmetic (takes with a cost, charges into debt), the in-memory
// store, and the Redis store on a real redis-server (started here) shared by two handler instances.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { takeToken, chargeTokens, MAX_COST, MAX_WAIT_MS } from '../../server/token-bucket.js';
import { createMemoryRateLimitStore, createRedisRateLimitStore } from '../../server/index.js';
import { createRespClient } from '../../server/resp-client.js';
import { startRestStandIn, TEST_MASTER_KEY } from '../../testing/openai-rest.js';
import { startHandler, request, describeWithRealRedis, startRedis, GOOD } from '../support/server-helpers.mjs';

const LIMIT = { perMinute: 12, burst: 3 };

/** A deterministic pseudo-random sequence of unsigned 32-bit numbers (xorshift32). */
function xorshift32(seed) {
  let x = seed;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x;
  };
}

/** A deterministic pseudo-random walk of request times (ms) for comparing stores. */
function schedule(n, seed = 7) {
  const next = xorshift32(seed);
  let t = 5_000_000;
  const out = [];
  for (let i = 0; i < n; i++) {
    t += next() % 3000; // 0-3 s apart, per client about 3 s on average against a 5 s refill: sometimes faster, sometimes slower than the refill
    out.push(t);
  }
  return out;
}

/**
 * The same walk with a decision for each request: takes of cost 0-2 and charges of 0-1.6 tokens
 * (fractional, as seconds of call time are), so that buckets go into debt and come back.
 */
function costedSchedule(n, seed = 11) {
  const next = xorshift32(seed * 7919);
  return schedule(n, seed).map((t) => {
    const x = next();
    const charge = x % 3 === 0;
    return { t, charge, cost: charge ? (x % 17) / 10 : x % 3 };
  });
}

describe('takeToken', { timeout: 30_000 }, () => {
  it('spends the burst, then refills at perMinute, never above burst', () => {
    let s;
    const take = (now) => {
      const r = takeToken(s, LIMIT, now);
      s = r.state;
      return r.result;
    };
    assert.equal(take(0).allowed, true);
    assert.equal(take(0).allowed, true);
    assert.equal(take(0).allowed, true);
    const refused = take(0);
    assert.equal(refused.allowed, false);
    assert.equal(refused.retryAfterMs, 5000, '12/min is one token per 5 s');
    assert.equal(take(4999).allowed, false);
    assert.equal(take(5000).allowed, true);
    assert.equal(take(10 * 60_000).remaining, 2, 'a long idle refills to burst, not beyond');
  });

  it('a cost is taken only when the bucket holds it; a cost of 0 asks whether one token is left', () => {
    let s;
    const take = (now, cost) => {
      const r = takeToken(s, LIMIT, now, cost);
      s = r.state;
      return r.result;
    };
    assert.deepEqual(take(0, 2), { allowed: true, retryAfterMs: 0, remaining: 1 });
    assert.deepEqual(take(0, 2), { allowed: false, retryAfterMs: 5000, remaining: 1 }, 'one token short: 5 s');
    assert.deepEqual(take(0, 0), { allowed: true, retryAfterMs: 0, remaining: 1 }, 'a question spends nothing');
    assert.deepEqual(take(0, 1), { allowed: true, retryAfterMs: 0, remaining: 0 });
    assert.deepEqual(take(0, 0), { allowed: false, retryAfterMs: 5000, remaining: 0 });
    assert.deepEqual(take(15_000, 3), { allowed: true, retryAfterMs: 0, remaining: 0 }, 'refilled to burst');
  });

  it('a charge always applies, into debt; the bucket comes back to one token at perMinute', () => {
    let s;
    const charge = (now, cost) => {
      const r = chargeTokens(s, LIMIT, now, cost);
      s = r.state;
      return r.result;
    };
    assert.deepEqual(charge(0, 1.5), { allowed: true, retryAfterMs: 0, remaining: 1 });
    assert.deepEqual(charge(0, 10), { allowed: false, retryAfterMs: 47_500, remaining: -9 }, '-8.5 → 1 is 9.5 tokens, 47.5 s');
    assert.equal(takeToken(s, LIMIT, 47_499, 0).result.allowed, false, 'a take of 0 agrees: still short');
    assert.equal(takeToken(s, LIMIT, 47_500, 0).result.allowed, true);
    assert.deepEqual(charge(47_500, 0), { allowed: true, retryAfterMs: 0, remaining: 1 }, 'a charge of 0 only asks');
    assert.equal(charge(10 * 60_000, 0).remaining, 3, 'debt paid, never above burst');
  });

  it('debt stops at -MAX_COST and waits at MAX_WAIT_MS, within what Redis holds as integers', () => {
    const slow = { perMinute: 1e-6, burst: 1 };
    let { state, result } = chargeTokens(undefined, slow, 0, MAX_COST);
    ({ state, result } = chargeTokens(state, slow, 0, MAX_COST));
    assert.equal(state.tokens, -MAX_COST);
    assert.equal(result.retryAfterMs, MAX_WAIT_MS);
    assert.equal(takeToken(state, slow, 0, 1).result.retryAfterMs, MAX_WAIT_MS);
  });

  it('a clock running backwards (another instance) grants nothing', () => {
    let { state } = takeToken(undefined, { perMinute: 60, burst: 1 }, 10_000);
    const r = takeToken(state, { perMinute: 60, burst: 1 }, 1_000);
    assert.equal(r.result.allowed, false);
    assert.equal(r.state.ts, 10_000);
  });
});

describe('memory store', { timeout: 30_000 }, () => {
  it('forgets refilled buckets as time passes', async () => {
    const store = createMemoryRateLimitStore();
    for (let i = 0; i < 150; i++) await store.take(`c${i}`, LIMIT, 0);
    assert.equal(store.size, 150);
    await store.take('late', LIMIT, 60_000); // every earlier bucket is full again by now
    assert.equal(store.size, 1);
  });

  it('keeps a bucket in debt until the debt is refilled, whatever its neighbours (an empty bucket refills in 15 s)', async () => {
    const store = createMemoryRateLimitStore();
    await store.charge('owes', LIMIT, 0, 13); // -10: 65 s to full
    await store.take('other', LIMIT, 0);
    await store.take('late', LIMIT, 60_000);
    assert.equal(store.size, 3, 'the debt is still owed at 60 s, so nothing behind it is scanned');
    assert.equal((await store.take('owes', LIMIT, 60_000, 0)).remaining, 2, '-10 + 12 refilled');
    await store.take('late', LIMIT, 130_000);
    assert.equal(store.size, 1, 'at 130 s both are full again and forgotten');
  });

  it('buckets of different limits share one store, each forgotten when full under its own', async () => {
    const store = createMemoryRateLimitStore();
    const slow = { perMinute: 1, burst: 10 }; // 10 min to refill 10
    await store.charge('budget:tokens:a', slow, 0, 10);
    await store.take('ip:1', LIMIT, 0);
    await store.take('ip:2', LIMIT, 60_000); // LIMIT's buckets refill in 15 s
    assert.equal((await store.charge('budget:tokens:a', slow, 60_000, 0)).remaining, 1, 'the slow bucket was kept');
  });

  for (const [name, cost] of [['NaN', NaN], ['a negative cost', -1], ['1e308', 1e308], ['Infinity', Infinity], ['a string', '5'], ['null', null]]) {
    it(`a cost of ${name} is refused by both decisions, and nothing is spent`, async () => {
      const store = createMemoryRateLimitStore();
      await assert.rejects(store.take('a', LIMIT, 0, cost), RangeError);
      await assert.rejects(store.charge('a', LIMIT, 0, cost), RangeError);
      assert.equal(store.size, 0);
    });
  }

  it('a take may not cost more than burst (it could never be allowed); a charge may', async () => {
    const store = createMemoryRateLimitStore();
    await assert.rejects(store.take('a', LIMIT, 0, 4), /burst/);
    assert.equal((await store.charge('a', LIMIT, 0, 4)).remaining, -1);
  });
});

describe('redis store: a hostile cost is refused before anything is sent', { timeout: 30_000 }, () => {
  it('NaN, negative, 1e308, a string: no command reaches Redis', async () => {
    const sent = [];
    const store = createRedisRateLimitStore({ command: async (args) => sent.push(args) });
    for (const cost of [NaN, -1, 1e308, '5']) {
      await assert.rejects(store.take('a', LIMIT, 0, cost), RangeError);
      await assert.rejects(store.charge('a', LIMIT, 0, cost), RangeError);
    }
    assert.deepEqual(sent, []);
  });
});

describeWithRealRedis('redis store (real redis-server)', { timeout: 30_000 }, (real) => {
  let up;
  real.before(async () => {
    up = await startRestStandIn();
  });
  real.after(() => up.close());

  real.it('makes the same decisions as the in-memory store on the same sequence', async () => {
    const mem = createMemoryRateLimitStore();
    const red = createRedisRateLimitStore({ url: real.redis.url, prefix: `cmp:${Date.now()}:` });
    try {
      const times = schedule(200);
      let allowed = 0;
      for (const [i, t] of times.entries()) {
        const id = `client-${i % 2}`;
        const a = await mem.take(id, LIMIT, t);
        const b = await red.take(id, LIMIT, t);
        assert.deepEqual(b, a, `request ${i} at ${t}`);
        allowed += a.allowed;
      }
      assert.ok(allowed > 30 && allowed < 190, `the sequence exercises both outcomes (${allowed}/200 allowed)`);
    } finally {
      red.close();
    }
  });

  real.it('makes the same decisions as the in-memory store for takes with a cost and charges into debt', async () => {
    const mem = createMemoryRateLimitStore();
    const red = createRedisRateLimitStore({ url: real.redis.url, prefix: `cmp-cost:${Date.now()}:` });
    try {
      let allowed = 0;
      let debt = 0;
      for (const [i, { t, charge, cost }] of costedSchedule(300).entries()) {
        const id = `client-${i % 2}`;
        const method = charge ? 'charge' : 'take';
        const a = await mem[method](id, LIMIT, t, cost);
        const b = await red[method](id, LIMIT, t, cost);
        assert.deepEqual(b, a, `${method} ${cost} (request ${i} at ${t})`);
        allowed += a.allowed;
        debt += a.remaining < 0;
      }
      assert.ok(allowed > 50 && allowed < 250, `both outcomes (${allowed}/300 allowed)`);
      assert.ok(debt > 10, `buckets went into debt (${debt} times)`);
    } finally {
      red.close();
    }
  });

  real.it('a bucket in debt lives in Redis until the debt is refilled; the deepest debt is bounded', async () => {
    const red = createRedisRateLimitStore({ url: real.redis.url, prefix: 'debt:' });
    const cli = createRespClient({ port: real.redis.port });
    try {
      assert.deepEqual(await red.charge('x', { perMinute: 60, burst: 2 }, 1000, 5), { allowed: false, retryAfterMs: 4000, remaining: -3 });
      const pttl = await cli.command(['PTTL', 'debt:x']);
      assert.ok(pttl > 5000 && pttl <= 6000, `PTTL ${pttl}: 5 s to refill -3 → 2, and 1 s spare`);
      const slow = { perMinute: 1e-6, burst: 1 };
      await red.charge('deep', slow, 0, MAX_COST);
      assert.deepEqual(await red.charge('deep', slow, 0, MAX_COST), { allowed: false, retryAfterMs: MAX_WAIT_MS, remaining: -MAX_COST });
      assert.ok(await cli.command(['PTTL', 'debt:deep']) > MAX_WAIT_MS - 60_000);
    } finally {
      red.close();
      cli.close();
    }
  });

  real.it('two handler instances sharing Redis mint exactly burst keys for one client under a concurrent burst', async () => {
    // What is counted here is the shared bucket, not the deadline: on a loaded machine 40 decisions at
    // once can pass the default 1 s (a command must run within half of it, on Redis' clock) and are
    // then refused 503, as they should be, which would be neither a key nor a 429.
    const shared = { url: real.redis.url, prefix: 'shared:', timeoutMs: 10_000 };
    const stores = [createRedisRateLimitStore(shared), createRedisRateLimitStore(shared)];
    const clock = () => 42_000_000; // frozen: no refill during the test, so the bound is exact
    const common = { apiKey: TEST_MASTER_KEY, baseURL: up.baseURL, now: clock, authorize: (req) => req.headers['x-user'] };
    const a = await startHandler({ ...common, rateLimit: { perMinute: 10, burst: 5, store: stores[0] } });
    const b = await startHandler({ ...common, rateLimit: { perMinute: 10, burst: 5, store: stores[1] } });
    try {
      const before = up.issued.size;
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => request((i % 2 ? a : b).url, { headers: { ...GOOD, 'x-user': 'alice' } })),
      );
      const ok = results.filter((r) => r.status === 200).length;
      const limited = results.filter((r) => r.status === 429);
      const statuses = JSON.stringify(results.map((r) => r.json?.error?.code ?? r.status));
      assert.equal(ok, 5, `exactly the burst across both instances: ${statuses}`);
      assert.equal(limited.length, 35, statuses);
      assert.ok(limited.every((r) => r.headers['retry-after'] === '6'), 'one token per 6 s at 10/min');
      assert.equal(up.issued.size - before, 5, 'OpenAI minted exactly what the limit allowed');
      assert.ok(a.audit.some((r) => r.event === 'issued') || b.audit.some((r) => r.event === 'issued'));
      assert.equal([...a.audit, ...b.audit].filter((r) => r.event === 'rate_limited').length, 35);
      const bob = await request(a.url, { headers: { ...GOOD, 'x-user': 'bob' } });
      assert.equal(bob.status, 200, 'other clients are unaffected');
    } finally {
      await a.close();
      await b.close();
      stores.forEach((s) => s.close());
    }
  });

  real.it('keys expire in Redis once the bucket would be full again', async () => {
    const red = createRedisRateLimitStore({ url: real.redis.url, prefix: 'ttl:' });
    const cli = createRespClient({ port: real.redis.port });
    try {
      await red.take('x', { perMinute: 60, burst: 2 }, 1000);
      const pttl = await cli.command(['PTTL', 'ttl:x']);
      assert.ok(pttl > 1000 && pttl <= 2000, `PTTL ${pttl}`);
    } finally {
      red.close();
      cli.close();
    }
  });

  real.it('Redis unreachable → 503 rate_limit_unavailable (fail closed), and no key is minted', async () => {
    const spare = await startRedis();
    const url = spare.url;
    await spare.stop();
    const store = createRedisRateLimitStore({ url });
    const h = await startHandler({ apiKey: TEST_MASTER_KEY, baseURL: up.baseURL, rateLimit: { store } });
    try {
      const before = up.requests.length;
      const r = await request(h.url, { headers: GOOD });
      assert.equal(r.status, 503);
      assert.equal(r.json.error.code, 'rate_limit_unavailable');
      assert.equal(r.headers['retry-after'], '1');
      assert.equal(up.requests.length, before);
    } finally {
      await h.close();
      store.close();
    }
  });

  it('a Redis that accepts and never answers → 503 within the store timeout', async () => {
    const silent = net.createServer((socket) => socket.resume());
    await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const store = createRedisRateLimitStore({ url: `redis://127.0.0.1:${silent.address().port}`, timeoutMs: 200 });
    const up2 = await startRestStandIn();
    const h = await startHandler({ apiKey: TEST_MASTER_KEY, baseURL: up2.baseURL, rateLimit: { store } });
    try {
      const t0 = Date.now();
      const r = await request(h.url, { headers: GOOD });
      assert.equal(r.status, 503);
      assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
      assert.equal(up2.requests.length, 0);
    } finally {
      await h.close();
      store.close();
      await up2.close();
      silent.close();
    }
  });

  real.it('accepts a foreign client through `command` (here the built-in one, standing in for ioredis/node-redis)', async () => {
    const cli = createRespClient({ port: real.redis.port });
    const store = createRedisRateLimitStore({ command: cli.command, prefix: 'cmd:' });
    try {
      await cli.command(['SCRIPT', 'FLUSH']); // forces the NOSCRIPT → EVAL fallback
      const r = await store.take('y', LIMIT, 0);
      assert.deepEqual(r, { allowed: true, retryAfterMs: 0, remaining: 2 });
    } finally {
      cli.close();
    }
  });
});
