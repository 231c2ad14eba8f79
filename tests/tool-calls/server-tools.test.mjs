// Tools that run on the server (a `handler` in createRealtimeCallHandler's tools): how the list is
// split (OpenAI gets the tool, never the handler), how one call runs (the page's validation and
// error shapes, the deadline, the call's end, whatever the handler does), the sequencing on the
// sideband (one response.create per response, the page's outputs awaited), and the whole path
// through the handler, the stand-ins and a real WebRTC peer playing the page.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';

import { splitTools, createServerTools } from '../../server/supervision/server-tools.js';
import { superviseCall } from '../../server/supervision/call-supervisor.js';
import { createCompanion } from '../../web/index.js';
import { FAKE_API_KEY, fakeOpenAI } from '../support/fake-sideband.mjs';

const ORDER_SCHEMA = { type: 'object', properties: { order_id: { type: 'string', pattern: '^A-[0-9]+$' } }, required: ['order_id'], additionalProperties: false };
const lookupOrder = (handler, extra = {}) => ({ type: 'function', name: 'lookup_order', description: 'Looks an order up.', parameters: ORDER_SCHEMA, handler, ...extra });
const until = async (predicate, what, ms = 5000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 10))) {
    const value = predicate();
    if (value) return value;
  }
  throw new Error(`no ${what} within ${ms} ms`);
};
const never = new AbortController().signal;

