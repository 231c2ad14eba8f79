// web/data-channel-bridge.js on a stand-in for DeepChat's service and its oai-events channel: every
// function call of a response answered before one response.create, GA names for a beta DeepChat,
// nothing changed for a GA one beyond that.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { bridgeDataChannel } from '../../web/data-channel-bridge.js';

/** What DeepChat does with its channel: assigns it to `_dc`, listens through `_dc`, sends through `_dc`. */
function fakeDeepChat({ dialect = 'ga', answer = async (call) => ({ answered: call.name }) } = {}) {
  const channel = new EventTarget();
  channel.readyState = 'open';
  channel.sent = [];
  channel.send = (text) => channel.sent.push(JSON.parse(text));
  const service = { _dc: undefined, received: [] };
  const events = [];
  bridgeDataChannel(service, { dialect: () => dialect, answer, onEvent: (type, detail) => events.push([type, detail]) });
  service._dc = channel;
  service._dc.addEventListener('message', (e) => service.received.push(JSON.parse(e.data)));
  return {
    service, channel, events,
    fromServer: (event) => channel.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(event) })),
    fromDeepChat: (event) => service._dc.send(JSON.stringify(event)),
  };
}
const call = (name, id) => ({ type: 'function_call', name, call_id: id, arguments: '{}' });
const output = (id) => ({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: id, output: '{}' } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

test('two calls in one response: DeepChat answers the first, the bridge the second, then exactly one response.create', async () => {
  let release;
  const slow = new Promise((resolve) => (release = resolve));
  const d = fakeDeepChat({ answer: async (c) => (await slow, { answered: c.name }) });
  d.fromServer({ type: 'response.done', response: { output: [call('a', 'c1'), call('b', 'c2')] } });
  assert.equal(d.service.received.at(-1).response.output[0].call_id, 'c1');
  // DeepChat answers output[0] at once and asks for a response.
  d.fromDeepChat(output('c1'));
  d.fromDeepChat({ type: 'response.create' });
  assert.deepEqual(d.channel.sent.map((e) => e.type), ['conversation.item.create'], 'response.create held');
  release();
  await settle();
  assert.deepEqual(d.channel.sent.map((e) => [e.type, e.item?.call_id]), [['conversation.item.create', 'c1'], ['conversation.item.create', 'c2'], ['response.create', undefined]]);
  assert.deepEqual(JSON.parse(d.channel.sent[1].item.output), { answered: 'b' });
  assert.deepEqual(d.events, [['parallel_calls', { count: 2 }]]);
});

test('our answer first, DeepChat\'s after: its response.create passes once all are answered', async () => {
  const d = fakeDeepChat();
  d.fromServer({ type: 'response.done', response: { output: [call('a', 'c1'), call('b', 'c2'), call('c', 'c3')] } });
  await settle(); // c2 and c3 answered by the bridge
  d.fromDeepChat(output('c1'));
  d.fromDeepChat({ type: 'response.create' });
  assert.deepEqual(d.channel.sent.map((e) => e.type), ['conversation.item.create', 'conversation.item.create', 'conversation.item.create', 'response.create']);
  d.fromDeepChat({ type: 'response.create' });
  assert.equal(d.channel.sent.filter((e) => e.type === 'response.create').length, 2, 'later ones are not held');
});

test('a call behind a message is moved first so DeepChat answers it; one call needs no hold', async () => {
  const d = fakeDeepChat();
  const message = { type: 'message', role: 'assistant', content: [] };
  d.fromServer({ type: 'response.done', response: { output: [message, call('a', 'c1')] } });
  assert.deepEqual(d.service.received.at(-1).response.output.map((i) => i.type), ['function_call', 'message']);
  d.fromDeepChat(output('c1'));
  d.fromDeepChat({ type: 'response.create' });
  assert.deepEqual(d.channel.sent.map((e) => e.type), ['conversation.item.create', 'response.create']);
});

test('a throwing or non-object answer still reaches the model as an object', async () => {
  const d = fakeDeepChat({ answer: async (c) => { if (c.name === 'b') throw new Error('boom'); return 'text'; } });
  d.fromServer({ type: 'response.done', response: { output: [call('a', 'c1'), call('b', 'c2'), call('c', 'c3')] } });
  await settle();
  const outputs = Object.fromEntries(d.channel.sent.map((e) => [e.item.call_id, JSON.parse(e.item.output)]));
  assert.equal(outputs.c2.error.code, 'internal_error');
  assert.deepEqual(outputs.c3, { response: 'text' });
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

test('a message event seen by two listeners is looked at once (the extra call answered once)', async () => {
  const d = fakeDeepChat();
  d.service._dc.addEventListener('message', () => {});
  d.fromServer({ type: 'response.done', response: { output: [call('a', 'c1'), call('b', 'c2')] } });
  await settle();
  assert.equal(d.channel.sent.filter((e) => e.item?.call_id === 'c2').length, 1);
});
