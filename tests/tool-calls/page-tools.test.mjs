// Tools the page runs (`execute`) and calls that need approval (`needsApproval`), on the WASM
// build under Node: the same validation, deadline, AbortSignal and result shaping as routed tools.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { createCompanion, CompanionConfigError } from '../../web/index.js';
import { compileToolSet } from '../../server/index.js';
import { startBackend } from '../support/test-backend.mjs';

let backend;
before(async () => {
  backend = await startBackend();
});
after(() => backend.close());

const theme = {
  name: 'set_theme',
  description: 'Switch the page theme',
  parameters: { type: 'object', properties: { theme: { enum: ['light', 'dark'] } }, required: ['theme'], additionalProperties: false },
};

async function handled(tools, name, args, { options = {}, context } = {}) {
  const companion = await createCompanion({ baseUrl: backend.origin, tools, ...options });
  try {
    return await companion.functionHandler({ name, arguments: args }, context);
  } finally {
    companion.dispose();
  }
}

test('a page-run tool gets the validated arguments, its name, the call id and a signal', async () => {
  let seen;
  const execute = (args, context) => {
    seen = { args, ...context };
    return { theme: args.theme };
  };
  const result = await handled([{ ...theme, execute }], 'set_theme', '{"theme":"dark"}', { context: { callId: 'call_1' } });
  assert.deepEqual(result, { theme: 'dark' });
  assert.deepEqual(seen.args, { theme: 'dark' });
  assert.equal(seen.name, 'set_theme');
  assert.equal(seen.callId, 'call_1');
  assert.ok(seen.signal instanceof AbortSignal);
  assert.equal(backend.requests.filter((request) => request.path === '/set_theme').length, 0, 'no request for a page-run tool');
});

test('arguments the schema refuses never reach execute', async () => {
  let calls = 0;
  const result = await handled([{ ...theme, execute: () => ++calls }], 'set_theme', '{"theme":"pink"}');
  assert.equal(result.error.code, 'invalid_arguments');
  assert.equal(calls, 0);
  assert.equal((await handled([{ ...theme, execute: () => ++calls }], 'set_theme', 'not json')).error.code, 'invalid_arguments');
  assert.equal(calls, 0);
});

test('what execute gives is shaped as a route answer is', async () => {
  const run = (execute, options) => handled([{ name: 't', execute }], 't', '{}', { options });
  assert.deepEqual(await run(() => [1, 2]), { response: [1, 2] });
  assert.deepEqual(await run(async () => 'done'), { response: 'done' });
  assert.deepEqual(await run(() => undefined), { response: null });
  const cycle = {};
  cycle.self = cycle;
  assert.equal((await run(() => cycle)).error.code, 'invalid_response');
  assert.equal((await run(() => ({ big: 10n }))).error.code, 'invalid_response');
  const large = await run(() => ({ text: 'x'.repeat(200) }), { defaults: { maxResponseBytes: 100 } });
  assert.equal(large.error.code, 'response_too_large');
  assert.equal(large.error.maxResponseBytes, 100);
});

test('a throw is internal_error with a short message only', async () => {
  const secret = `token=${'s'.repeat(300)}`;
  const result = await handled([{ name: 't', execute: () => { throw new TypeError(`bad ${secret}`); } }], 't', '{}');
  assert.equal(result.error.code, 'internal_error');
  assert.match(result.error.message, /TypeError: bad token=s+…/);
  assert.ok(!result.error.message.includes(secret), 'the message is cut');
  const odd = await handled([{ name: 't', execute: () => { throw { get message() { throw new Error('no'); } }; } }], 't', '{}');
  assert.equal(odd.error.code, 'internal_error');
});

test("execute past the tool's timeoutMs answers timeout, and its signal aborts", async () => {
  let signal;
  const result = await handled([{ name: 'slow', timeoutMs: 50, execute: (args, context) => {
    signal = context.signal;
    return new Promise(() => {});
  } }], 'slow', '{}');
  assert.equal(result.error.code, 'timeout');
  assert.equal(result.error.timeoutMs, 50);
  assert.equal(signal.aborted, true);
});

