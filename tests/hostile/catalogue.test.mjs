// Runs the hostile-input catalogue on the WASM build against real servers on
// 127.0.0.1 and checks each promised outcome. Every outcome must also be a
// plain object (never a throw into DeepChat) and hold no secret.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { createCompanion, CompanionConfigError } from '../../web/index.js';
import { loadCore } from '../../common/load-core.js';
import { startBackend } from '../support/test-backend.mjs';
import { startKeyEndpoint } from '../support/key-endpoint.mjs';
import { catalogue } from './catalogue.mjs';

let backend;
let elsewhere;
let keys;

before(async () => {
  elsewhere = await startBackend();
  backend = await startBackend({ redirectTarget: elsewhere.origin });
  keys = await startKeyEndpoint();
});
after(async () => {
  await Promise.all([backend.close(), elsewhere.close(), keys.close()]);
});

const names = ['echo', 'huge', 'endless', 'slow', 'lying', 'redirect-away', 'redirect-to'];
const paths = { 'redirect-307': '/redirect-status/307', 'redirect-slow': '/redirect-slow/1' };
function toolsFor(timeoutMs) {
  return [
    ...names.map((n) => ({ name: n, route: n === 'slow' || timeoutMs ? { timeoutMs: timeoutMs ?? 300 } : undefined })),
    { name: 'redirect-307', route: { method: 'POST', path: paths['redirect-307'] } },
    { name: 'redirect-slow', route: { path: paths['redirect-slow'], ...(timeoutMs ? { timeoutMs } : {}) } },
  ];
}
const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

const ctx = {
  call(name, args) {
    return ctx.handle({ name, arguments: args });
  },
  // One call through a fresh companion: what it answered, what reached the
  // backend, how long it took, whether onToolCall heard of it, and how much
  // WASM memory grew.
  async handle(call, { path = '', headers, timeoutMs, listener } = {}) {
    const module = await loadCore();
    const companion = await createCompanion({ baseUrl: backend.origin + path, tools: toolsFor(timeoutMs), headers });
    const records = [];
    companion.onToolCall((record) => records.push(record));
    if (listener) companion.onToolCall(listener);
    const fetchesBefore = backend.requests.length;
    const memoryBefore = module.HEAPU8.buffer.byteLength;
    const unhandledBefore = unhandled.length;
    const started = performance.now();
    const result = await companion.functionHandler(call);
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20)); // a rejection has time to surface
    companion.dispose();
    return {
      result,
      ms,
      fetched: backend.requests.length - fetchesBefore,
      requests: backend.requests.slice(fetchesBefore),
      last: backend.requests.at(-1),
      heard: records.length,
      memoryGrowth: module.HEAPU8.buffer.byteLength - memoryBefore,
      unhandled: unhandled.slice(unhandledBefore),
    };
  },
  async key(behaviour, { calls = 1, ...state } = {}) {
    Object.assign(keys.state, { behaviour, dateHeader: null, ...state });
    const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:1', tools: [], keyEndpoint: keys.url, keys: { prefetchOnCreate: false } });
    const events = [];
    companion.onKeyEvent((e) => events.push(e));
    const results = [];
    for (let i = 0; i < calls; i++) results.push(await companion.fetchEphemeralKey().then((key) => ({ key }), (error) => ({ error })));
    const status = companion.keyStatus();
    companion.dispose();
    return { error: results.at(-1).error ?? null, results, events, status };
  },
  async define(tools) {
    return { error: await createCompanion({ baseUrl: backend.origin, tools }).then((c) => c.dispose(), (e) => e) };
  },
};

const code = (o) => o.result?.error?.code;
const refusedBeforeFetch = (expectedCode) => (o) => {
  assert.equal(code(o), expectedCode);
  assert.equal(o.fetched, 0, 'nothing was fetched');
};
const illFormed = (o) => {
  refusedBeforeFetch('invalid_arguments')(o);
  assert.match(o.result.error.message, /ill-formed UTF-16 \(a lone surrogate at index \d+\)/);
};
const unreadableCall = (o) => {
  refusedBeforeFetch('invalid_arguments')(o);
  assert.match(o.result.error.message, /The call could not be read/);
  assert.equal(o.heard, 1, 'onToolCall was told');
};
const arrived = (o) => Object.fromEntries(new URL(o.last.url, 'http://x').searchParams);

