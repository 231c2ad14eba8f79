// The WASM build under Node, against real HTTP servers on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { createCompanion, CompanionConfigError, TOOL_ERROR_CODES } from '../../web/index.js';
import { startBackend } from '../support/test-backend.mjs';

let backend;
let elsewhere; // another origin: a redirect there must never reach it

before(async () => {
  elsewhere = await startBackend();
  backend = await startBackend({ redirectTarget: elsewhere.origin });
});
after(async () => {
  await backend.close();
  await elsewhere.close();
});

const tool = (name, extra = {}) => ({ type: 'function', name, description: name, ...extra });

async function companionWith(tools, options = {}) {
  return createCompanion({ baseUrl: backend.origin, tools, ...options });
}

async function call(tools, name, args, options) {
  const companion = await companionWith(tools, options);
  try {
    return await companion.functionHandler({ name, arguments: args });
  } finally {
    companion.dispose();
  }
}

test('a JSON object answer is returned as is (seed convention: GET /<name>)', async () => {
  assert.deepEqual(await call([tool('json')], 'json', '{}'), { temp: 21, city: 'Paris' });
  assert.equal(backend.requests.at(-1).method, 'GET');
  assert.equal(backend.requests.at(-1).path, '/json');
});

test('other JSON values and text become { response }', async () => {
  assert.deepEqual(await call([tool('array')], 'array', '{}'), { response: [1, 2, 3] });
  assert.deepEqual(await call([tool('text')], 'text', '{}'), { response: 'sunny, 21°C' });
  assert.deepEqual(await call([tool('empty')], 'empty', '{}'), { response: null });
});

test('a failing backend is http_error with status and the start of the body', async () => {
  const result = await call([tool('fail')], 'fail', '{}');
  assert.equal(result.error.code, 'http_error');
  assert.equal(result.error.status, 500);
  assert.match(result.error.body, /database down/);
  assert.equal(result.error.tool, 'fail');
  assert.equal((await call([tool('missing')], 'missing', '{}')).error.status, 404);
});

test('unreadable answers are invalid_response', async () => {
  assert.equal((await call([tool('lying')], 'lying', '{}')).error.code, 'invalid_response');
  assert.equal((await call([tool('binary')], 'binary', '{}')).error.code, 'invalid_response');
});

test('a slow backend is aborted at the tool timeout', async () => {
  const started = performance.now();
  const result = await call([tool('slow', { route: { timeoutMs: 300 } })], 'slow', '{}');
  const elapsed = performance.now() - started;
  assert.equal(result.error.code, 'timeout');
  assert.match(result.error.message, /300 ms/);
  assert.ok(elapsed >= 290 && elapsed < 3000, `returned after ${elapsed} ms`);
});

test('a huge or endless answer is cut off at maxResponseBytes, never buffered whole', async () => {
  const huge = await call([tool('huge')], 'huge', '{}');
  assert.equal(huge.error.code, 'response_too_large');
  const before = process.memoryUsage().arrayBuffers;
  const endless = await call([tool('endless', { route: { maxResponseBytes: 256 * 1024, timeoutMs: 5000 } })], 'endless', '{}');
  assert.equal(endless.error.code, 'response_too_large');
  assert.equal(endless.error.maxResponseBytes, 256 * 1024);
  assert.ok(process.memoryUsage().arrayBuffers - before < 32 * 1024 * 1024, 'the endless body was not buffered');
});

test('a redirect to another origin is not followed', async () => {
  const hitsBefore = elsewhere.requests.length;
  const result = await call([tool('redirect-away')], 'redirect-away', '{}');
  assert.equal(result.error.code, 'blocked_destination');
  assert.equal(elsewhere.requests.length, hitsBefore, 'the other origin saw no request');
});

test('a same-origin redirect is followed, a loop is stopped', async () => {
  assert.deepEqual(await call([tool('redirect-home')], 'redirect-home', '{}'), { temp: 21, city: 'Paris' });
  const loop = await call([tool('redirect-loop')], 'redirect-loop', '{}');
  assert.equal(loop.error.code, 'network_error');
  assert.match(loop.error.message, /redirected more than 5 times/);
});

test('a refused connection is network_error', async () => {
  const closed = await startBackend();
  await closed.close();
  const companion = await createCompanion({ baseUrl: closed.origin, tools: [tool('json')] });
  const result = await companion.functionHandler({ name: 'json', arguments: '{}' });
  assert.equal(result.error.code, 'network_error');
  companion.dispose();
});