test('the session stopping aborts execute: the call answers aborted (never sent)', async () => {
  const stop = new AbortController();
  let signal;
  const pending = handled([{ name: 'slow', execute: (args, context) => {
    signal = context.signal;
    setTimeout(() => stop.abort(), 10);
    return new Promise(() => {});
  } }], 'slow', '{}', { context: { signal: stop.signal } });
  assert.equal((await pending).error.code, 'aborted');
  assert.equal(signal.aborted, true);
});

test('the public tools never hold execute, needsApproval or timeoutMs', async () => {
  const companion = await createCompanion({
    baseUrl: backend.origin,
    tools: [{ ...theme, execute: () => ({}), timeoutMs: 5000, needsApproval: (args) => args.theme === 'dark' }, { name: 'routed', needsApproval: true }],
  });
  try {
    for (const tool of companion.tools) {
      assert.deepEqual(Object.keys(tool).filter((key) => ['execute', 'needsApproval', 'timeoutMs', 'route'].includes(key)), []);
    }
    assert.equal(JSON.stringify(companion.tools).includes('execute'), false);
  } finally {
    companion.dispose();
  }
});

test('creation refuses an execute that is not a function, or beside a route', async () => {
  const refused = (tools, pattern, options = {}) => assert.rejects(createCompanion({ baseUrl: backend.origin, tools, ...options }),
    (error) => error instanceof CompanionConfigError && pattern.test(error.message));
  await refused([{ name: 't', execute: 'run' }], /tool "t": execute must be a function/);
  await refused([{ name: 't', execute: true }], /tool "t": execute must be a function/);
  await refused([{ name: 't', execute: () => 1, route: { method: 'POST' } }], /both execute .* and route .*keep one/);
  await refused([{ name: 't', needsApproval: 'yes' }], /needsApproval must be true or false/);
  await refused([{ name: 't', timeoutMs: 5 }], /timeoutMs on a tool is for a tool the page runs/);
  await refused([{ name: 't', execute: () => 1 }], /execute \(functions by tool name\) is for a compiled toolSet/, { execute: { t: () => 1 } });
  await refused([], /approve must be a function/, { approve: true });
});

test('with a compiled set, execute gives the functions by name; a missing, extra or non-function one is refused', async () => {
  const { bytes } = await compileToolSet([{ ...theme, execute: () => ({}) }, { name: 'routed' }]);
  const load = (execute) => createCompanion({ baseUrl: backend.origin, toolSet: bytes, execute });
  const companion = await load({ set_theme: ({ theme: chosen }) => ({ chosen }) });
  try {
    assert.deepEqual(await companion.functionHandler({ name: 'set_theme', arguments: '{"theme":"light"}' }), { chosen: 'light' });
    assert.equal((await companion.functionHandler({ name: 'set_theme', arguments: '{}' })).error.code, 'invalid_arguments');
  } finally {
    companion.dispose();
  }
  const refused = (execute, pattern) => assert.rejects(load(execute), (error) => error instanceof CompanionConfigError && pattern.test(error.message));
  await refused(undefined, /the tool set says the page runs "set_theme": give its function as execute\["set_theme"\]/);
  await refused({}, /the page runs "set_theme"/);
  await refused({ set_theme: 'fn' }, /execute\["set_theme"\] must be a function/);
  await refused({ set_theme: () => 1, routed: () => 1 }, /execute\["routed"\]: the tool set has no tool of that name that the page runs/);
  await refused({ set_theme: () => 1, nowhere: () => 1 }, /execute\["nowhere"\]/);
  await refused([() => 1], /execute must be an object/);
});

