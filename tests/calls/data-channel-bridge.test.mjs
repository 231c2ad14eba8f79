// web/data-channel-bridge.js on a stand-in for DeepChat's service and its oai-events channel: the
// bridge runs every completed call once and DeepChat sees none; one response.create, never during a
// response; recoverable errors kept from DeepChat; calls aborted when the session stops; GA content
// types; GA names for a beta DeepChat.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { bridgeDataChannel } from '../../web/data-channel-bridge.js';

/** What DeepChat does with its channel: assigns it to `_dc`, listens through `_dc`, sends through `_dc`. */
function fakeDeepChat({ dialect = 'ga', answer = async (call) => ({ answered: call.name }), serverTools } = {}) {
  const channel = new EventTarget();
  channel.readyState = 'open';
  channel.sent = [];
  channel.send = (text) => channel.sent.push(JSON.parse(text));
  const service = { _dc: undefined, received: [] };
  const events = [];
  bridgeDataChannel(service, { dialect: () => dialect, ...(serverTools && { serverTools: () => serverTools }), answer, onEvent: (type, detail) => events.push([type, detail]) });
  service._dc = channel;
  service._dc.addEventListener('message', (e) => service.received.push(JSON.parse(e.data)));
  return {
    service, channel, events,
    fromServer: (event) => channel.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(event) })),
    fromDeepChat: (event) => service._dc.send(JSON.stringify(event)),
    sentTypes: () => channel.sent.map((e) => (e.type === 'conversation.item.create' ? `output:${e.item.call_id ?? e.item.type}` : e.type)),
    eventTypes: () => events.map(([type]) => type),
  };
}
const call = (name, id, status = 'completed') => ({ type: 'function_call', status, name, call_id: id, arguments: '{}' });
const done = (output, extra = {}) => ({ type: 'response.done', response: { id: extra.id ?? 'resp_1', status: 'completed', output, ...extra } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

test('two calls in one response: the bridge answers both, DeepChat sees neither, then exactly one response.create', async () => {
  let release;
  const slow = new Promise((resolve) => (release = resolve));
  const d = fakeDeepChat({ answer: async (c) => (c.name === 'b' && await slow, { answered: c.name }) });
  d.fromServer(done([call('a', 'c1'), call('b', 'c2')]));
  assert.deepEqual(d.service.received.at(-1).response.output, [], 'DeepChat is shown no call to run');
  await settle();
  assert.deepEqual(d.sentTypes(), ['output:c1'], 'no response.create while c2 owes its output');
  release();
  await settle();
  assert.deepEqual(d.sentTypes(), ['output:c1', 'output:c2', 'response.create']);
  assert.deepEqual(JSON.parse(d.channel.sent[1].item.output), { answered: 'b' });
  assert.deepEqual(d.eventTypes(), ['parallel_calls', 'tool_call_started', 'tool_call_started']);
});

test('a preamble message stays for DeepChat; the call after it runs; calls split over two responses get one create', async () => {
  const gates = {};
  const d = fakeDeepChat({ answer: (c) => new Promise((resolve) => (gates[c.name] = () => resolve({ ok: c.name }))) });
  const preamble = { type: 'message', role: 'assistant', phase: 'commentary', status: 'completed', content: [{ type: 'output_audio', transcript: 'Let me check.' }] };
  d.fromServer({ type: 'response.created', response: { id: 'r1' } });
  d.fromServer(done([preamble, call('a', 'c1'), call('b', 'c2')], { id: 'r1' }));
  assert.deepEqual(d.service.received.at(-1).response.output, [preamble]);
  d.fromServer({ type: 'response.created', response: { id: 'r2' } });
  d.fromServer(done([call('c', 'c3'), call('d', 'c4')], { id: 'r2' }));
  await settle();
  gates.a();
  gates.c();
  gates.d();
  await settle();
  assert.ok(!d.sentTypes().includes('response.create'), 'c2 (the first response\'s) still owes its output');
  gates.b();
  await settle();
  assert.deepEqual(d.sentTypes().filter((t) => t === 'response.create'), ['response.create']);
  assert.equal(d.sentTypes().at(-1), 'response.create');
  assert.deepEqual(d.sentTypes().filter((t) => t.startsWith('output:')).sort(), ['output:c1', 'output:c2', 'output:c3', 'output:c4']);
});

test('a cancelled response\'s calls and an incomplete call are neither run nor answered; DeepChat sees none of them', async () => {
  const ran = [];
  const d = fakeDeepChat({ answer: async (c) => (ran.push(c.name), {}) });
  d.fromServer(done([call('a', 'c1', 'incomplete')], { status: 'cancelled', status_details: { type: 'cancelled', reason: 'turn_detected' } }));
  d.fromServer(done([call('b', 'c2', 'incomplete'), call('c', 'c3')], { id: 'resp_2' }));
  d.fromServer(done([call('d', 'c4')], { id: 'resp_3', status: 'incomplete', status_details: { type: 'incomplete', reason: 'max_output_tokens' } }));
  await settle();
  assert.deepEqual(ran, ['c'], 'only the completed call of a completed response');
  assert.deepEqual(d.sentTypes(), ['output:c3', 'response.create']);
  assert.ok(d.service.received.every((e) => e.response.output.every((i) => i.type !== 'function_call')));
  const skipped = d.events.filter(([type]) => type === 'tool_calls_skipped').map(([, detail]) => [detail.status, detail.reason, detail.calls.map((c) => c.reason)]);
  assert.deepEqual(skipped, [['cancelled', 'turn_detected', ['response_cancelled']], ['completed', null, ['call_incomplete']], ['incomplete', 'max_output_tokens', ['response_incomplete']]]);
});

test('a repeated call_id (in one response, or a replayed response.done) runs once', async () => {
  const ran = [];
  const d = fakeDeepChat({ answer: async (c) => (ran.push(c.name), {}) });
  d.fromServer(done([call('a', 'c1'), call('a', 'c1')]));
  d.fromServer(done([call('a', 'c1')]));
  await settle();
  assert.deepEqual(ran, ['a']);
  assert.deepEqual(d.sentTypes(), ['output:c1', 'response.create']);
});

test('barge-in: DeepChat\'s and the bridge\'s creates wait for the VAD response, then one goes out', async () => {
  let release;
  const d = fakeDeepChat({ answer: () => new Promise((resolve) => (release = () => resolve({ ok: true }))) });
  d.fromServer(done([call('a', 'c1')], { id: 'r1' }));
  d.fromServer({ type: 'input_audio_buffer.speech_started' });
  d.fromServer({ type: 'response.created', response: { id: 'r_vad' } });
  release();
  await settle();
  d.fromDeepChat({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] } });
  d.fromDeepChat({ type: 'response.create' });
  assert.deepEqual(d.sentTypes(), ['output:c1', 'output:message'], 'nothing created during the VAD response');
  d.fromServer(done([], { id: 'r_vad' }));
  assert.deepEqual(d.sentTypes(), ['output:c1', 'output:message', 'response.create']);
  assert.match(d.channel.sent.at(-1).event_id, /^rc_create_/);
});