const checks = {
  'deep-nesting': refusedBeforeFetch('invalid_arguments'),
  'ten-megabytes': (o) => {
    refusedBeforeFetch('invalid_arguments')(o);
    assert.match(o.result.error.message, /limit is 1048576/);
    assert.equal(o.memoryGrowth, 0);
  },
  'huge-tool-name': (o) => {
    refusedBeforeFetch('unknown_tool')(o);
    assert.match(o.result.error.message, /a name of 300000000 characters/);
    assert.equal(o.memoryGrowth, 0);
  },
  'lone-surrogate-raw': illFormed,
  'lone-surrogate-merge': illFormed,
  'lone-surrogate-name': illFormed,
  'two-to-the-64-minus-one': (o) => assert.equal(o.result.rawQuery, '?n=18446744073709551615&m=9007199254740993'),
  'call-throwing-getter': unreadableCall,
  'call-revoked-proxy': unreadableCall,
  'headers-never-settle': (o) => {
    refusedBeforeFetch('timeout')(o);
    assert.ok(o.ms >= 290 && o.ms < 2000, `${o.ms} ms`);
  },
  'listener-rejects': (o) => {
    assert.equal(o.result.rawPath, '/echo');
    assert.deepEqual(o.unhandled, []);
  },
  'redirect-out-of-base': (o) => {
    assert.equal(code(o), 'blocked_destination');
    assert.deepEqual(o.requests.map((r) => r.path), ['/api/redirect-to']);
  },
  'redirect-307-post': (o) => {
    assert.equal(o.result.method, 'POST');
    assert.equal(o.result.body, '{"n":12345678901234567890}');
    assert.equal(o.result.headers['content-type'], 'application/json');
  },
  'redirect-slow-chain': (o) => {
    assert.equal(code(o), 'timeout');
    assert.ok(o.ms >= 990 && o.ms < 1800, `${o.ms} ms`);
  },
  'redirect-bad-location': (o) => assert.equal(code(o), 'network_error'),
  'lone-surrogate-escaped': refusedBeforeFetch('invalid_arguments'),
  'number-1e400': refusedBeforeFetch('invalid_arguments'),
  'negative-zero': (o) => assert.equal(o.result.rawQuery, '?n=0'),
  'two-to-the-64': (o) => assert.equal(o.result.rawQuery, '?n=18446744073709552000'),
  'duplicate-keys': refusedBeforeFetch('invalid_arguments'),
  'proto-keys': (o) => {
    assert.deepEqual(o.result.query, [['__proto__', '{"polluted":1}'], ['constructor', 'x']]);
    assert.equal({}.polluted, undefined);
    assert.equal(Object.getPrototypeOf(o.result), Object.prototype);
  },
  'crlf-nul-amp-eq': (o) => assert.deepEqual(arrived(o), { q: 'a\r\nSet-Cookie: x=1\u0000&b=c' }),
  'response-100mb': (o) => assert.equal(code(o), 'response_too_large'),
  'response-endless': (o) => assert.equal(code(o), 'response_too_large'),
  'response-stall': (o) => {
    assert.equal(code(o), 'timeout');
    assert.ok(o.ms < 2000, `${o.ms} ms`);
  },
  'response-lying-type': (o) => assert.equal(code(o), 'invalid_response'),
  'response-redirect-away': (o) => {
    assert.equal(code(o), 'blocked_destination');
    assert.equal(elsewhere.requests.length, 0);
  },
};
for (let i = 1; i <= 6; i++) checks[`tool-name-${i}`] = refusedBeforeFetch('unknown_tool');
for (const [id, expected] of [['key-html', 'invalid_key_response'], ['key-empty', 'invalid_key_response'], ['key-sk', 'master_key_refused'], ['key-newline', 'master_key_refused'],
  ['key-double-encoded', 'master_key_refused'], ['key-bearer', 'master_key_refused'], ['key-quoted', 'master_key_refused'], ['key-mark-inside', 'master_key_refused'],
  ['key-not-ek', 'master_key_refused'], ['key-ten-megabytes', 'invalid_key_response'], ['key-far-future', 'invalid_key_response'], ['key-bad-model', 'invalid_key_response']]) {
  checks[id] = (o) => {
    assert.equal(o.error?.code, expected);
    const seen = JSON.stringify([o.error.message, o.events, o.status]);
    assert.ok(!/sk-proj|AAAAAAAA|ek_abc/.test(seen), seen);
  };
}
const tooLarge = checks['key-ten-megabytes'];
checks['key-ten-megabytes'] = (o) => {
  tooLarge(o);
  assert.match(o.error.message, /larger than 262144 bytes/);
};
checks['key-repeated'] = (o) => {
  assert.match(o.results[0].key, /^ek_cached_/);
  assert.equal(o.error?.code, 'key_reused');
  assert.ok(o.events.some((e) => e.type === 'refused' && e.error === 'key_reused'));
};
checks['key-date-1970'] = (o) => {
  assert.equal(o.error, null);
  assert.ok(o.events.find((e) => e.type === 'handed_out').ttlMs <= 60_000);
};
for (const id of ['definition-name', 'definition-path', 'definition-duplicate', 'definition-method']) {
  checks[id] = (o) => assert.ok(o.error instanceof CompanionConfigError, String(o.error));
}
// Before, the tool silently became GET /x.
checks['definition-typo'] = (o) => {
  assert.ok(o.error instanceof CompanionConfigError, String(o.error));
  assert.match(o.error.message, /tool "x": unknown field "rout" \(did you mean "route"\?/);
};

test('every catalogue entry has a check, and every check an entry', () => {
  assert.deepEqual(Object.keys(checks).sort(), catalogue.map((e) => e.id).sort());
});

for (const entry of catalogue) {
  test(`${entry.entry}: ${entry.input} → ${entry.expected}`, async () => {
    const outcome = await entry.run(ctx);
    if ('result' in outcome) {
      assert.ok(outcome.result && typeof outcome.result === 'object' && !Array.isArray(outcome.result), 'a plain object for the model');
    }
    checks[entry.id](outcome);
  });
}

test('docs/HOSTILE_INPUTS.md holds the current table', async () => {
  const { readFile } = await import('node:fs/promises');
  const { catalogueTable } = await import('./print-table.mjs');
  const doc = await readFile(new URL('../../docs/HOSTILE_INPUTS.md', import.meta.url), 'utf8');
  assert.ok(doc.includes(catalogueTable()), 'run: node tests/hostile/print-table.mjs, and paste the table into docs/HOSTILE_INPUTS.md');
});