test('needsApproval: approve is asked with the validated call; only true runs it', async () => {
  let asked;
  const events = [];
  const tools = [{ ...theme, needsApproval: true, execute: ({ theme: chosen }) => ({ chosen }) }];
  const context = (approve) => ({ callId: 'call_9', approve, onEvent: (type, detail) => events.push({ type, ...detail }) });
  const allowed = await handled(tools, 'set_theme', '{"theme":"dark"}', { context: context((call) => {
    asked = call;
    return Promise.resolve(true);
  }) });
  assert.deepEqual(allowed, { chosen: 'dark' });
  assert.deepEqual({ ...asked, signal: undefined }, { name: 'set_theme', arguments: { theme: 'dark' }, callId: 'call_9', signal: undefined });
  assert.ok(asked.signal instanceof AbortSignal);
  assert.deepEqual(events.map(({ type }) => type), ['tool_call_approval_requested', 'tool_call_approved']);

  events.length = 0;
  const declined = await handled(tools, 'set_theme', '{"theme":"dark"}', { context: context(() => false) });
  assert.equal(declined.error.code, 'declined');
  assert.match(declined.error.message, /The user declined this call of "set_theme"; it was not run/);
  assert.deepEqual(events.at(-1), { type: 'tool_call_declined', name: 'set_theme', callId: 'call_9', reason: 'user' });
  // Fail closed: a truthy value that is not true, or a throw, declines.
  assert.equal((await handled(tools, 'set_theme', '{"theme":"dark"}', { context: context(() => 'yes') })).error.code, 'declined');
  assert.equal((await handled(tools, 'set_theme', '{"theme":"dark"}', { context: context(() => { throw new Error('ui broke'); }) })).error.code, 'declined');
  assert.equal(events.at(-1).reason, 'error');
  // Invalid arguments are refused before anyone is asked.
  let bothered = false;
  assert.equal((await handled(tools, 'set_theme', '{"theme":"pink"}', { context: context(() => (bothered = true)) })).error.code, 'invalid_arguments');
  assert.equal(bothered, false);
});

test('without any approve function a call that needs approval is declined, saying why', async () => {
  const result = await handled([{ name: 'pay', needsApproval: true, execute: () => 'paid' }], 'pay', '{}');
  assert.equal(result.error.code, 'declined');
  assert.match(result.error.message, /nobody could be asked/);
});

test("createCompanion's approve is used unless the call brings its own", async () => {
  const tools = [{ name: 'pay', needsApproval: true, execute: () => 'paid' }];
  assert.deepEqual(await handled(tools, 'pay', '{}', { options: { approve: () => true } }), { response: 'paid' });
  assert.equal((await handled(tools, 'pay', '{}', { options: { approve: () => true }, context: { approve: () => false } })).error.code, 'declined');
  // attach's in-element confirmation is only the fallback.
  assert.deepEqual(await handled(tools, 'pay', '{}', { options: { approve: () => true }, context: { defaultApprove: () => false } }), { response: 'paid' });
});

test('needsApproval as a function of the arguments asks only when it does not say false', async () => {
  let asked = 0;
  const tools = [{ name: 'pay', parameters: { type: 'object', properties: { amount: { type: 'number' } } },
    needsApproval: async ({ amount }) => amount > 100, execute: ({ amount }) => ({ paid: amount }) }];
  const approve = () => ++asked > 0;
  assert.deepEqual(await handled(tools, 'pay', '{"amount":5}', { options: { approve } }), { paid: 5 });
  assert.equal(asked, 0);
  assert.deepEqual(await handled(tools, 'pay', '{"amount":500}', { options: { approve } }), { paid: 500 });
  assert.equal(asked, 1);
  const throwing = [{ ...tools[0], needsApproval: () => { throw new Error('oops'); } }];
  assert.equal((await handled(throwing, 'pay', '{"amount":5}', { options: { approve: () => false } })).error.code, 'declined');
});

test('a routed tool that needs approval sends nothing when declined, and its request when approved', async () => {
  const tools = [{ name: 'json', needsApproval: true }];
  const before = backend.requests.length;
  assert.equal((await handled(tools, 'json', '{}', { options: { approve: () => false } })).error.code, 'declined');
  assert.equal(backend.requests.length, before);
  assert.deepEqual(await handled(tools, 'json', '{}', { options: { approve: () => true } }), { temp: 21, city: 'Paris' });
  assert.equal(backend.requests.length, before + 1);
});

