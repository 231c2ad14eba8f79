// The page's one event stream on the WASM build under Node: createCompanion({ onEvent }) and
// companion.onEvent get the key lifecycle's events (a real key endpoint on 127.0.0.1) under their
// stream names, and every call of functionHandler made outside attach as started, then finished;
// no event holds a key, the model's arguments or a tool's result; a throwing listener is reported
// once per throw and breaks nothing.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';

import { createCompanion, CompanionConfigError } from '../../web/index.js';
import { startKeyEndpoint } from '../support/key-endpoint.mjs';
import { startBackend } from '../support/test-backend.mjs';
import { keyId } from '../../server/index.js';

let endpoint;
let backend;
const companions = [];
before(async () => {
  [endpoint, backend] = await Promise.all([startKeyEndpoint(), startBackend()]);
});
afterEach(() => companions.splice(0).forEach((c) => c.dispose()));
after(() => Promise.all([endpoint.close(), backend.close()]));

const tools = [
  { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, route: { path: '/json' } },
  { name: 'broken', route: { path: '/fail' } },
  { name: 'forget_me', needsApproval: true, route: { path: '/json' } },
];

async function companionWith(options) {
  const companion = await createCompanion({ baseUrl: backend.origin, tools, ...options });
  companions.push(companion);
  return companion;
}

