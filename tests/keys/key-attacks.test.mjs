// Issue 12, browser side, key lifecycle: each attack that got through, on the WASM build against a
// real key endpoint on 127.0.0.1, and the class of input around it.
import { test, before, beforeEach, afterEach, after } from 'node:test';
import assert from 'node:assert/strict';

import { createCompanion, EphemeralKeyError } from '../../web/index.js';
import { createKeyLifecycle } from '../../web/key-lifecycle.js';
import { loadKeys } from '../../web/keys.js';
import { memoryBytes } from '../../common/wire.js';
import { mostAtOnce, startKeyEndpoint } from '../support/key-endpoint.mjs';

let endpoint;
const disposables = [];
// The key piece every companion here loads, and attach's key check on it.
const keyPiece = await loadKeys();
const checkKey = (key, nowMs) => keyPiece.checkKey(key, nowMs);

before(async () => {
  endpoint = await startKeyEndpoint();
});
beforeEach(() => {
  Object.assign(endpoint.state, { behaviour: 'value_object', lifetimeSeconds: 60, serverClockOffsetMs: 0, delayMs: 0, dateHeader: null });
  endpoint.state.requests.length = 0;
});
afterEach(() => {
  disposables.splice(0).forEach((c) => c.dispose());
});
after(() => endpoint.close());

// Each companion tags its requests: one that a previous test's companion sent just before it was
// disposed may still reach the server during the next test.
let companionCount = 0;
const tag = () => `companion-${companionCount}`;
const ours = () => endpoint.state.requests.filter((r) => r.headers['x-test'] === tag());
async function companionWith(keys = {}) {
  ++companionCount;
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:1', keyEndpoint: endpoint.url, keys: { prefetchOnCreate: false, ...keys }, tools: [], headers: { 'x-test': tag() } });
  disposables.push(companion);
  return companion;
}

const answer = (body, type = 'application/json', headers = {}) => {
  endpoint.state.behaviour = 'custom';
  endpoint.state.custom = { status: 200, type, body, headers };
};
const expiresAt = () => Math.floor(Date.now() / 1000) + 60;
const outcome = (promise) => promise.then((key) => ({ key }), (error) => ({ error }));

/** Every observable trace of a companion: nothing in it may hold a refused value. */
function traces(companion, events, error) {
  return JSON.stringify([events, companion.keyStatus(), error?.message, error?.code]);
}

// --- item 7: master-key filter bypasses ---

const master = 'sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr678';
const refusedBodies = {
  'a double-encoded JSON string "\\"sk-...\\""': JSON.stringify(JSON.stringify(master)),
  'Bearer:sk-...': JSON.stringify({ value: `Bearer:${master}`, expires_at: 0 }),
  "'sk-None-...' in quotes": JSON.stringify({ value: "'sk-None-Abc123Def456Ghi789Jkl012Mno345'", expires_at: 0 }),
};
for (const [attack, body] of Object.entries(refusedBodies)) {
  test(`master-key bypass: ${attack} is master_key_refused, never handed out, never shown`, async () => {
    answer(body);
    const companion = await companionWith();
    const events = [];
    companion.onKeyEvent((e) => events.push(e));
    const { key, error } = await outcome(companion.fetchEphemeralKey());
    assert.equal(key, undefined);
    assert.ok(error instanceof EphemeralKeyError);
    assert.equal(error.code, 'master_key_refused');
    assert.ok(events.some((e) => e.type === 'refused' && e.error === 'master_key_refused'));
    assert.ok(!/Abc123|sk-proj|sk-None/.test(traces(companion, events, error)), traces(companion, events, error));
  });
}