test('query values arrive intact on the wire (RFC 3986 encoding)', async () => {
  const args = { q: 'a&b=c#d', city: 'São Paulo', plus: '1+1', n: 1.5, flag: true, none: null, tags: ['x', 'y z'], o: { k: 1 } };
  const echoed = await call([tool('echo')], 'echo', JSON.stringify(args));
  assert.equal(echoed.rawPath, '/echo');
  // In the model's order, as URLSearchParams(args) would send them.
  assert.deepEqual(echoed.query, [
    ['q', 'a&b=c#d'], ['city', 'São Paulo'], ['plus', '1+1'], ['n', '1.5'], ['flag', 'true'],
    ['tags', 'x'], ['tags', 'y z'], ['o', '{"k":1}'],
  ]);
  assert.ok(!echoed.rawQuery.includes('#') && !echoed.rawQuery.includes(' '));
});

test('path templates are encoded and cannot climb', async () => {
  const tools = [tool('file', { route: { path: '/echo/files/{name}' }, parameters: { type: 'object', properties: { name: { type: 'string' } } } })];
  const ok = await call(tools, 'file', JSON.stringify({ name: 'a/b?c#d', extra: 'x' }));
  assert.equal(ok.rawPath, '/echo/files/a%2Fb%3Fc%23d');
  assert.deepEqual(ok.query, [['extra', 'x']]);
  const count = backend.requests.length;
  for (const name of ['..', '.']) {
    const result = await call(tools, 'file', JSON.stringify({ name }));
    assert.equal(result.error.code, 'invalid_arguments');
  }
  const encoded = await call(tools, 'file', JSON.stringify({ name: '%2e%2e' }));
  assert.equal(encoded.rawPath, '/echo/files/%252e%252e');
  assert.equal(backend.requests.length, count + 1);
});

test('POST sends the arguments as a JSON body, with the page\'s extra headers', async () => {
  const tools = [tool('book', { route: { method: 'POST', path: '/echo/book' } })];
  const args = '{"who":"Ann","n":12345678901234567890}';
  const echoed = await call(tools, 'book', args, { headers: async (ctx) => ({ 'x-csrf-token': `t-${ctx.name}` }) });
  assert.equal(echoed.method, 'POST');
  assert.equal(echoed.body, args);
  assert.equal(echoed.headers['content-type'], 'application/json');
  assert.equal(echoed.headers['x-csrf-token'], 't-book');
});

test('PATCH with a path parameter sends the rest as the body, decoded from the core intact', async () => {
  const tools = [tool('rename', { route: { method: 'PATCH', path: '/echo/users/{user}' } })];
  const echoed = await call(tools, 'rename', JSON.stringify({ user: 'u 1', name: 'Zoë 🎉 "q"\n', n: 2.5 }));
  assert.equal(echoed.method, 'PATCH');
  assert.equal(echoed.rawPath, '/echo/users/u%201');
  assert.deepEqual(JSON.parse(echoed.body), { name: 'Zoë 🎉 "q"\n', n: 2.5 });
});

test('a large body rebuilt by the core is read back intact after the WASM memory grows', async () => {
  const tools = [tool('rename', { route: { method: 'PATCH', path: '/echo/users/{user}' } })];
  // About 300 KB of UTF-8: with the input buffer, the parse and the rebuilt body, more than the
  // module's initial 1 MiB, so the report is read through views taken after the growth.
  const name = 'Zoë-🎉-'.repeat(30000);
  const echoed = await call(tools, 'rename', JSON.stringify({ user: 'u1', name }));
  assert.equal(echoed.rawPath, '/echo/users/u1');
  assert.equal(JSON.parse(echoed.body).name, name);
});

test('undeclared names and invalid arguments fetch nothing', async () => {
  const tools = [tool('echo', { parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } })];
  const count = backend.requests.length;
  for (const name of ['json', '../echo', 'echo?x=1', 'echo\r\nX: y', 'ech%6f', undefined]) {
    const result = await call(tools, name, '{"city":"x"}');
    assert.equal(result.error.code, 'unknown_tool', String(name));
  }
  for (const args of ['{"city":', '[]', '{}', '{"city":1}', '{"city":"x","more":1}', '"x"', '{"a":' + '['.repeat(100000)]) {
    const result = await call(tools, 'echo', args);
    assert.equal(result.error.code, 'invalid_arguments', args.slice(0, 30));
    assert.ok(Array.isArray(result.error.errors) && result.error.errors.length > 0);
  }
  assert.equal(backend.requests.length, count);
});

test('the handler never throws and always returns a plain object', async () => {
  const throwingFetch = () => { throw new Error('boom'); };
  const companion = await companionWith([tool('json')], { fetch: throwingFetch, headers: () => { throw new Error('no token'); } });
  for (const input of [undefined, null, 42, 'json', { name: 'json' }, { name: 'json', arguments: { a: 1 } }, { name: {}, arguments: [] }]) {
    const result = await companion.functionHandler(input);
    assert.equal(typeof result, 'object');
    assert.ok(result !== null && !Array.isArray(result));
    assert.ok(TOOL_ERROR_CODES.includes(result.error.code), JSON.stringify(result));
  }
  companion.dispose();
  const late = await companion.functionHandler({ name: 'json', arguments: '{}' });
  assert.equal(late.error.code, 'internal_error');
});