test('a create refused with conversation_already_has_active_response is swallowed and sent again after that response', async () => {
  const d = fakeDeepChat();
  d.fromDeepChat({ type: 'response.create' });
  const first = d.channel.sent.at(-1).event_id;
  // The VAD response began before our create reached OpenAI.
  d.fromServer({ type: 'error', event_id: 'event_1', error: { type: 'invalid_request_error', code: 'conversation_already_has_active_response', message: 'Conversation already has an active response in progress: resp_v.', param: null, event_id: first } });
  d.fromServer({ type: 'response.created', response: { id: 'resp_v' } });
  assert.equal(d.service.received.filter((e) => e.type === 'error').length, 0, 'DeepChat never sees it');
  assert.equal(d.sentTypes().filter((t) => t === 'response.create').length, 1, 'no storm');
  d.fromServer(done([], { id: 'resp_v' }));
  assert.equal(d.sentTypes().filter((t) => t === 'response.create').length, 2, 'sent again once the response is over');
  assert.notEqual(d.channel.sent.at(-1).event_id, first);
  const [, detail] = d.events.find(([type]) => type === 'realtime_error');
  assert.deepEqual([detail.code, detail.eventId, detail.handled], ['conversation_already_has_active_response', first, 'response_deferred']);
});

test('recoverable errors become events; a fatal one reaches DeepChat; an unknown code is kept from it and reported', () => {
  const d = fakeDeepChat();
  for (const code of ['response_cancel_not_active', 'input_audio_buffer_commit_empty', 'cannot_update_voice', 'some_new_code']) {
    d.fromServer({ type: 'error', error: { type: 'invalid_request_error', code, message: `m ${code}`, param: null, event_id: 'evt_client_7' } });
  }
  assert.equal(d.service.received.length, 0);
  const reported = d.events.filter(([type]) => type === 'realtime_error').map(([, e]) => [e.code, e.eventId, e.known]);
  assert.deepEqual(reported, [['response_cancel_not_active', 'evt_client_7', true], ['input_audio_buffer_commit_empty', 'evt_client_7', true],
    ['cannot_update_voice', 'evt_client_7', true], ['some_new_code', 'evt_client_7', false]]);
  d.fromServer({ type: 'error', error: { type: 'invalid_request_error', code: 'session_expired', message: 'Your session hit the maximum duration of 60 minutes.', param: null, event_id: null } });
  assert.deepEqual(d.service.received.map((e) => e.error.code), ['session_expired']);
  assert.deepEqual(d.events.at(-1)[0], 'session_error');
});