test('master-key bypass, the class: every wrapping of every master-key family, in every body shape', async () => {
  const families = [master, 'sk-svcacct-Abc123Def456', 'SK-ADMIN-Abc123Def456', 'sk_live_51Habcdefghij', 'sess-Abc123Def456Ghi', 'sk-ant-api03-Abc123'];
  const wrap = (m) => [m, `"${m}"`, `'${m}'`, `Bearer:${m}`, `Bearer ${m}`, `ek_${m}`, `ek_68af296e8e408191a1120ab6383263c2${m}`, `${m}%0A`, `{"value":"${m}"}`];
  const companion = await companionWith({ maxAttempts: 1 });
  const events = [];
  companion.onKeyEvent((e) => events.push(e));
  let refused = 0;
  for (const m of families) {
    for (const value of wrap(m)) {
      for (const body of [value, JSON.stringify(value), JSON.stringify(JSON.stringify(value)), JSON.stringify({ value, expires_at: expiresAt() }),
        JSON.stringify({ client_secret: { value, expires_at: expiresAt() } })]) {
        answer(body, body.startsWith('{') || body.startsWith('"') ? 'application/json' : 'text/plain');
        const { key, error } = await outcome(companion.fetchEphemeralKey());
        assert.equal(key, undefined, body);
        assert.ok(['master_key_refused', 'invalid_key_response'].includes(error.code), `${body}: ${error.code}`);
        // attach's check: the same rule.
        assert.equal(checkKey(value, Date.now())?.code, 'master_key_refused', value);
        refused++;
      }
    }
  }
  assert.equal(refused, families.length * 9 * 5);
  assert.ok(!/Abc123|Habcdef/.test(traces(companion, events)), 'no refused value in any event or status');
});

test("attach's key check is the core's rule: what the lifecycle refuses, attach refuses, with one error type", async () => {
  const now = Date.now();
  assert.equal(checkKey('ek_68af296e8e408191a1120ab6383263c2', now), null);
  assert.equal(checkKey({ value: 'ek_abc', expires_at: now / 1000 + 60 }, now), null);
  assert.equal(checkKey({ value: 'ek_abc', expiresAt: now / 1000 + 60, model: 'gpt-realtime' }, now), null);
  const cases = [
    ['sk-proj-abc', 'master_key_refused'], ['Bearer:sk-abc', 'master_key_refused'], ['"ek_abc"', 'master_key_refused'],
    ['ek_abc def', 'master_key_refused'], ['ek_a\u{1F600}', 'master_key_refused'], ['ek_\uD800}', 'master_key_refused'],
    ['0123456789abcdef0123456789abcdef', 'master_key_refused'], ['', 'invalid_key_response'], [42, 'invalid_key_response'],
    [null, 'invalid_key_response'], [{ value: 'ek_abc', expires_at: now / 1000 - 1 }, 'key_expired_on_arrival'],
    [{ value: 'ek_abc', expires_at: 4102444800 }, 'invalid_key_response'], [{ value: 'ek_abc', expires_at: '1764000060' }, 'invalid_key_response'],
  ];
  for (const [key, code] of cases) {
    const error = checkKey(key, now);
    assert.ok(error instanceof EphemeralKeyError, JSON.stringify(key));
    assert.equal(error.code, code, JSON.stringify(key));
    if (typeof key === 'string' && key.length > 3) assert.ok(!error.message.includes(key), error.message);
  }
});

test("attach's key check: a 50 MB key string is refused without being copied into WebAssembly memory", async () => {
  const before = memoryBytes(keyPiece.module);
  const error = checkKey(`ek_${'a'.repeat(50 * 1024 * 1024)}`, Date.now());
  assert.equal(error.code, 'master_key_refused');
  assert.match(error.message, /longer than 256/);
  assert.equal(memoryBytes(keyPiece.module), before);
});

// --- item 8: the same key handed out twice ---

test('key reuse: an endpoint (or a cache) that returns the same key again: one hand-out, then key_reused, 4 of 4 starts', async () => {
  endpoint.state.behaviour = 'cached';
  const companion = await companionWith();
  const events = [];
  companion.onKeyEvent((e) => events.push(e));
  const results = [];
  for (let start = 0; start < 4; start++) results.push(await outcome(companion.fetchEphemeralKey()));
  const keys = results.filter((r) => r.key).map((r) => r.key);
  assert.deepEqual(keys, ['ek_cached_0123456789abcdef'], 'handed out once');
  for (const { error } of results.slice(1)) {
    assert.ok(error instanceof EphemeralKeyError);
    assert.equal(error.code, 'key_reused');
    assert.match(error.message, /returned a key it had returned before/);
  }
  const reused = events.filter((e) => e.type === 'refused' && e.error === 'key_reused');
  assert.ok(reused.length >= 3, JSON.stringify(events));
  assert.ok(reused.every((e) => /^[0-9a-f]{12}$/.test(e.keyId)));
  assert.ok(!JSON.stringify(events).includes('ek_cached'), 'events name the key by id only');
});

