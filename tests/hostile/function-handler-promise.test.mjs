// Issue 12, item 11: functionHandler did not always resolve to an object. A
// throwing getter or Proxy made it reject (and onToolCall was not told), a
// headers function that never settled hung the call for ever, and a rejecting
// async listener became an unhandled rejection (fatal in Node).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { createCompanion, TOOL_ERROR_CODES } from '../../web/index.js';
import { startBackend } from '../support/test-backend.mjs';
import { startKeyEndpoint } from '../support/key-endpoint.mjs';

let backend;
let keys;
before(async () => {
  backend = await startBackend();
  keys = await startKeyEndpoint();
});
after(async () => {
  await Promise.all([backend.close(), keys.close()]);
});

const isPlainObject = (value) => value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
const boom = () => {
  throw new Error('boom');
};
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const everyTrapThrows = () => new Proxy({}, {
  get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, defineProperty: boom, apply: boom,
});

test('throwing getters, throwing and revoked Proxies resolve to an error object, and onToolCall hears of every call', async () => {
  const companion = await createCompanion({ baseUrl: backend.origin, tools: [{ name: 'echo' }] });
  const records = [];
  companion.onToolCall((record) => records.push(record));
  const cyclic = { name: 'echo', arguments: {} };
  cyclic.arguments.self = cyclic.arguments;
  const calls = [
    ['a throwing name getter', { get name() { return boom(); }, arguments: '{}' }, 'invalid_arguments', /its name could not be read/],
    ['a throwing arguments getter', { name: 'echo', get arguments() { return boom(); } }, 'invalid_arguments', /arguments could not be read/],
    ['a Proxy whose every trap throws', everyTrapThrows(), 'invalid_arguments', /its name could not be read/],
    ['a revoked Proxy', revoked(), 'invalid_arguments', /its name could not be read/],
    ['revoked Proxy arguments', { name: 'echo', arguments: revoked() }, 'invalid_arguments', /arguments could not be read/],
    ['arguments Proxy whose every trap throws', { name: 'echo', arguments: everyTrapThrows() }, 'invalid_arguments', /arguments could not be read/],
    ['arguments whose toJSON throws', { name: 'echo', arguments: { toJSON: boom } }, 'invalid_arguments', /arguments could not be read/],
    ['arguments holding a BigInt', { name: 'echo', arguments: { n: 1n } }, 'invalid_arguments', /arguments could not be read/],
    ['cyclic arguments', cyclic, 'invalid_arguments', /arguments could not be read/],
    ['a name that is a throwing Proxy', { name: everyTrapThrows(), arguments: '{}' }, 'unknown_tool', /no tool named ""/],
    ['a function as the call', Object.defineProperty(() => {}, 'name', { get: boom }), 'invalid_arguments', /its name could not be read/],
  ];
  const requestsBefore = backend.requests.length;
  for (const [attack, call, code, message] of calls) {
    const result = await companion.functionHandler(call);
    assert.ok(isPlainObject(result), attack);
    assert.equal(result.error?.code, code, attack);
    assert.match(result.error.message, message, attack);
  }
  assert.equal(records.length, calls.length, 'onToolCall heard of every call');
  assert.equal(backend.requests.length, requestsBefore, 'nothing was fetched');
  companion.dispose();
});

test('the call is read once: a getter that changes its answer cannot make the checked call differ from the sent one', async () => {
  const companion = await createCompanion({ baseUrl: backend.origin, tools: [{ name: 'echo' }] });
  let nameReads = 0;
  let argumentReads = 0;
  const shifty = {
    get name() { return ++nameReads === 1 ? 'echo' : '../admin'; },
    get arguments() { return ++argumentReads === 1 ? '{"q":"checked"}' : '{"q":"swapped"}'; },
  };
  const records = [];
  companion.onToolCall((r) => records.push(r));
  const result = await companion.functionHandler(shifty);
  assert.deepEqual(result.query, [['q', 'checked']]);
  assert.equal(nameReads, 1);
  assert.equal(argumentReads, 1);
  assert.equal(records[0].name, 'echo');
  assert.equal(records[0].arguments, '{"q":"checked"}');
  companion.dispose();
});