test('the session stops: running calls are aborted (the signal fires), nothing is sent for them', async () => {
  const signals = [];
  const d = fakeDeepChat({ answer: (c, { signal }) => new Promise((resolve, reject) => {
    signals.push(signal);
    signal.addEventListener('abort', () => reject(signal.reason));
  }) });
  d.fromServer(done([call('slow', 'c1'), call('slower', 'c2')]));
  await settle();
  d.service._dc = undefined; // DeepChat's stop()
  await settle();
  assert.ok(signals.length === 2 && signals.every((s) => s.aborted));
  assert.deepEqual(d.sentTypes(), []);
  assert.deepEqual(d.events.filter(([t]) => t === 'tool_call_aborted').map(([, e]) => [e.name, e.reason]), [['slow', 'session_stopped'], ['slower', 'session_stopped']]);
});

test('OpenAI closes the channel while DeepChat holds it: channel_closed with the last error; a stop by DeepChat says nothing', () => {
  const d = fakeDeepChat();
  d.fromServer({ type: 'error', error: { code: 'session_expired', message: 'over' } });
  d.channel.dispatchEvent(new Event('close'));
  const [, detail] = d.events.find(([type]) => type === 'channel_closed');
  assert.equal(detail.error.code, 'session_expired');
  const e = fakeDeepChat();
  const channel = e.channel;
  e.service._dc = undefined;
  channel.dispatchEvent(new Event('close'));
  assert.ok(!e.eventTypes().includes('channel_closed'));
});

test('a throwing or non-object answer still reaches the model as an object', async () => {
  const d = fakeDeepChat({ answer: async (c) => { if (c.name === 'b') throw new Error('boom'); return 'text'; } });
  d.fromServer(done([call('a', 'c1'), call('b', 'c2'), call('c', 'c3')]));
  await settle();
  const outputs = Object.fromEntries(d.channel.sent.filter((e) => e.item).map((e) => [e.item.call_id, JSON.parse(e.item.output)]));
  assert.equal(outputs.c2.error.code, 'internal_error');
  assert.deepEqual(outputs.c3, { response: 'text' });
});

test('assistant messages DeepChat sends get GA content types; user ones pass as sent', () => {
  const d = fakeDeepChat();
  d.fromDeepChat({ type: 'conversation.item.create', item: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Hello' }] } });
  d.fromDeepChat({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] } });
  assert.deepEqual(d.channel.sent.map((e) => e.item.content[0].type), ['output_text', 'input_text']);
});