test('key reuse: with pre-fetching on, the repeated next key is refused in the background, never handed out', async () => {
  endpoint.state.behaviour = 'cached';
  const companion = await companionWith({ prefetchOnCreate: true });
  const first = await companion.fetchEphemeralKey();
  await new Promise((resolve) => setTimeout(resolve, 100)); // the pre-fetch of the next key lands: the same key
  const second = await outcome(companion.fetchEphemeralKey());
  assert.equal(first, 'ek_cached_0123456789abcdef');
  assert.equal(second.key, undefined);
  assert.equal(second.error.code, 'key_reused');
});

// --- item 9: the timer spins ---

/** Runs `body` with setTimeout counted; returns the delays asked for. */
async function countingTimers(body) {
  const original = globalThis.setTimeout;
  const delays = [];
  globalThis.setTimeout = (fn, ms, ...args) => {
    delays.push(ms);
    return original(fn, ms, ...args);
  };
  try {
    await body();
  } finally {
    globalThis.setTimeout = original;
  }
  return delays;
}
const settle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('timer spin: expires_at in the year 2100 is refused, and no timer spins', async () => {
  answer(JSON.stringify({ value: 'ek_far_future_0123', expires_at: 4102444800 }));
  const delays = await countingTimers(async () => {
    const companion = await companionWith();
    const { error } = await outcome(companion.fetchEphemeralKey());
    assert.equal(error.code, 'invalid_key_response');
    assert.match(error.message, /more than 4 hours away/);
    await settle(300);
  });
  // Spinning was ~840 timers a second; a few here are the test's own and the backoff's.
  assert.ok(delays.length < 20, `${delays.length} timers in 300 ms`);
  assert.ok(delays.every((ms) => ms === undefined || ms <= 2 ** 31 - 1), JSON.stringify(delays));
});

test('timer spin: a Date of Thu, 01 Jan 1970 on a 60-second key: it counts 60 s, not 57 years, and no timer spins', async () => {
  endpoint.state.dateHeader = 'Thu, 01 Jan 1970 00:00:00 GMT';
  const companion = await companionWith({ prefetchOnCreate: true });
  await companion.fetchEphemeralKey();
  for (let waited = 0; companion.keyStatus().state !== 'ready' && waited < 5000; waited += 20) await settle(20); // the next key
  let status;
  const delays = await countingTimers(async () => {
    await settle(300); // a spinning timer would re-arm hundreds of times here
    status = companion.keyStatus();
  });
  assert.equal(status.state, 'ready');
  assert.ok(status.ttlMs > 50_000 && status.ttlMs <= 60_000, `ttl ${status.ttlMs}`);
  assert.equal(status.clockSkewMs, 0, 'the Date header was not believed');
  assert.ok(delays.length < 20, `${delays.length} timers in 300 ms`);
  assert.ok(delays.every((ms) => ms === undefined || ms <= 2 * 3600 * 1000), JSON.stringify(delays));
});

// --- item 14: the key fetch herd ---

test('key fetch herd: 1,000 concurrent per-session calls against a 429 Retry-After: 1 endpoint make at most 16 requests (was 3,991)', async () => {
  endpoint.state.behaviour = 'rate_limited';
  const companion = await companionWith();
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: 1000 }, () => outcome(companion.fetchEphemeralKey())));
  const elapsed = performance.now() - started;
  const requests = ours().map((r) => r.at).sort((a, b) => a - b);
  assert.ok(requests.length <= 16, `${requests.length} key requests`);
  assert.ok(mostAtOnce(ours()) <= 4, `${mostAtOnce(ours())} at once`);
  // Retry-After holds every request: they come in bursts at least ~1 s apart.
  for (let i = 1; i < requests.length; i++) {
    const gap = requests[i] - requests[i - 1];
    assert.ok(gap < 300 || gap >= 900, `a request ${gap} ms after another, inside a Retry-After hold`);
  }
  assert.ok(results.every((r) => r.error?.code === 'key_fetch_failed' && r.error.httpStatus === 429));
  assert.ok(elapsed < 30_000, `settled after ${elapsed} ms`);
});