/** Polls until `events` holds one of `type` at `from` or after. */
async function eventOf(events, type, from = 0) {
  for (let i = 0; i < 200; i++) {
    const event = events.slice(from).find((e) => e.type === type);
    if (event) return event;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no ${type} in ${events.map((e) => e.type).join(', ')}`);
}

test('keys: the warm-up fetch and a hand-out reach the onEvent option as key_fetched / key_handed_out, by keyId only', async () => {
  endpoint.state.behaviour = 'value_object';
  const events = [];
  const companion = await companionWith({ keyEndpoint: endpoint.url, onEvent: (event) => events.push(event) });
  const fetched = await eventOf(events, 'key_fetched'); // the warm-up: subscribed before it started
  const key = await companion.fetchEphemeralKey();
  const handedOut = await eventOf(events, 'key_handed_out');
  assert.equal(fetched.keyId, keyId(key));
  assert.equal(handedOut.keyId, keyId(key));
  assert.ok(Number.isFinite(fetched.at) && fetched.expiresAtMs > fetched.at);
  assert.ok(!JSON.stringify(events).includes(key), 'no event holds the key');
  // The narrower form still has the bare names.
  const bare = [];
  companion.onKeyEvent((event) => bare.push(event.type));
  await companion.fetchEphemeralKey();
  await eventOf(events, 'key_handed_out', events.indexOf(handedOut) + 1);
  assert.ok(bare.includes('handed_out') && !bare.some((type) => type.startsWith('key_')), bare.join());
});

test('keys: a master key from the endpoint is key_response_refused, an endpoint that fails is key_fetch_failed', async () => {
  endpoint.state.behaviour = 'master_key';
  const events = [];
  const companion = await companionWith({ keyEndpoint: endpoint.url, keys: { prefetchOnCreate: false } });
  companion.onEvent((event) => events.push(event));
  await assert.rejects(companion.fetchEphemeralKey(), { code: 'master_key_refused' });
  assert.equal((await eventOf(events, 'key_response_refused')).error, 'master_key_refused');
  assert.ok(!JSON.stringify(events).includes('sk-proj'), 'not even the refused value');

  endpoint.state.behaviour = 'unauthorized';
  const mark = events.length; // the refusal's fetch gave up too: a key_fetch_failed of its own
  await assert.rejects(companion.fetchEphemeralKey(), { code: 'key_fetch_failed' });
  const failed = await eventOf(events, 'key_fetch_failed', mark);
  assert.deepEqual([failed.error, failed.httpStatus], ['key_fetch_failed', 401]);
});

test('tool calls outside attach: tool_call_started then tool_call_finished, with no arguments or result', async () => {
  const events = [];
  const companion = await companionWith({});
  companion.onEvent((event) => events.push(event));
  const result = await companion.functionHandler({ name: 'weather', arguments: '{"city":"Reykjavik"}' }, { callId: 'call_7' });
  assert.deepEqual(result, { temp: 21, city: 'Paris' });
  assert.deepEqual(events.map((e) => e.type), ['tool_call_started', 'tool_call_finished']);
  const [started, finished] = events;
  assert.deepEqual({ ...started, at: 0 }, { type: 'tool_call_started', at: 0, name: 'weather', callId: 'call_7', runsOn: 'page' });
  assert.deepEqual({ ...finished, at: 0, durationMs: 0 },
    { type: 'tool_call_finished', at: 0, name: 'weather', callId: 'call_7', runsOn: 'page', ok: true, errorCode: null, durationMs: 0 });
  assert.ok(finished.durationMs > 0 && finished.at >= started.at);
  assert.ok(!/Reykjavik|Paris|temp/.test(JSON.stringify(events)), 'neither the arguments nor the result');
});

test('failed calls finish with the error code the model got (and the backend status of an http_error)', async () => {
  const events = [];
  const companion = await companionWith({ onEvent: (event) => events.push(event) });
  const finishedAfter = async (name, args) => {
    await companion.functionHandler({ name, arguments: args });
    return events.findLast((e) => e.type === 'tool_call_finished');
  };
  const invalid = await finishedAfter('weather', '{"city":42}');
  assert.deepEqual([invalid.ok, invalid.errorCode, invalid.callId, 'httpStatus' in invalid], [false, 'invalid_arguments', null, false]);
  const http = await finishedAfter('broken', '{}');
  assert.deepEqual([http.errorCode, http.httpStatus], ['http_error', 500]);
  assert.equal((await finishedAfter('nowhere', '{}')).errorCode, 'unknown_tool');
  assert.ok(!JSON.stringify(events).includes('database down'), "the backend's answer stays out");
});

test('approval outside attach is in the stream too: asked, declined, finished declined', async () => {
  const events = [];
  const companion = await companionWith({ onEvent: (event) => events.push(event), approve: () => false });
  assert.equal((await companion.functionHandler({ name: 'forget_me', arguments: '{}' }, { callId: 'call_3' })).error.code, 'declined');
  assert.deepEqual(events.map((e) => [e.type, e.callId]), [['tool_call_started', 'call_3'], ['tool_call_approval_requested', 'call_3'],
    ['tool_call_declined', 'call_3'], ['tool_call_finished', 'call_3']]);
  assert.equal(events.at(-1).errorCode, 'declined');
});

test("attach's calls are not told twice: with the caller's onEvent, only approval events go to it and none to the stream", async () => {
  const stream = [];
  const caller = [];
  const companion = await companionWith({ onEvent: (event) => stream.push(event.type), approve: () => true });
  await companion.functionHandler({ name: 'forget_me', arguments: '{}' }, { callId: 'call_1', onEvent: (type) => caller.push(type) });
  assert.deepEqual(caller, ['tool_call_approval_requested', 'tool_call_approved']);
  assert.deepEqual(stream, []);
});

test('a listener that throws is reported once per throw; the call, the other listeners and unsubscribing work', async (t) => {
  const reported = t.mock.method(console, 'error', () => {});
  const seen = [];
  const companion = await companionWith({ onEvent: () => { throw new Error('logging bug'); } });
  companion.onEvent(async () => { throw new Error('async logging bug'); }); // a rejection: ignored, never unhandled
  const unsubscribe = companion.onEvent((event) => seen.push(event.type));
  assert.deepEqual(await companion.functionHandler({ name: 'weather', arguments: '{"city":"Oslo"}' }), { temp: 21, city: 'Paris' });
  assert.deepEqual(seen, ['tool_call_started', 'tool_call_finished']);
  assert.equal(reported.mock.callCount(), 2, 'started and finished, once each');
  assert.match(String(reported.mock.calls[0].arguments[0]), /an onEvent listener threw/);
  assert.equal(unsubscribe(), true);
  await companion.functionHandler({ name: 'weather', arguments: '{"city":"Oslo"}' });
  assert.equal(seen.length, 2, 'unsubscribed');
});

test('onEvent must be a function', async () => {
  await assert.rejects(createCompanion({ baseUrl: backend.origin, onEvent: 'log' }), (error) => error instanceof CompanionConfigError && /onEvent must be a function/.test(error.message));
  const companion = await companionWith({});
  assert.throws(() => companion.onEvent(null), TypeError);
});

test("the docs' spinner: shown while a call runs, hidden once it finished", async () => {
  const spinner = { hidden: true };
  const shown = [];
  const companion = await companionWith({ tools: [{ name: 'look', execute: () => shown.push(!spinner.hidden) }] });
  // docs/deepchat.md ("Events") and the README show this block.
  const running = new Set();
  companion.onEvent((event) => {
    if (event.type === 'tool_call_started') running.add(event.callId);
    if (event.type === 'tool_call_finished') running.delete(event.callId);
    spinner.hidden = running.size === 0;
  });
  await companion.functionHandler({ name: 'look', arguments: '{}' }, { callId: 'call_1' });
  assert.deepEqual(shown, [true], 'shown while it ran');
  assert.equal(spinner.hidden, true, 'hidden after');
});