test('beta DeepChat: GA event names renamed and its session.update put in GA shape; a GA DeepChat sees them as sent', () => {
  const beta = fakeDeepChat({ dialect: 'beta' });
  const ga = fakeDeepChat({ dialect: 'ga' });
  for (const d of [beta, ga]) {
    d.fromServer({ type: 'response.output_audio_transcript.done', transcript: 'hello' });
    d.fromServer({ type: 'conversation.item.added', item: {} });
    d.fromServer({ type: 'session.created', session: {} });
    d.fromDeepChat({ type: 'session.update', session: { voice: 'alloy', modalities: ['audio', 'text'], input_audio_format: 'pcm16', temperature: 0.8, instructions: 'x' } });
  }
  assert.deepEqual(beta.service.received.map((e) => e.type), ['response.audio_transcript.done', 'conversation.item.created', 'session.created']);
  assert.deepEqual(ga.service.received.map((e) => e.type), ['response.output_audio_transcript.done', 'conversation.item.added', 'session.created']);
  assert.deepEqual(beta.channel.sent[0].session, {
    type: 'realtime', instructions: 'x', output_modalities: ['audio'],
    audio: { output: { voice: 'alloy' }, input: { format: { type: 'audio/pcm', rate: 24000 } } },
  });
  assert.equal(ga.channel.sent[0].session.voice, 'alloy', 'a GA DeepChat sends what it sends');
});

test('a message event seen by two listeners is looked at once (each call answered once)', async () => {
  const d = fakeDeepChat();
  d.service._dc.addEventListener('message', () => {});
  d.fromServer(done([call('a', 'c1'), call('b', 'c2')]));
  await settle();
  assert.equal(d.channel.sent.filter((e) => e.item?.call_id === 'c2').length, 1);
});

test('hostile response.done shapes do not throw and run nothing', async () => {
  const d = fakeDeepChat({ answer: async () => assert.fail('nothing should run') });
  for (const response of [null, 7, 'x', { output: null }, { output: [null, 1, 'x', { type: 'function_call' }] }, { output: [{ type: 'function_call', status: 'completed', call_id: 'x'.repeat(300) }] }]) {
    d.fromServer({ type: 'response.done', response });
  }
  d.channel.dispatchEvent(new MessageEvent('message', { data: 'not json' }));
  await settle();
  assert.deepEqual(d.sentTypes(), []);
});

test('tools the server runs: the page neither runs nor answers them, answers its own, and leaves that response\'s create to the server', async () => {
  const ran = [];
  const d = fakeDeepChat({ serverTools: new Set(['lookup_order']), answer: async (c) => (ran.push(c.name), { answered: c.name }) });
  d.fromServer({ type: 'response.created', response: { id: 'resp_1' } });
  d.fromServer(done([call('get_weather', 'c1'), call('lookup_order', 'c2')]));
  await settle();
  assert.deepEqual(ran, ['get_weather']);
  assert.deepEqual(d.sentTypes(), ['output:c1'], 'its own output; no create: the server continues this response');
  // DeepChat asks for a response meanwhile: held while the server's call owes its output.
  d.fromDeepChat({ type: 'response.create' });
  await settle();
  assert.deepEqual(d.sentTypes(), ['output:c1']);
  const serverOutput = { type: 'function_call_output', call_id: 'c2', output: '{"status":"shipped"}' };
  d.fromServer({ type: 'conversation.item.added', item: serverOutput });
  d.fromServer({ type: 'conversation.item.done', item: serverOutput });
  await settle();
  assert.deepEqual(d.sentTypes(), ['output:c1', 'response.create'], 'DeepChat\'s create goes once the server\'s output is in');
  assert.deepEqual(d.events.filter(([type]) => type.startsWith('tool_call')).map(([type, detail]) => [type, detail.name, detail.runsOn]), [
    ['tool_call_started', 'get_weather', 'page'], ['tool_call_started', 'lookup_order', 'server'], ['tool_call_finished', 'lookup_order', 'server']]);
});

test('a response with the server\'s calls only: the page sends nothing; without the server\'s list the call is the page\'s', async () => {
  const d = fakeDeepChat({ serverTools: new Set(['lookup_order']) });
  d.fromServer(done([call('lookup_order', 'c1')]));
  await settle();
  assert.deepEqual(d.sentTypes(), []);
  assert.deepEqual(d.service.received.at(-1).response.output, [], 'DeepChat is shown no call');
  const plain = fakeDeepChat();
  plain.fromServer(done([call('lookup_order', 'c1')]));
  await settle();
  assert.deepEqual(plain.sentTypes(), ['output:c1', 'response.create']);
});