test('key fetch herd: 1,000 concurrent per-session calls on a healthy endpoint: 1,000 distinct keys, at most 4 requests at a time', async () => {
  const companion = await companionWith();
  const keys = await Promise.all(Array.from({ length: 1000 }, () => companion.fetchEphemeralKey()));
  assert.equal(new Set(keys).size, 1000);
  assert.ok(mostAtOnce(ours()) <= 4, `${mostAtOnce(ours())} at once`);
  assert.ok(ours().length <= 1004, `${ours().length} requests`);
});

test('key fetch herd: callers wait in a queue, and one that waits past queueTimeoutMs gets key_queue_timeout', async () => {
  endpoint.state.delayMs = 400;
  const companion = await companionWith({ maxConcurrentFetches: 1, queueTimeoutMs: 1000, prefetch: false });
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: 4 }, () => outcome(companion.fetchEphemeralKey()).then((r) => ({ ...r, ms: performance.now() - started }))));
  // One request at a time, 400 ms each: the first is served well within the second; the fourth cannot be.
  assert.ok(results[0].key, 'the first was served');
  assert.equal(results[3].error?.code, 'key_queue_timeout');
  const served = results.filter((r) => r.key).map((r) => r.key);
  assert.equal(new Set(served).size, served.length);
  for (const r of results.filter((r) => r.error)) {
    assert.equal(r.error.code, 'key_queue_timeout');
    assert.ok(r.ms >= 950 && r.ms < 2500, `rejected after ${r.ms} ms`);
  }
  assert.equal(mostAtOnce(ours()), 1);
});

// --- item 15: a 10 MB plain-text key ---

test('a 10 MB plain-text key is invalid_key_response, as the docs say (not master_key_refused)', async () => {
  answer(`ek_${'a'.repeat(10 * 1024 * 1024)}`, 'text/plain');
  const companion = await companionWith();
  const { error } = await outcome(companion.fetchEphemeralKey());
  assert.equal(error.code, 'invalid_key_response');
  assert.match(error.message, /larger than 262144 bytes/);
});

// --- the key's model (for the GA wiring) ---

test("fetchKey() resolves { value, expiresAt, model } for the same hand-out as fetchEphemeralKey()", async () => {
  endpoint.state.behaviour = 'with_model';
  const lifecycle = createKeyLifecycle(keyPiece.module, { keyEndpoint: new URL(endpoint.url), keys: { prefetchOnCreate: false }, fetch: globalThis.fetch });
  disposables.push(lifecycle);
  const whole = await lifecycle.fetchKey();
  assert.match(whole.value, /^ek_test_\d+_x{24}$/);
  assert.equal(whole.model, 'gpt-realtime-2.1-mini');
  assert.ok(Number.isInteger(whole.expiresAt));
  assert.ok(Math.abs(whole.expiresAt - (Date.now() / 1000 + 60)) < 3, `expiresAt ${whole.expiresAt}`);
  const bare = await lifecycle.fetchEphemeralKey();
  assert.equal(typeof bare, 'string');
  assert.notEqual(bare, whole.value, 'a fetchKey() hand-out counts: the next caller gets another key');
  assert.equal(lifecycle.keyStatus().keysHandedOut, 2);

  endpoint.state.behaviour = 'value_object';
  assert.equal((await lifecycle.fetchKey()).model, null, 'no model from the endpoint: null');
});

test('a malformed model is invalid_key_response: the key is refused, not kept without it', async () => {
  const lifecycle = createKeyLifecycle(keyPiece.module, { keyEndpoint: new URL(endpoint.url), keys: { prefetchOnCreate: false, maxAttempts: 1 }, fetch: globalThis.fetch });
  disposables.push(lifecycle);
  for (const model of ['GPT-Realtime', 'gpt realtime', 'x'.repeat(65), 42, '', 'gpt-realtime\n', ['gpt-realtime']]) {
    answer(JSON.stringify({ value: 'ek_with_a_bad_model', expires_at: expiresAt(), model }));
    const { key, error } = await outcome(lifecycle.fetchKey());
    assert.equal(key, undefined, JSON.stringify(model));
    assert.equal(error.code, 'invalid_key_response', JSON.stringify(model));
    assert.match(error.message, /`model` must be a model name/);
  }
});