test('onToolCall reports the request made and the result', async () => {
  const companion = await companionWith([tool('json')]);
  const records = [];
  const unsubscribe = companion.onToolCall((r) => records.push(r));
  companion.onToolCall(() => { throw new Error('a listener bug must not matter'); });
  const result = await companion.functionHandler({ name: 'json', arguments: '{}' });
  unsubscribe();
  await companion.functionHandler({ name: 'json', arguments: '{}' });
  assert.equal(records.length, 1);
  assert.deepEqual(records[0].requests, [{ method: 'GET', url: `${backend.origin}/json` }]);
  assert.equal(records[0].status, 200);
  assert.deepEqual(records[0].result, result);
  companion.dispose();
});

test('tools are exposed for DeepChat without route, and frozen', async () => {
  const companion = await companionWith([tool('json', { route: { timeoutMs: 100 }, parameters: { type: 'object', properties: {} } })]);
  assert.deepEqual(companion.tools, [{ type: 'function', name: 'json', description: 'json', parameters: { type: 'object', properties: {} } }]);
  assert.ok(Object.isFrozen(companion.tools[0]));
  companion.dispose();
});

test('bad configuration is refused at set-up with a clear error', async () => {
  const cases = [
    [{ tools: [tool('a b')] }, /name/],
    [{ tools: [tool('x'), tool('x')] }, /twice/],
    [{ tools: [tool('x', { route: { path: '/a/../b' } })] }, /route\.path/],
    [{ tools: [tool('x', { route: { method: 'TRACE' } })] }, /route\.method/],
    [{ tools: 'x' }, /tools must be an array/],
    [{ tools: [], baseUrl: 'ftp://x' }, /http/],
    [{ tools: [], baseUrl: 'http://u:p@h/' }, /credentials/],
    [{ tools: [], baseUrl: undefined }, /baseUrl is required/],
  ];
  for (const [options, message] of cases) {
    await assert.rejects(createCompanion(options.baseUrl === undefined && 'baseUrl' in options ? options : { baseUrl: backend.origin, ...options }), (error) => {
      assert.ok(error instanceof CompanionConfigError);
      assert.match(error.message, message);
      return true;
    });
  }
});

test('the size limit counts UTF-8 bytes exactly, on both lanes into the core', async () => {
  const companion = await companionWith([tool('echo')], { maxArgumentBytes: 40 });
  const argumentsOf = (value) => JSON.stringify({ q: value }); // {"q":"…"} is 8 bytes around the value
  const sent = async (value) => (await companion.functionHandler({ name: 'echo', arguments: argumentsOf(value) }));
  assert.deepEqual((await sent('x'.repeat(32))).query, [['q', 'x'.repeat(32)]]); // 40 bytes: at the limit
  assert.equal((await sent('x'.repeat(33))).error.code, 'invalid_arguments'); // 41 bytes
  assert.deepEqual((await sent(`${'x'.repeat(30)}é`)).query, [['q', `${'x'.repeat(30)}é`]]); // 40 bytes (é is 2)
  const over = await sent(`${'x'.repeat(31)}é`); // 41 bytes in 40 UTF-16 units
  assert.equal(over.error.code, 'invalid_arguments');
  assert.match(over.error.message, /41 bytes; the limit is 40/);
  assert.equal((await sent('\uD800')).error.code, 'invalid_arguments'); // a lone surrogate is refused, not replaced
  companion.dispose();
});

test('issue 12, item 15: integers up to 2^64 − 1 are sent exactly in the query and in a rebuilt body; 2^64 as JavaScript prints it', async () => {
  const tools = [tool('echo'), tool('rename', { route: { method: 'PATCH', path: '/echo/users/{user}' } })];
  const exact = '{"a":18446744073709551615,"b":-9223372036854775808,"c":9007199254740993,"d":18446744073709551616}';
  const query = await call(tools, 'echo', exact);
  assert.equal(query.rawQuery, '?a=18446744073709551615&b=-9223372036854775808&c=9007199254740993&d=18446744073709552000');
  const rebuilt = await call(tools, 'rename', exact.replace('{', '{"user":"u",'));
  assert.match(rebuilt.body, /"a":18446744073709551615/);
  assert.match(rebuilt.body, /"b":-9223372036854775808/);
  assert.match(rebuilt.body, /"c":9007199254740993/);
});