test('whatever the page\'s fetch or headers throw or return, the handler resolves to an error object', async () => {
  const badFetches = [
    ['a fetch that throws a revoked Proxy', () => { throw revoked(); }],
    ['a fetch that rejects with an error whose message getter throws', () => Promise.reject({ get message() { return boom(); } })],
    ['a fetch that rejects with a Symbol', () => Promise.reject(Symbol('s'))],
    ['a fetch that resolves to a revoked Proxy', () => Promise.resolve(revoked())],
    ['a fetch that resolves to a Proxy whose every trap throws', () => Promise.resolve(everyTrapThrows())],
    ['a fetch whose answer body yields strings', () => Promise.resolve({
      status: 200, type: 'basic', headers: new Headers({ 'content-type': 'application/json' }),
      body: new ReadableStream({ start(c) { c.enqueue('not bytes'); c.close(); } }),
    })],
  ];
  const badHeaders = [
    ['a headers function that throws a revoked Proxy', () => { throw revoked(); }],
    ['a headers function that returns a Proxy whose every trap throws', () => everyTrapThrows()],
    ['a headers function that returns a header no fetch may send', () => ({ 'bad name': 'x' })],
    ['a headers function whose promise rejects with undefined', () => Promise.reject(undefined)],
  ];
  const cases = [
    ...badFetches.map(([what, fetch]) => [what, { fetch }]),
    ...badHeaders.map(([what, headers]) => [what, { headers }]),
  ];
  for (const [what, options] of cases) {
    const companion = await createCompanion({ baseUrl: backend.origin, tools: [{ name: 'json' }], ...options });
    const result = await companion.functionHandler({ name: 'json', arguments: '{}' });
    assert.ok(isPlainObject(result), what);
    assert.ok(TOOL_ERROR_CODES.includes(result.error?.code), `${what}: ${JSON.stringify(result)}`);
    companion.dispose();
  }
});

test('a headers function that never settles ends in timeout at the route\'s timeoutMs, and nothing is fetched', async () => {
  const companion = await createCompanion({
    baseUrl: backend.origin,
    tools: [{ name: 'json', route: { timeoutMs: 300 } }],
    headers: () => new Promise(() => {}),
  });
  const requestsBefore = backend.requests.length;
  const started = performance.now();
  const result = await companion.functionHandler({ name: 'json', arguments: '{}' });
  const elapsed = performance.now() - started;
  assert.equal(result.error?.code, 'timeout');
  assert.ok(elapsed >= 290 && elapsed < 1500, `answered after ${elapsed} ms`);
  assert.equal(backend.requests.length, requestsBefore);
  companion.dispose();
});

test('a fetch or a body stream that ignores the abort signal and never settles still ends at timeoutMs', async () => {
  const never = () => new Promise(() => {});
  const endlessStream = () => new ReadableStream({ pull: never, cancel: never });
  const cases = [
    ['a fetch that never settles', { fetch: never }, 'json'],
    ['a body that never yields, whose cancel never settles', { fetch: async () => new Response(endlessStream(), { headers: { 'content-type': 'application/json' } }) }, 'json'],
    ['a real backend that sends its headers and then stalls the body', {}, 'stall-body'],
  ];
  for (const [what, options, name] of cases) {
    const companion = await createCompanion({ baseUrl: backend.origin, tools: [{ name, route: { timeoutMs: 300 } }], ...options });
    const started = performance.now();
    const result = await companion.functionHandler({ name, arguments: '{}' });
    const elapsed = performance.now() - started;
    assert.equal(result.error?.code, 'timeout', what);
    assert.ok(elapsed >= 290 && elapsed < 1500, `${what}: answered after ${elapsed} ms`);
    companion.dispose();
  }
});

test('rejecting async onToolCall and onKeyEvent listeners never become unhandled rejections', async () => {
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    keys.state.behaviour = 'value_object';
    const companion = await createCompanion({
      baseUrl: backend.origin, tools: [{ name: 'json' }], keyEndpoint: keys.url, keys: { prefetchOnCreate: false },
    });
    const heard = { tool: 0, key: 0 };
    const listenersFor = (kind) => [
      async () => { heard[kind]++; throw new Error('an async listener bug'); },
      () => { heard[kind]++; return Promise.reject(new Error('a returned rejection')); },
      () => { heard[kind]++; return new Promise((resolve, reject) => setTimeout(() => reject(new Error('a late rejection')), 20)); },
      () => { heard[kind]++; return { then() { throw new Error('a then that throws'); } }; },
      () => { heard[kind]++; return { get then() { throw new Error('a then getter that throws'); } }; },
      () => { heard[kind]++; throw new Error('a sync listener bug'); },
    ];
    listenersFor('tool').forEach((l) => companion.onToolCall(l));
    const keyListeners = listenersFor('key');
    keyListeners.forEach((l) => companion.onKeyEvent(l));
    keyListeners.forEach((l) => companion.onKeyEvent(l)); // twice: still called once per event

    const result = await companion.functionHandler({ name: 'json', arguments: '{}' });
    const key = await companion.fetchEphemeralKey();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the late rejections come and go
    assert.deepEqual(result, { temp: 21, city: 'Paris' });
    assert.match(key, /^ek_test_/);
    assert.equal(heard.tool, 6, 'every onToolCall listener was called');
    assert.ok(heard.key >= 6 && heard.key % 6 === 0, `every onKeyEvent listener was called once per event (${heard.key})`);
    assert.deepEqual(unhandled.map(String), []);
    companion.dispose();
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