test("waiting for approval past the call's deadline answers timeout and aborts approve's signal", async () => {
  let signal;
  const events = [];
  const result = await handled([{ name: 'pay', needsApproval: true, timeoutMs: 50, execute: () => 'paid' }], 'pay', '{}', {
    context: {
      approve: (call) => {
        signal = call.signal;
        return new Promise(() => {});
      },
      onEvent: (type, detail) => events.push({ type, ...detail }),
    },
  });
  assert.equal(result.error.code, 'timeout');
  assert.equal(signal.aborted, true);
  assert.equal(events.at(-1).type, 'tool_call_declined');
  assert.equal(events.at(-1).reason, 'timeout');
});

test('the session stopping while approval is awaited answers aborted and runs nothing', async () => {
  const stop = new AbortController();
  let ran = false;
  let signal;
  const result = await handled([{ name: 'pay', needsApproval: true, execute: () => (ran = true) }], 'pay', '{}', {
    context: {
      signal: stop.signal,
      approve: (call) => {
        signal = call.signal;
        setTimeout(() => stop.abort(), 10);
        return new Promise(() => {});
      },
    },
  });
  assert.equal(result.error.code, 'aborted');
  assert.equal(signal.aborted, true);
  assert.equal(ran, false);
});

test('a compiled set keeps needsApproval: true, and the page is asked', async () => {
  const { bytes } = await compileToolSet([{ name: 'json', needsApproval: true }, { name: 'array' }]);
  let asked = 0;
  const companion = await createCompanion({ baseUrl: backend.origin, toolSet: bytes, approve: () => ++asked === 0 });
  try {
    assert.equal((await companion.functionHandler({ name: 'json', arguments: '{}' })).error.code, 'declined');
    assert.deepEqual(await companion.functionHandler({ name: 'array', arguments: '{}' }), { response: [1, 2, 3] });
    assert.equal(asked, 1);
  } finally {
    companion.dispose();
  }
});

test('a context that cannot be read is ignored, never thrown', async () => {
  const hostile = new Proxy({}, { get() { throw new Error('no'); } });
  assert.deepEqual(await handled([{ name: 't', execute: () => ({ ok: true }) }], 't', '{}', { context: hostile }), { ok: true });
});

test("docs/page-tools.md's sample: a page-run tool and a tool that asks first", async () => {
  const applied = [];
  const applyTheme = (theme, { signal }) => {
    assert.ok(signal instanceof AbortSignal);
    applied.push(theme);
    return { theme };
  };
  const tools = [
    {
      name: 'set_theme',
      description: "Switch this page's theme.",
      parameters: { type: 'object', properties: { theme: { enum: ['light', 'dark'] } }, required: ['theme'] },
      // Runs in the page: validated arguments in, any value out (an object as it is, else { response }).
      execute: ({ theme }, { signal }) => applyTheme(theme, { signal }),
    },
    {
      name: 'cancel_booking',
      description: 'Cancel a booking. The person confirms first.',
      parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      route: { method: 'POST', path: '/api/cancel', timeoutMs: 60000 }, // a minute to read the question
      needsApproval: true,
    },
  ];
  const approve = async ({ name, arguments: args }) => name === 'cancel_booking' && args.id === 'b-7';
  const companion = await createCompanion({ baseUrl: backend.origin, tools, approve });
  try {
    assert.deepEqual(await companion.functionHandler({ name: 'set_theme', arguments: '{"theme":"dark"}' }), { theme: 'dark' });
    assert.deepEqual(applied, ['dark']);
    assert.equal((await companion.functionHandler({ name: 'cancel_booking', arguments: '{"id":"b-8"}' })).error.code, 'declined');
    const sent = backend.requests.length;
    await companion.functionHandler({ name: 'cancel_booking', arguments: '{"id":"b-7"}' });
    assert.equal(backend.requests.at(-1).path, '/api/cancel');
    assert.equal(backend.requests.length, sent + 1);
  } finally {
    companion.dispose();
  }
});