describe('splitTools', () => {
  test('OpenAI gets every tool without handler, timeoutMs or a page route; the server keeps the handlers', () => {
    const handler = async () => ({});
    const { sessionTools, serverTools } = splitTools([
      { type: 'function', name: 'get_weather', parameters: { type: 'object' }, route: { path: '/weather' } },
      lookupOrder(handler, { timeoutMs: 2000 }),
      { name: 'ping', handler },
    ], 'f');
    assert.deepEqual(sessionTools, [
      { type: 'function', name: 'get_weather', parameters: { type: 'object' } },
      { type: 'function', name: 'lookup_order', description: 'Looks an order up.', parameters: ORDER_SCHEMA },
      { type: 'function', name: 'ping' },
    ]);
    assert.deepEqual(serverTools.map((t) => [t.name, t.handler === handler, t.timeoutMs]), [['lookup_order', true, 2000], ['ping', true, undefined]]);
    assert.deepEqual(splitTools(undefined, 'f'), { sessionTools: undefined, serverTools: [] });
  });

  test('definitions that cannot work are refused at creation, naming the tool', () => {
    const h = () => ({});
    for (const [tools, message] of [
      ['nope', /`tools` must be an array/],
      [[null], /tools\[0\]` is not an object/],
      [[lookupOrder('not a function')], /lookup_order: `handler` must be a function/],
      [[{ name: 'bad name!', handler: h }], /needs a `name` matching/],
      [[lookupOrder(h, { route: { path: '/x' } })], /both a `handler`.*and a `route`/],
      [[lookupOrder(h, { timeout: 5 })], /`timeout` is not a field of a tool/],
      [[lookupOrder(h, { timeoutMs: 0 })], /`timeoutMs` must be an integer from 1 to 600000/],
      [[lookupOrder(h, { timeoutMs: 1e9 })], /`timeoutMs` must be an integer/],
      [[lookupOrder(h, { type: 'mcp' })], /only a `function` tool can have a `handler`/],
      [[lookupOrder(h), lookupOrder(h)], /two tools are named lookup_order/],
      [[{ name: 'x', timeoutMs: 10 }], /has `timeoutMs` but no `handler`/],
    ]) {
      assert.throws(() => splitTools(tools, 'createRealtimeCallHandler'), message);
    }
  });
});

describe('createServerTools: one call', () => {
  test('valid arguments reach the handler as a value with the call\'s context; its answer is the output', async () => {
    let seen;
    const tools = createServerTools(splitTools([lookupOrder(async (args, context) => {
      seen = { args, context };
      return { status: 'shipped' };
    })], 'f').serverTools);
    assert.deepEqual(tools.names, ['lookup_order']);
    const result = await tools.run({ name: 'lookup_order', argumentsText: '{"order_id":"A-17"}' }, { signal: never, context: { callId: 'rtc_1', clientId: 'user:1', toolCallId: 'call_1' } });
    assert.deepEqual([result.outcome, result.output, result.text], ['ok', { status: 'shipped' }, '{"status":"shipped"}']);
    assert.deepEqual(seen.args, { order_id: 'A-17' });
    assert.deepEqual([seen.context.callId, seen.context.clientId, seen.context.toolCallId], ['rtc_1', 'user:1', 'call_1']);
    assert.ok(seen.context.signal instanceof AbortSignal);
    for (const [value, output] of [['text', { response: 'text' }], [[1, 2], { response: [1, 2] }], [undefined, { response: null }], [7, { response: 7 }]]) {
      const tool = createServerTools(splitTools([lookupOrder(() => value)], 'f').serverTools);
      assert.deepEqual((await tool.run({ name: 'lookup_order', argumentsText: '{"order_id":"A-1"}' }, { signal: never, context: {} })).output, output);
    }
  });

  test('arguments the page would refuse get the same answer, from the same core; the handler is not called', async () => {
    let called = 0;
    const tools = createServerTools(splitTools([lookupOrder(() => {
      called += 1;
      return {};
    })], 'f').serverTools);
    // The page's companion, with the same tool as a route, for the answer the model would get there.
    const page = await createCompanion({ tools: [{ type: 'function', name: 'lookup_order', description: 'Looks an order up.', parameters: ORDER_SCHEMA, route: { method: 'POST' } }], baseUrl: 'http://127.0.0.1:9/' });
    for (const argumentsText of ['{"order_id":"17"}', '{"order_id":"A-1","x":1}', '{not json', '[]', `{"order_id":"A-1"${' '.repeat(1_100_000)}}`]) {
      const server = await tools.run({ name: 'lookup_order', argumentsText }, { signal: never, context: {} });
      const there = await page.functionHandler({ name: 'lookup_order', arguments: argumentsText });
      assert.deepEqual(server.output, there, argumentsText.slice(0, 40));
      assert.equal(server.outcome, there.error.code);
    }
    const unknown = await tools.run({ name: 'drop_tables', argumentsText: '{}' }, { signal: never, context: {} });
    assert.equal(unknown.outcome, 'unknown_tool');
    const unreadable = await tools.run({ name: 'lookup_order', argumentsText: { order_id: 'A-1' } }, { signal: never, context: {} });
    assert.equal(unreadable.output.error.code, 'invalid_arguments');
    assert.equal(called, 0);
  });

  test('a handler that throws, hangs, answers what JSON cannot write or too much: a clean error; its message stays on the server', async () => {
    const secret = 'postgres://admin:hunter2@db.internal/orders';
    const run = async (handler, extra) => {
      const tools = createServerTools(splitTools([lookupOrder(handler, extra)], 'f').serverTools);
      return tools.run({ name: 'lookup_order', argumentsText: '{"order_id":"A-1"}' }, { signal: never, context: {} });
    };
    const thrown = await run(() => {
      throw new TypeError(`connect failed: ${secret}`);
    });
    assert.deepEqual([thrown.outcome, thrown.error, thrown.output.error.code], ['internal_error', 'TypeError', 'internal_error']);
    assert.ok(!thrown.text.includes('hunter2'));
    const rejected = await run(() => Promise.reject(Object.assign(new Error(secret), { name: 'a name with spaces' })));
    assert.equal(rejected.error, 'object', 'an odd error name is not copied');
    let signal;
    const started = Date.now();
    const late = await run((args, context) => {
      signal = context.signal;
      return new Promise(() => {});
    }, { timeoutMs: 150 });
    assert.equal(late.outcome, 'timeout');
    assert.ok(signal.aborted, 'the handler is told');
    assert.ok(Date.now() - started < 2000);
    const big = await run(() => ({ blob: 'x'.repeat(2 * 1024 * 1024) }));
    assert.equal(big.outcome, 'response_too_large');
    const cyclic = {};
    cyclic.self = cyclic;
    assert.equal((await run(() => cyclic)).outcome, 'invalid_response');
    assert.equal((await run(() => ({ n: 10n }))).outcome, 'invalid_response');
  });

  test('the call ends while the handler runs: it is aborted and nothing is answered', async () => {
    const tools = createServerTools(splitTools([lookupOrder((args, { signal }) => new Promise((resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))))], 'f').serverTools);
    const stop = new AbortController();
    const running = tools.run({ name: 'lookup_order', argumentsText: '{"order_id":"A-1"}' }, { signal: stop.signal, context: {} });
    setTimeout(() => stop.abort(new Error('hung up')), 50);
    assert.deepEqual(await running, { output: null, text: '', outcome: 'aborted' });
  });

  test('a schema the compiler refuses: ready rejects with its message', async () => {
    const tools = createServerTools(splitTools([lookupOrder(() => ({}), { parameters: { type: 'object', properties: { a: { pattern: '(' } } } })], 'f').serverTools);
    await assert.rejects(tools.ready, /pattern|regular expression|regex/i);
  });
});

describe('server tool calls on the sideband', () => {
  const fakes = [];
  after(() => Promise.all(fakes.map((f) => f.close())));

  async function supervised(tools) {
    const fake = await fakeOpenAI();
    fakes.push(fake);
    const records = [];
    let ended;
    const endedP = new Promise((resolve) => (ended = resolve));
    const { sessionTools, serverTools } = splitTools(tools, 'f');
    const o = {
      baseURL: fake.baseURL, apiKey: FAKE_API_KEY, timeoutMs: 2000, fetch: globalThis.fetch, now: () => Date.now(),
      session: { model: 'gpt-realtime', instructions: 'Be brief.', tools: sessionTools },
      supervise: { onTamper: 'restore', onSidebandFailure: 'hangup', connectTimeoutMs: 1000, maxCallSeconds: 0, idleSeconds: 0 },
      serverTools: createServerTools(serverTools),
    };
    await o.serverTools.ready;
    const call = superviseCall(o, { callId: 'rtc_tools', clientId: 'user:1', record: (r) => records.push(r), onEnd: () => ended() });
    await until(() => fake.received.length > 0, 'the join update');
    const sent = (type) => fake.received.filter((e) => e.type === type);
    return { fake, call, records, ended: endedP, sent };
  }
  const fc = (name, callId, args, status = 'completed') => ({ type: 'function_call', name, call_id: callId, arguments: args, status });
  const done = (id, output, status = 'completed') => ({ type: 'response.done', response: { id, status, output, usage: { total_tokens: 10, input_tokens: 6, output_tokens: 4 } } });
  const outputOf = (e) => JSON.parse(e.item.output);
  const weather = { type: 'function', name: 'get_weather', parameters: { type: 'object' } };

  test('a response with a server call only: the server answers it and asks for the next response, once', async () => {
    const { fake, call, records, sent } = await supervised([weather, lookupOrder(async ({ order_id }) => ({ order_id, status: 'shipped' }))]);
    fake.send({ type: 'response.created', response: { id: 'resp_1' } });
    fake.send(done('resp_1', [fc('lookup_order', 'call_1', '{"order_id":"A-9"}')]));
    await until(() => sent('response.create').length === 1, 'the response.create');
    const [output] = sent('conversation.item.create');
    assert.deepEqual([output.item.type, output.item.call_id, outputOf(output)], ['function_call_output', 'call_1', { order_id: 'A-9', status: 'shipped' }]);
    assert.ok(fake.received.indexOf(output) < fake.received.indexOf(sent('response.create')[0]), 'the output goes first');
    assert.match(sent('response.create')[0].event_id, /^rc_server_create_/);
    const audited = records.find((r) => r.event === 'server_tool_call');
    assert.deepEqual([audited.name, audited.tool_call_id, audited.outcome], ['lookup_order', 'call_1', 'ok']);
    assert.ok(!JSON.stringify(records).includes('A-9'), 'neither arguments nor output in the audit log');
    // A replay of the same response.done runs nothing again.
    fake.send(done('resp_1', [fc('lookup_order', 'call_1', '{"order_id":"A-9"}')]));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sent('conversation.item.create').length, 1);
    call.detach();
  });

  test('a response with server and page calls: the server waits for the page\'s outputs, then sends one create', async () => {
    const { fake, call, sent } = await supervised([weather, lookupOrder(async () => ({ status: 'shipped' }))]);
    fake.send({ type: 'response.created', response: { id: 'resp_1' } });
    fake.send(done('resp_1', [fc('get_weather', 'call_w', '{}'), fc('lookup_order', 'call_o', '{"order_id":"A-1"}')]));
    await until(() => sent('conversation.item.create').length === 1, 'the server call\'s output');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(sent('response.create').length, 0, 'the page still owes get_weather');
    assert.equal(sent('conversation.item.create').length, 1, 'the server never answers the page\'s call');
    fake.send({ type: 'conversation.item.added', item: { type: 'function_call_output', call_id: 'call_w', output: '{"temp":3}' } });
    fake.send({ type: 'conversation.item.done', item: { type: 'function_call_output', call_id: 'call_w', output: '{"temp":3}' } });
    await until(() => sent('response.create').length === 1, 'the response.create');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sent('response.create').length, 1);
    call.detach();
  });

  test('page calls only, cancelled responses and incomplete calls: the server runs and sends nothing', async () => {
    let ran = 0;
    const { fake, call, sent } = await supervised([weather, lookupOrder(() => {
      ran += 1;
      return {};
    })]);
    fake.send(done('resp_1', [fc('get_weather', 'call_1', '{}')]));
    fake.send(done('resp_2', [fc('lookup_order', 'call_2', '{"order_id":"A-1"}')], 'cancelled'));
    fake.send(done('resp_3', [fc('lookup_order', 'call_3', '{"order_id', 'incomplete')]));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(ran, 0);
    assert.deepEqual([sent('conversation.item.create').length, sent('response.create').length], [0, 0]);
    call.detach();
  });

  test('a response under way holds the create; one refused as racing a response is sent again after it', async () => {
    const { fake, call, sent } = await supervised([lookupOrder(async () => ({ ok: true }))]);
    fake.send(done('resp_1', [fc('lookup_order', 'call_1', '{"order_id":"A-1"}')]));
    fake.send({ type: 'response.created', response: { id: 'resp_vad' } }); // the person spoke: VAD's response
    await until(() => sent('conversation.item.create').length === 1, 'the output');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sent('response.create').length, 0, 'held while VAD\'s response runs');
    fake.send(done('resp_vad', []));
    const [first] = await until(() => sent('response.create').length === 1 && sent('response.create'), 'the create');
    // OpenAI had started another response first: it refuses ours, echoing its event_id.
    fake.send({ type: 'response.created', response: { id: 'resp_other' } });
    fake.send({ type: 'error', error: { type: 'invalid_request_error', code: 'conversation_already_has_active_response', message: 'busy', event_id: first.event_id } });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sent('response.create').length, 1);
    fake.send(done('resp_other', []));
    await until(() => sent('response.create').length === 2, 'the create sent again');
    call.detach();
  });

  test('hung up while a server call runs: the handler is aborted, audited as such, nothing is sent after', async () => {
    let aborted = null;
    let running;
    const handlerRuns = new Promise((resolve) => (running = resolve));
    const { fake, call, records, ended, sent } = await supervised([lookupOrder((args, { signal }) => new Promise((resolve, reject) => {
      running();
      signal.addEventListener('abort', () => {
        aborted = signal.reason;
        reject(signal.reason);
      });
    }))]);
    fake.send(done('resp_1', [fc('lookup_order', 'call_1', '{"order_id":"A-1"}')]));
    // The hang-up must come while the handler runs: waited for, not slept for (a sleep lost to the
    // event's trip over the sideband on a loaded machine would hang up before the call began).
    await handlerRuns;
    assert.equal(records.length, 0);
    await call.hangup('application');
    await ended;
    assert.equal(aborted?.name, 'AbortError');
    const audited = records.filter((r) => r.event === 'server_tool_call');
    assert.deepEqual(audited.map((r) => r.outcome), ['aborted']);
    assert.ok(records.indexOf(audited[0]) < records.findIndex((r) => r.event === 'call_ended'), 'call_ended stays the last record');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual([sent('conversation.item.create').length, sent('response.create').length], [0, 0]);
  });
});
