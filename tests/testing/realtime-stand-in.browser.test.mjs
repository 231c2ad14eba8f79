// The realtime stand-in itself, which must speak OpenAI's interface as it is today (GA only) so that
// a regression to anything beta, or a companion that mishandles what OpenAI really sends, fails a
// test: who may open a session, the beta paths' refusals, where models are checked (at /calls, not
// at minting), the full session.created, the strict session.update and item checks, one active
// response at a time (and its error), responses that take time, barge-in, cut tool calls,
// preambles, recoverable and fatal error events, usage in response.done, the sideband (a server's
// WebSocket into the call: every server event, any client event) and the hang-up, also through the
// REST stand-in's single baseURL, and the werift DTLS fix (regression: werift numbered its Finished
// record like the next application record, Chromium dropped that record as a replay, and an early
// data-channel message came ~0.3-1 s late).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import WebSocket from 'ws';

import { startRestStandIn } from '../../testing/openai-rest.js';
import { startRealtimeStandIn } from '../../testing/realtime-webrtc.js';
import { RTCPeerConnection } from '../../testing/werift.js';
import { launchChromium, webrtcArgs } from '../support/chromium.mjs';

async function mint(up, session = { type: 'realtime', model: 'gpt-realtime' }) {
  const response = await fetch(`${up.baseURL}/realtime/client_secrets`, {
    method: 'POST', headers: { authorization: `Bearer ${up.masterKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ session }),
  });
  assert.equal(response.status, 200);
  return response.json();
}

/**
 * A werift client in Node: offer with audio + `oai-events`, as DeepChat does. `max-bundle`: with
 * the default policy werift gathers a transport per m-line and, once the answer bundles them, never
 * closes the second one's UDP sockets, which keeps the test process alive.
 */
async function nodeClient() {
  const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'], bundlePolicy: 'max-bundle' });
  pc.addTransceiver('audio', { direction: 'sendrecv' });
  const channel = pc.createDataChannel('oai-events');
  const messages = [];
  channel.onMessage.subscribe((data) => messages.push(JSON.parse(data.toString())));
  await pc.setLocalDescription(await pc.createOffer());
  return { pc, channel, messages, sdp: pc.localDescription.sdp };
}

/**
 * A sideband as the server joins one: a `ws` WebSocket to `url` with `key` as bearer. Resolves with
 * `{ ws, messages, closed, send }` once open, or `{ status, body }` when the upgrade is refused.
 */
function joinSideband(url, key) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
    const messages = [];
    const closed = new Promise((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString() })));
    ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
    ws.on('open', () => resolve({ ws, messages, closed, send: (event) => ws.send(JSON.stringify(event)) }));
    ws.on('unexpected-response', (request, response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode, body: JSON.parse(body) });
        request.destroy();
      });
    });
    ws.on('error', reject);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `predicate` (for state the stand-in does not see, e.g. the client's messages). */
async function until(predicate, what, timeoutMs = 10_000) {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    const value = predicate();
    if (value) return value;
  }
  throw new Error(`no ${what} within ${timeoutMs} ms`);
}

describe('realtime stand-in', { timeout: 60_000 }, () => {
  let up;
  let rt;
  let clockOffsetMs = 0;
  before(async () => {
    up = await startRestStandIn({ now: () => Date.now() + clockOffsetMs });
    rt = await startRealtimeStandIn({ isValidKey: (k) => up.isValidKey(k), describeKey: (k) => up.issued.get(k)?.session, masterKey: up.masterKey });
    up.serveRealtime(rt.origin);
  });
  after(async () => {
    await rt?.close();
    await up?.close();
  });

  /** Opens a session from a werift client with a raw SDP offer and `key`; resolves with both ends. */
  async function open(key, query = '') {
    const client = await nodeClient();
    const before = rt.sessions.length;
    const response = await fetch(`${up.baseURL}/realtime/calls${query}`, { method: 'POST', body: client.sdp, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/sdp' } });
    assert.equal(response.status, 201, await response.clone().text());
    await client.pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    const session = await rt.waitForSession({ after: before });
    await until(() => client.messages.find((m) => m.type === 'session.created'), 'session.created at the client');
    return { client, session };
  }

  test('the beta paths answer beta_api_shape_disabled, as OpenAI does since 2026-05-12', async () => {
    const client = await nodeClient();
    const key = (await mint(up)).value;
    const offer = await fetch(`${up.baseURL}/realtime`, { method: 'POST', body: client.sdp, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/sdp' } });
    assert.equal(offer.status, 400);
    assert.equal((await offer.json()).error.code, 'beta_api_shape_disabled');
    const sessions = await fetch(`${up.baseURL}/realtime/sessions`, { method: 'POST', headers: { authorization: `Bearer ${up.masterKey}`, 'content-type': 'application/json' }, body: '{"model":"gpt-realtime"}' });
    assert.equal(sessions.status, 400);
    assert.equal((await sessions.json()).error.code, 'beta_api_shape_disabled');
    assert.equal(rt.sessions.length, 0);
    await client.pc.close();
  });

  test('client_secrets refuses what GA refuses: no session.type, beta names, parallel_tool_calls on a known non-reasoning model', async () => {
    for (const [session, code] of [[{ model: 'gpt-realtime' }, 'missing_required_parameter'], [{ type: 'realtime', voice: 'alloy' }, 'unknown_parameter'],
      [{ type: 'realtime', modalities: ['audio'] }, 'unknown_parameter'], [{ type: 'realtime', model: 'gpt-realtime', parallel_tool_calls: true }, 'unsupported_parameter'],
      [{ type: 'realtime', model: 'gpt-realtime-mini-2025-12-15', parallel_tool_calls: true }, 'unsupported_parameter'], [{ type: 'session' }, 'invalid_value']]) {
      const r = await fetch(`${up.baseURL}/realtime/client_secrets`, { method: 'POST', headers: { authorization: `Bearer ${up.masterKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ session }) });
      assert.equal(r.status, 400, JSON.stringify(session));
      assert.equal((await r.json()).error.code, code, JSON.stringify(session));
    }
    assert.ok((await mint(up, { type: 'realtime', model: 'gpt-realtime-2', parallel_tool_calls: true })).value.startsWith('ek_'));
  });

  test('client_secrets mints a key for any model name ("mint success is not proof of model access"), and echoes the full session', async () => {
    for (const model of ['gpt-live-1', 'gpt-4o', 'gpt-4o-realtime-preview', 'gpt-realtime-2.1', 'no-such-model']) {
      const key = await mint(up, { type: 'realtime', model });
      assert.match(key.value, /^ek_/, model);
      assert.equal(key.session.model, model, 'the model as asked');
    }
    assert.ok((await mint(up, { type: 'realtime', model: 'gpt-live-1', parallel_tool_calls: true })).value, 'an unknown model may carry parallel_tool_calls');
    const { session } = await mint(up, { type: 'realtime', model: 'gpt-realtime', instructions: 'Be brief.', audio: { output: { voice: 'marin' } } });
    assert.equal(session.object, 'realtime.session');
    assert.match(session.id, /^sess_/);
    assert.equal(session.instructions, 'Be brief.');
    assert.deepEqual(session.audio.output, { format: { type: 'audio/pcm', rate: 24000 }, voice: 'marin', speed: 1 });
    assert.equal(session.audio.input.turn_detection.type, 'server_vad');
    assert.equal(session.max_output_tokens, 'inf');
  });

  test('refuses keys it did not mint, expired ones, and the master key on a raw offer, with 401 and no session', async () => {
    const client = await nodeClient();
    const post = (key) => fetch(`${rt.origin}/v1/realtime/calls`, { method: 'POST', body: client.sdp, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/sdp' } });
    const unknown = await post('ek_not_minted_here');
    assert.equal(unknown.status, 401);
    assert.equal((await unknown.json()).error.code, 'invalid_api_key');
    const key = (await mint(up)).value;
    clockOffsetMs = 601_000; // GA default lifetime: 600 s
    const expired = await post(key);
    clockOffsetMs = 0;
    assert.equal(expired.status, 401);
    assert.equal((await post(up.masterKey)).status, 401, 'not the master key on a raw offer');
    assert.equal(rt.sessions.length, 0);
    await client.pc.close();
  });

  test('a ?model= on /calls is ignored (none is documented; DeepChat 2.5 appends one): the session is the key model\'s', async () => {
    const key = (await mint(up, { type: 'realtime', model: 'gpt-realtime' })).value;
    const { client, session } = await open(key, '?model=gpt-realtime-2');
    assert.equal(session.config.model, 'gpt-realtime');
    assert.equal(rt.offers.at(-1).model, 'gpt-realtime-2', 'recorded as sent');
    await client.pc.close();
    const again = await open((await mint(up, { type: 'realtime', model: 'gpt-realtime-2' })).value, '?model=nonsense');
    assert.equal(again.session.config.model, 'gpt-realtime-2');
    await again.client.pc.close();
  });

  test('models are checked at /calls: not realtime → 400 invalid_model, not entitled → 403 model_not_found; nothing opens', async () => {
    const client = await nodeClient();
    const offer = async (model) => {
      const key = (await mint(up, { type: 'realtime', model })).value;
      const r = await fetch(`${up.baseURL}/realtime/calls`, { method: 'POST', body: client.sdp, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/sdp' } });
      return [r.status, (await r.json()).error];
    };
    const sessions = rt.sessions.length;
    for (const model of ['gpt-live-1', 'gpt-4o', 'gpt-4.1']) {
      assert.deepEqual(await offer(model), [400, { type: 'invalid_request_error', code: 'invalid_model', message: `Model '${model}' is not supported in realtime mode.`, param: 'model' }]);
    }
    rt.setEntitled([...rt.entitledModels].filter((m) => m !== 'gpt-realtime-2.1'));
    try {
      assert.deepEqual(await offer('gpt-realtime-2.1'), [403, { type: 'invalid_request_error', code: 'model_not_found',
        message: "The model 'gpt-realtime-2.1' does not exist or you do not have access to it.", param: null }]);
      // The unified interface is checked the same way.
      const form = new FormData();
      form.set('sdp', client.sdp);
      form.set('session', JSON.stringify({ type: 'realtime', model: 'gpt-live-1' }));
      const multipart = await fetch(`${up.baseURL}/realtime/calls`, { method: 'POST', body: form, headers: { authorization: `Bearer ${up.masterKey}` } });
      assert.equal(multipart.status, 400);
      assert.equal((await multipart.json()).error.code, 'invalid_model');
      form.set('session', JSON.stringify({ type: 'realtime', model: 'gpt-realtime-2.1' }));
      const notEntitled = await fetch(`${up.baseURL}/realtime/calls`, { method: 'POST', body: form, headers: { authorization: `Bearer ${up.masterKey}` } });
      assert.equal(notEntitled.status, 403);
      assert.equal(rt.offers.at(-1).code, 'model_not_found');
      assert.equal(rt.sessions.length, sessions, 'no session for a refused model');
    } finally {
      rt.setEntitled(); // all again
    }
    await client.pc.close();
    for (const model of ['gpt-realtime-2025-08-28', 'gpt-realtime-mini-2025-10-06', 'gpt-realtime-mini-2025-12-15', 'gpt-realtime-2.1']) {
      const { client: ok, session } = await open((await mint(up, { type: 'realtime', model })).value);
      assert.equal(session.config.model, model);
      await ok.pc.close();
    }
  });

  test('failNextOffer answers one offer with a status, and OpenAI\'s error object when given', async () => {
    const client = await nodeClient();
    const key = (await mint(up)).value;
    const post = () => fetch(`${up.baseURL}/realtime/calls`, { method: 'POST', body: client.sdp, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/sdp' } });
    const quota = { type: 'insufficient_quota', code: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.', param: null };
    rt.failNextOffer(429, quota);
    rt.failNextOffer(500);
    const first = await post();
    assert.equal(first.status, 429);
    assert.deepEqual((await first.json()).error, quota);
    const second = await post();
    assert.equal(second.status, 500);
    assert.equal((await second.json()).error.type, 'server_error');
    await client.pc.close();
    const { client: third } = await open(key);
    await third.pc.close();
  });

  test('multipart (unified interface) needs the master key; session.created carries its session', async () => {
    const client = await nodeClient();
    const form = (session) => {
      const f = new FormData();
      f.set('sdp', client.sdp);
      f.set('session', JSON.stringify(session));
      return f;
    };
    const key = (await mint(up)).value;
    const withEphemeral = await fetch(`${rt.origin}/v1/realtime/calls`, { method: 'POST', body: form({ type: 'realtime' }), headers: { authorization: `Bearer ${key}` } });
    assert.equal(withEphemeral.status, 401);
    const beta = await fetch(`${rt.origin}/v1/realtime/calls`, { method: 'POST', body: form({ type: 'realtime', voice: 'alloy' }), headers: { authorization: `Bearer ${up.masterKey}` } });
    assert.equal(beta.status, 400);
    const before = rt.sessions.length;
    const response = await fetch(`${up.baseURL}/realtime/calls`, { method: 'POST', body: form({ type: 'realtime', model: 'gpt-realtime', tools: [{ type: 'function', name: 'ping' }] }),
      headers: { authorization: `Bearer ${up.masterKey}` } });
    assert.equal(response.status, 201);
    assert.match(response.headers.get('location'), /^\/v1\/realtime\/calls\/rtc_/);
    assert.match(response.headers.get('content-type'), /application\/sdp/);
    await client.pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    await rt.waitForSession({ after: before });
    const created = await until(() => client.messages.find((m) => m.type === 'session.created'), 'session.created at the client');
    assert.deepEqual(created.session.tools.map((t) => t.name), ['ping']);
    assert.equal(created.session.type, 'realtime');
    await client.pc.close();
  });

  test('session.update: no session.type or a beta field name gets an error event; GA shape gets session.updated', async () => {
    const { client } = await open((await mint(up)).value);
    const send = (event) => client.channel.send(JSON.stringify(event));
    send({ type: 'session.update', session: { instructions: 'x' } });
    const missing = await until(() => client.messages.find((m) => m.type === 'error'), 'an error event');
    assert.equal(missing.error.code, 'missing_required_parameter');
    assert.equal(missing.error.param, 'session.type');
    send({ type: 'session.update', session: { type: 'realtime', voice: 'alloy' } });
    const beta = await until(() => client.messages.filter((m) => m.type === 'error')[1], 'a second error event');
    assert.equal(beta.error.param, 'session.voice');
    send({ type: 'session.update', session: { type: 'realtime', audio: { output: { voice: 'alloy' } } } });
    const updated = await until(() => client.messages.find((m) => m.type === 'session.updated'), 'session.updated');
    assert.equal(updated.session.audio.output.voice, 'alloy');
    await client.pc.close();
  });

  test('GA events only; two function calls in one response; the model reads both outputs back', async () => {
    const { client, session } = await open((await mint(up)).value);
    const send = (event) => client.channel.send(JSON.stringify(event));
    send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'weather in Paris and in Rome' }] } });
    send({ type: 'response.create' });
    const done = await until(() => client.messages.find((m) => m.type === 'response.done'), 'response.done');
    assert.deepEqual(done.response.output.map((item) => [item.type, item.name, JSON.parse(item.arguments).city]),
      [['function_call', 'get_weather', 'Paris'], ['function_call', 'get_weather', 'Rome']]);
    for (const item of done.response.output) {
      send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: item.call_id, output: JSON.stringify({ city: JSON.parse(item.arguments).city }) } });
    }
    send({ type: 'response.create' });
    const transcript = await until(() => client.messages.find((m) => m.type === 'response.output_audio_transcript.done'), 'a GA transcript event');
    assert.match(transcript.transcript, /Paris.*Rome/);
    const types = new Set(client.messages.map((m) => m.type));
    assert.ok(types.has('conversation.item.added') && types.has('conversation.item.done'));
    for (const beta of ['response.audio_transcript.done', 'response.audio_transcript.delta', 'conversation.item.created', 'response.text.done']) {
      assert.ok(!types.has(beta), `beta event ${beta} sent`);
    }
    assert.equal(session.state, 'open');
    await client.pc.close();
  });

  /** A session on a fresh key minted with `settings`, and the client's side of it. */
  async function live(settings = {}) {
    const { client, session } = await open((await mint(up, { type: 'realtime', model: 'gpt-realtime', ...settings })).value);
    return {
      client,
      session,
      send: (event) => client.channel.send(JSON.stringify(event)),
      /** The first message the client got (from index `from` on) that `predicate` accepts. */
      seen: (predicate, what, from = 0) => until(() => client.messages.slice(from).find(predicate), what),
      types: (from = 0) => client.messages.slice(from).map((m) => m.type),
      close: () => client.pc.close(),
    };
  }
  const errors = (s) => s.client.messages.filter((m) => m.type === 'error');

  test('session.created is the full effective session, the model as its snapshot; session.config keeps the model asked for', async () => {
    const s = await live({ instructions: 'Be brief.', audio: { output: { voice: 'marin' } } });
    const { session: created } = s.client.messages.find((m) => m.type === 'session.created');
    const { id, expires_at: expiresAt, ...rest } = created;
    assert.equal(id, s.session.id);
    assert.ok(Math.abs(expiresAt - (Date.now() / 1000 + 3600)) < 60, 'expires in 60 minutes');
    const pcm = { type: 'audio/pcm', rate: 24000 };
    assert.deepEqual(rest, {
      object: 'realtime.session', type: 'realtime', model: 'gpt-realtime-2025-08-28', output_modalities: ['audio'], instructions: 'Be brief.', tools: [],
      tool_choice: 'auto', max_output_tokens: 'inf', tracing: null, truncation: 'auto', prompt: null, include: null,
      audio: {
        input: { format: pcm, transcription: null, noise_reduction: null,
          turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200, idle_timeout_ms: null, create_response: true, interrupt_response: true } },
        output: { format: pcm, voice: 'marin', speed: 1 },
      },
    });
    assert.equal(s.session.config.model, 'gpt-realtime');
    assert.equal(s.session.config.instructions, 'Be brief.');
    await s.close();
    const other = await live({ model: 'gpt-realtime-2' });
    assert.equal(other.client.messages.find((m) => m.type === 'session.created').session.model, 'gpt-realtime-2', 'no known snapshot: as given');
    await other.close();
  });

  test('session.update as GA takes it: transcription type accepted; a model change refused whole; a voice change after audio is cannot_update_voice', async () => {
    const s = await live({ instructions: 'Before.' });
    s.send({ type: 'session.update', event_id: 'evt_model', session: { type: 'realtime', model: 'gpt-realtime-2', instructions: 'After.' } });
    const model = await s.seen((m) => m.type === 'error', 'a refused model change');
    assert.equal(model.error.event_id, 'evt_model');
    assert.equal(model.error.type, 'invalid_request_error');
    assert.equal(s.session.config.model, 'gpt-realtime', 'model unchanged');
    assert.equal(s.session.config.instructions, 'Before.', 'nothing of a refused update applied');
    s.send({ type: 'session.update', session: { type: 'realtime', model: 'gpt-realtime', instructions: 'After.' } });
    const updated = await s.seen((m) => m.type === 'session.updated', 'session.updated');
    assert.equal(updated.session.instructions, 'After.');
    assert.equal(updated.session.model, 'gpt-realtime-2025-08-28');
    assert.equal(updated.session.audio.input.turn_detection.type, 'server_vad', 'the full session');
    await s.session.say('Hello.');
    const mark = s.client.messages.length;
    s.send({ type: 'session.update', event_id: 'evt_voice', session: { type: 'realtime', instructions: 'Again.', audio: { output: { voice: 'verse' } } } });
    const voice = await s.seen((m) => m.type === 'error', 'cannot_update_voice', mark);
    assert.deepEqual(voice.error, { type: 'invalid_request_error', code: 'cannot_update_voice', message: "Cannot update a conversation's voice if assistant audio is present.",
      param: 'session.audio.output.voice', event_id: 'evt_voice' });
    assert.equal(s.session.config.audio.output.voice, 'alloy');
    assert.equal(s.session.config.instructions, 'After.');
    s.send({ type: 'session.update', session: { type: 'realtime', audio: { output: { voice: 'alloy', speed: 1.2 } } } });
    const same = await s.seen((m) => m.type === 'session.updated', 'session.updated with the same voice', mark);
    assert.deepEqual(same.session.audio.output, { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy', speed: 1.2 });
    s.send({ type: 'session.update', session: { type: 'transcription' } });
    const transcription = await s.seen((m) => m.type === 'session.updated' && m.session.type === 'transcription', 'a transcription session');
    assert.equal(transcription.session.type, 'transcription');
    assert.equal(s.session.state, 'open');
    await s.close();
  });

  test('conversation.item.create: an assistant message with beta content type text is refused; GA types are taken', async () => {
    const s = await live();
    s.send({ type: 'conversation.item.create', event_id: 'evt_beta', item: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Hi.' }] } });
    const refused = await s.seen((m) => m.type === 'error', 'a refused item');
    assert.equal(refused.error.event_id, 'evt_beta');
    assert.equal(refused.error.param, 'item.content[0].type');
    for (const [role, type] of [['assistant', 'output_text'], ['user', 'input_text'], ['system', 'input_text']]) {
      s.send({ type: 'conversation.item.create', item: { type: 'message', role, content: [{ type, text: `${role} says hi` }] } });
    }
    await until(() => s.client.messages.filter((m) => m.type === 'conversation.item.done').length === 3, 'three items');
    assert.deepEqual(s.session.items.map((item) => [item.role, item.content[0].type]), [['assistant', 'output_text'], ['user', 'input_text'], ['system', 'input_text']]);
    assert.equal(errors(s).length, 1);
    await s.close();
  });

  test('one response at a time: response.create during one is refused (conversation_already_has_active_response, its event_id echoed), the session stays open', async () => {
    const s = await live();
    const spoken = s.session.say('A long answer.', { durationMs: 400 });
    const active = s.session.activeResponse;
    assert.match(active, /^resp_/);
    await s.seen((m) => m.type === 'response.created', 'response.created');
    s.send({ type: 'response.create', event_id: 'evt_early' });
    s.send({ type: 'response.create' });
    await until(() => errors(s).length === 2, 'two error events');
    const [early, anonymous] = errors(s);
    assert.match(early.event_id, /^event_/);
    assert.deepEqual(early.error, { type: 'invalid_request_error', code: 'conversation_already_has_active_response',
      message: `Conversation already has an active response in progress: ${active}. Wait until the response is finished before creating a new one.`, param: null, event_id: 'evt_early' });
    assert.equal(anonymous.error.event_id, null, 'no event_id sent: null');
    assert.ok(!s.types().includes('response.done'), 'the first response still runs');
    const response = await spoken;
    assert.equal(response.id, active);
    assert.equal(response.status, 'completed');
    assert.equal(s.session.activeResponse, null);
    assert.equal(s.session.events.filter((r) => r.event.type === 'response.create').length, 2, 'refused events are recorded too');
    s.send({ type: 'response.create' });
    const next = await s.seen((m) => m.type === 'response.created' && m.response.id !== active, 'a response after the first is done');
    assert.equal(next.response.status, 'in_progress');
    assert.equal(s.session.state, 'open');
    await s.close();
  });

  test('responses that take time: response.created at once, response.done after durationMs; callTools returns its ids at once, with .done', async () => {
    const s = await live();
    const at = () => performance.now();
    const start = at();
    const spoken = s.session.say('Slowly.', { durationMs: 300 });
    await s.seen((m) => m.type === 'response.created', 'response.created');
    const created = at() - start;
    assert.equal(s.types().filter((t) => t.startsWith('response.')).length, 1, 'only response.created so far');
    await s.seen((m) => m.type === 'response.done', 'response.done');
    const done = at() - start;
    assert.ok(created < 150 && done >= 290, `created after ${created} ms, done after ${done} ms`);
    const response = await spoken;
    assert.deepEqual(response.output.map((item) => [item.type, item.status, item.content[0].transcript]), [['message', 'completed', 'Slowly.']]);
    const ids = s.session.callTools([{ name: 'ping', arguments: '{}' }], { durationMs: 200 });
    assert.equal(ids.length, 1);
    assert.match(ids[0], /^call_/);
    assert.equal(s.session.lastResponseDone, ids.done);
    assert.match(s.session.activeResponse, /^resp_/);
    const calls = await ids.done;
    assert.deepEqual(calls.output.map((item) => item.call_id), [...ids]);
    assert.equal(s.session.activeResponse, null);
    await s.close();
  });

  test('barge-in: the VAD response is active at once, so the client\'s response.create after its tool output is refused; the answer reads the output back', async () => {
    const s = await live();
    s.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'weather in Paris' }] } });
    s.send({ type: 'response.create' });
    const calls = await s.seen((m) => m.type === 'response.done', 'the tool call');
    const mark = s.client.messages.length;
    const answered = s.session.bargeIn({ transcript: 'and bring an umbrella?', speakMs: 50, createdDelayMs: 300, respondMs: 100 });
    const transcribed = await s.seen((m) => m.type === 'conversation.item.input_audio_transcription.completed', 'the transcript', mark);
    assert.equal(transcribed.transcript, 'and bring an umbrella?');
    const vad = s.session.activeResponse;
    assert.match(vad, /^resp_/, 'active before response.created');
    s.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: calls.response.output[0].call_id, output: '{"city":"Paris","sky":"rain"}' } });
    s.send({ type: 'response.create', event_id: 'evt_after_tool' });
    const refused = await s.seen((m) => m.type === 'error', 'the refusal', mark);
    assert.equal(refused.error.code, 'conversation_already_has_active_response');
    assert.equal(refused.error.event_id, 'evt_after_tool');
    assert.ok(refused.error.message.includes(vad));
    const response = await answered;
    assert.equal(response.id, vad);
    assert.match(response.output[0].content[0].transcript, /rain/, 'the tool output read back');
    await s.seen((m) => m.type === 'response.done' && m.response.id === vad, 'the answer at the client', mark);
    const types = s.types(mark);
    assert.deepEqual(types.slice(0, 6), ['input_audio_buffer.speech_started', 'input_audio_buffer.speech_stopped', 'input_audio_buffer.committed',
      'conversation.item.added', 'conversation.item.done', 'conversation.item.input_audio_transcription.completed']);
    assert.ok(types.indexOf('error') < types.indexOf('response.created'));
    const user = s.client.messages[mark + 3].item;
    assert.deepEqual([user.role, user.content], ['user', [{ type: 'input_audio', transcript: 'and bring an umbrella?' }]]);
    assert.equal(s.session.state, 'open');
    await s.close();
  });

  test('barge-in cancels the response being spoken (turn_detected), as interrupt_response does', async () => {
    const s = await live();
    const speaking = s.session.say('A long answer that the user cuts short.', { durationMs: 2000 });
    await s.seen((m) => m.type === 'response.created', 'response.created');
    const mark = s.client.messages.length;
    const answered = s.session.bargeIn({ speakMs: 50, respondMs: 50 });
    const cut = await speaking;
    assert.equal(cut.status, 'cancelled');
    assert.deepEqual(cut.status_details, { type: 'cancelled', reason: 'turn_detected' });
    assert.deepEqual([cut.output[0].status, cut.output[0].content[0].transcript], ['incomplete', 'A long answer that ']);
    const answer = await answered;
    assert.equal(answer.output[0].content[0].transcript, '(offline stand-in model) I heard: "wait, one more thing".');
    await s.seen((m) => m.type === 'response.done' && m.response.id === answer.id, 'the answer', mark);
    const types = s.types(mark);
    assert.equal(types[0], 'input_audio_buffer.speech_started');
    assert.ok(types.indexOf('response.done') < types.indexOf('input_audio_buffer.speech_stopped'), 'cancelled before the speech ends');
    await s.close();
  });

  test('barge-in follows the session\'s turn detection; speech before the VAD response is created cancels it with no output', async () => {
    const s = await live();
    const first = s.session.bargeIn({ transcript: 'one', speakMs: 20, createdDelayMs: 500 });
    await s.seen((m) => m.type === 'conversation.item.input_audio_transcription.completed', 'the first transcript');
    const second = s.session.bargeIn({ transcript: 'two', speakMs: 20, respondMs: 20 });
    const cancelled = await first;
    assert.deepEqual([cancelled.status, cancelled.output], ['cancelled', []]);
    assert.match((await second).output[0].content[0].transcript, /two/);
    await s.close();
    const quiet = await live({ audio: { input: { turn_detection: { type: 'server_vad', interrupt_response: false, create_response: false } } } });
    const speaking = quiet.session.say('Not interrupted.', { durationMs: 300 });
    assert.equal(await quiet.session.bargeIn({ speakMs: 20 }), null, 'no VAD response');
    assert.equal((await speaking).status, 'completed');
    await quiet.close();
    const manual = await live({ audio: { input: { turn_detection: null } } });
    assert.throws(() => manual.session.bargeIn(), /turn detection is off/);
    await manual.close();
  });

  test('cut tool-calling responses: cancelled, incomplete and failed, with status_details as OpenAI types them and truncated incomplete calls', async () => {
    const s = await live();
    const cases = [
      [{ status: 'cancelled', reason: 'client_cancelled' }, { type: 'cancelled', reason: 'client_cancelled' }],
      [{ status: 'incomplete', reason: 'content_filter' }, { type: 'incomplete', reason: 'content_filter' }],
      [{ status: 'incomplete' }, { type: 'incomplete', reason: 'max_output_tokens' }],
      [{ status: 'failed', error: { type: 'invalid_request_error', code: 'model_not_found' } }, { type: 'failed', error: { type: 'invalid_request_error', code: 'model_not_found' } }],
    ];
    for (const [options, details] of cases) {
      const mark = s.client.messages.length;
      const [callId] = s.session.callTools([{ name: 'get_weather', arguments: '{"city":"Paris"}' }], options);
      const done = await s.seen((m) => m.type === 'response.done', `response.done ${options.status}`, mark);
      assert.equal(done.response.status, options.status);
      assert.deepEqual(done.response.status_details, details);
      assert.deepEqual(done.response.output.map((item) => [item.call_id, item.status, item.arguments]), [[callId, 'incomplete', '{"city":']]);
      const sent = s.client.messages.slice(mark);
      assert.deepEqual(sent.filter((m) => m.type === 'response.function_call_arguments.delta').map((m) => m.delta), ['{"city":']);
      assert.equal(sent.find((m) => m.type === 'response.function_call_arguments.done').arguments, '{"city":', 'done is sent for a cut call too');
    }
    const mark = s.client.messages.length;
    s.session.callTools([{ name: 'a', arguments: '{"x":1}', status: 'completed' }, { name: 'b', arguments: '{"y":22}' }], { status: 'incomplete', reason: 'max_output_tokens' });
    const mixed = await s.seen((m) => m.type === 'response.done', 'per-call status', mark);
    assert.deepEqual(mixed.response.output.map((item) => [item.name, item.status, item.arguments]), [['a', 'completed', '{"x":1}'], ['b', 'incomplete', '{"y"']]);
    await s.close();
  });

  test('interruptCalls: the calls are streamed, the user speaks, the response is cancelled (turn_detected) with the calls cut, then the model answers', async () => {
    const s = await live();
    const ids = s.session.interruptCalls([{ name: 'get_weather', arguments: '{"city":"Paris"}' }], { transcript: 'no, Rome', speakMs: 50, respondMs: 50 });
    assert.equal(ids.length, 1);
    const cut = await ids.cancelled;
    assert.equal(cut.status, 'cancelled');
    assert.deepEqual(cut.status_details, { type: 'cancelled', reason: 'turn_detected' });
    assert.deepEqual(cut.output.map((item) => [item.call_id, item.status, item.arguments]), [[ids[0], 'incomplete', '{"city":']]);
    const answer = await ids.done;
    assert.match(answer.output[0].content[0].transcript, /no, Rome/);
    await s.seen((m) => m.type === 'response.done' && m.response.id === answer.id, 'the answer');
    const types = s.types().slice(1);
    assert.deepEqual(types.slice(0, 9), ['response.created', 'response.output_item.added', 'conversation.item.added', 'response.function_call_arguments.delta',
      'input_audio_buffer.speech_started', 'response.function_call_arguments.done', 'response.output_item.done', 'conversation.item.done', 'response.done']);
    await s.close();
  });

  test('preambles (reasoning models): a message with phase commentary before the calls, in the same response', async () => {
    const s = await live({ model: 'gpt-realtime-2' });
    const [callId] = s.session.callTools([{ name: 'get_weather', arguments: '{"city":"Oslo"}' }], { preamble: 'Let me check that.' });
    const done = await s.seen((m) => m.type === 'response.done', 'response.done');
    const [message, call] = done.response.output;
    assert.deepEqual([message.type, message.role, message.phase, message.content], ['message', 'assistant', 'commentary', [{ type: 'output_audio', transcript: 'Let me check that.' }]]);
    assert.deepEqual([call.type, call.call_id, call.status], ['function_call', callId, 'completed']);
    const transcript = s.client.messages.find((m) => m.type === 'response.output_audio_transcript.done');
    assert.deepEqual([transcript.item_id, transcript.output_index, transcript.transcript], [message.id, 0, 'Let me check that.']);
    const types = s.types();
    assert.ok(types.indexOf('response.output_audio_transcript.done') < types.lastIndexOf('response.output_item.added'), 'the preamble comes first');
    const mark = s.client.messages.length;
    s.session.callTools([{ name: 'ping', arguments: '{}' }], { preamble: 'One moment.', phase: null });
    const plain = await s.seen((m) => m.type === 'response.done', 'response.done without phase', mark);
    assert.ok(!('phase' in plain.response.output[0]));
    await s.close();
  });

  test('recoverable error events (response_cancel_not_active, input_audio_buffer_commit_empty, any sendError) leave the session open; response.cancel cancels', async () => {
    const s = await live();
    s.send({ type: 'response.cancel', event_id: 'evt_cancel' });
    s.send({ type: 'input_audio_buffer.commit', event_id: 'evt_commit' });
    await until(() => errors(s).length === 2, 'two errors');
    assert.deepEqual(errors(s).map((m) => [m.error.code, m.error.event_id]), [['response_cancel_not_active', 'evt_cancel'], ['input_audio_buffer_commit_empty', 'evt_commit']]);
    s.session.sendError('rate_limit_exceeded', { message: 'Slow down.', eventId: 'evt_x', type: 'rate_limit_error' });
    const custom = await until(() => errors(s)[2], 'the test-sent error');
    assert.deepEqual(custom.error, { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Slow down.', param: null, event_id: 'evt_x' });
    const speaking = s.session.say('Something long.', { durationMs: 2000 });
    s.send({ type: 'response.cancel' });
    const cancelled = await speaking;
    assert.deepEqual(cancelled.status_details, { type: 'cancelled', reason: 'client_cancelled' });
    assert.equal(s.session.activeResponse, null);
    assert.equal(s.session.state, 'open');
    s.send({ type: 'response.create' });
    await until(() => s.client.messages.filter((m) => m.type === 'response.done').length === 2, 'a response after all that');
    await s.close();
  });

  test('expire(): the fatal session_expired error, then OpenAI closes the data channel and the call', async () => {
    const s = await live();
    const speaking = s.session.say('Never finished.', { durationMs: 5000 });
    await s.session.expire();
    const expired = await s.seen((m) => m.type === 'error', 'session_expired');
    assert.deepEqual(expired.error, { type: 'invalid_request_error', code: 'session_expired', message: 'Your session hit the maximum duration of 60 minutes.', param: null, event_id: null });
    assert.equal(s.session.state, 'closed');
    await until(() => s.client.channel.readyState === 'closed' || ['closed', 'failed', 'disconnected'].includes(s.client.pc.connectionState), 'the client to see the close');
    assert.equal((await speaking).status, 'in_progress', 'the response was abandoned');
    assert.ok(rt.session !== s.session);
    await s.close();
  });

  test('session-close-reaches-client: session.close() ends the call so that the client\'s data channel closes at once (werift alone stops DTLS before its SCTP ABORT)', async () => {
    const s = await live();
    const start = Date.now();
    await s.session.close();
    await until(() => s.client.channel.readyState === 'closed', 'the client channel to close', 1000);
    assert.ok(Date.now() - start < 1000);
    assert.equal(s.session.state, 'closed');
    await s.close();
  });

  /** The sideband URL of a call on the WebRTC stand-in itself. */
  const sidebandURL = (callId) => `${rt.origin.replace(/^http/, 'ws')}/v1/realtime?call_id=${callId}`;

  test('sideband: with the master key it joins a call opened with an ephemeral key and sees every server event after it joined, as the channel does, in order', async () => {
    const s = await live();
    const side = await joinSideband(sidebandURL(s.session.callId), up.masterKey);
    assert.equal(rt.callIdOf(s.session), s.session.callId);
    assert.equal(rt.sessionOf(s.session.callId), s.session);
    assert.match(s.session.callId, /^rtc_/);
    await rt.waitFor(() => rt.sidebands.get(s.session.callId)?.open === 1, { what: 'the sideband counted' });
    const mark = s.client.messages.length;
    // Client events on the channel: the sideband sees their server consequences.
    s.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'weather in Paris' }] } });
    s.send({ type: 'response.create' });
    await s.seen((m) => m.type === 'response.done', 'response.done at the client', mark);
    await until(() => side.messages.find((m) => m.type === 'response.done'), 'response.done at the sideband');
    const channel = s.client.messages.slice(mark);
    assert.deepEqual(side.messages.map((m) => m.event_id), channel.map((m) => m.event_id), 'the same events, in the same order');
    assert.deepEqual(side.messages, channel);
    assert.ok(side.messages.some((m) => m.type === 'conversation.item.added' && m.item.content?.[0]?.text === 'weather in Paris'));
    assert.deepEqual(s.session.events.map((r) => r.via), ['channel', 'channel']);
    assert.deepEqual(Object.keys(s.session.events[0]).sort(), ['at', 'event', 'session', 'via']);
    side.ws.close();
    await side.closed;
    await rt.waitFor(() => rt.sidebands.get(s.session.callId).open === 0, { what: 'the sideband closed' });
    await s.close();
  });

  test('sideband: a session.update sent on it changes the session, both connections get session.updated; its response.create is answered on both; recorded via sideband', async () => {
    const s = await live({ instructions: 'From the key.' });
    const side = await joinSideband(sidebandURL(s.session.callId), up.masterKey);
    const mark = s.client.messages.length;
    side.send({ type: 'session.update', event_id: 'evt_server', session: { type: 'realtime', instructions: 'From the server.', tools: [{ type: 'function', name: 'lookup' }] } });
    const atClient = await s.seen((m) => m.type === 'session.updated', 'session.updated at the client', mark);
    const atSideband = await until(() => side.messages.find((m) => m.type === 'session.updated'), 'session.updated at the sideband');
    assert.deepEqual(atSideband, atClient);
    assert.equal(atClient.session.instructions, 'From the server.');
    assert.equal(s.session.config.instructions, 'From the server.');
    assert.deepEqual(s.session.config.tools.map((t) => t.name), ['lookup']);
    side.send({ type: 'session.update', event_id: 'evt_beta', session: { type: 'realtime', voice: 'alloy' } });
    const refused = await until(() => side.messages.find((m) => m.type === 'error'), 'the refusal at the sideband');
    assert.deepEqual([refused.error.code, refused.error.event_id], ['unknown_parameter', 'evt_beta']);
    await s.seen((m) => m.type === 'error', 'the refusal at the client too', mark);
    side.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: '/call lookup {"q":1}' }] } });
    side.send({ type: 'response.create' });
    const done = await s.seen((m) => m.type === 'response.done', 'the response at the client', mark);
    assert.deepEqual(done.response.output.map((item) => [item.name, item.arguments]), [['lookup', '{"q":1}']]);
    await until(() => side.messages.find((m) => m.type === 'response.done'), 'the response at the sideband');
    const records = s.session.events.slice(-4);
    assert.deepEqual(records.map((r) => [r.event.type, r.via]), [['session.update', 'sideband'], ['session.update', 'sideband'],
      ['conversation.item.create', 'sideband'], ['response.create', 'sideband']]);
    assert.ok(rt.events.includes(records[0]));
    assert.equal(rt.sidebands.get(s.session.callId).sockets[0].frames.length, 4, 'every frame the sideband received');
    assert.equal(JSON.parse(rt.sidebands.get(s.session.callId).sockets[0].frames[0]).event_id, 'evt_server');
    side.ws.close();
    await s.close();
  });

  test('sideband: it may join before the client\'s channel opens; server events then reach it alone, and session.created shows its update', async () => {
    const client = await nodeClient();
    const form = new FormData();
    form.set('sdp', client.sdp);
    form.set('session', JSON.stringify({ type: 'realtime', instructions: 'From the form.' }));
    const before = rt.sessions.length;
    const offer = await fetch(`${rt.origin}/v1/realtime/calls`, { method: 'POST', body: form, headers: { authorization: `Bearer ${up.masterKey}` } });
    assert.equal(offer.status, 201);
    const callId = offer.headers.get('location').split('/').at(-1);
    const session = rt.sessionOf(callId);
    assert.equal(session, rt.sessions[before]);
    assert.equal(session.state, 'connecting');
    const side = await joinSideband(sidebandURL(callId), up.masterKey);
    const tick = session.send({ type: 'tick' });
    await until(() => side.messages.find((m) => m.event_id === tick.event_id), 'the tick at the sideband');
    side.send({ type: 'session.update', session: { type: 'realtime', instructions: 'From the server.' } });
    await until(() => side.messages.find((m) => m.type === 'session.updated'), 'session.updated at the sideband');
    await client.pc.setRemoteDescription({ type: 'answer', sdp: await offer.text() });
    const created = await until(() => client.messages.find((m) => m.type === 'session.created'), 'session.created at the client');
    assert.equal(created.session.instructions, 'From the server.');
    assert.deepEqual(client.messages.map((m) => m.type), ['session.created'], 'nothing sent before the channel opened');
    await until(() => side.messages.find((m) => m.type === 'session.created'), 'session.created at the sideband');
    side.ws.close();
    await client.pc.close();
  });

  test('hang-up: POST /v1/realtime/calls/{id}/hangup (master key) → 200 {}; the sideband and the client\'s channel close within 1 s; 401 for another key, 404 once ended or unknown', async () => {
    const s = await live();
    const side = await joinSideband(sidebandURL(s.session.callId), up.masterKey);
    const hangup = (callId, key = up.masterKey) => fetch(`${rt.origin}/v1/realtime/calls/${callId}/hangup`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    const ephemeral = (await mint(up)).value;
    const wrongKey = await hangup(s.session.callId, ephemeral);
    assert.equal(wrongKey.status, 401);
    assert.equal((await wrongKey.json()).error.code, 'invalid_api_key');
    assert.equal(s.session.state, 'open');
    const start = Date.now();
    const ended = await hangup(s.session.callId);
    assert.equal(ended.status, 200);
    assert.deepEqual(await ended.json(), {});
    assert.equal((await side.closed).code, 1000);
    await until(() => s.client.channel.readyState === 'closed', 'the client channel to close', 1000);
    assert.ok(Date.now() - start < 1000, `closed after ${Date.now() - start} ms`);
    assert.equal(s.session.state, 'closed');
    assert.throws(() => s.session.send({ type: 'tick' }), /no open data channel or sideband/);
    assert.equal((await hangup(s.session.callId)).status, 404, 'an ended call');
    assert.equal((await hangup('rtc_0000000000000000')).status, 404, 'an unknown call');
    assert.deepEqual(rt.hangups.slice(-4).map((h) => [h.callId, h.status]), [[s.session.callId, 401], [s.session.callId, 200], [s.session.callId, 404], ['rtc_0000000000000000', 404]]);
    assert.ok(rt.hangups.every((h) => typeof h.at === 'number'));
    await s.close();
  });

  test('sideband refusals before the upgrade: 401 invalid_api_key without the master key, 404 for an unknown or ended call; refuseNextSideband, slowNextSideband', async () => {
    const s = await live();
    const url = sidebandURL(s.session.callId);
    const ephemeral = (await mint(up)).value;
    for (const key of [undefined, ephemeral, 'sk-someone-else']) {
      const refused = await joinSideband(url, key);
      assert.equal(refused.status, 401, String(key));
      assert.equal(refused.body.error.code, 'invalid_api_key');
    }
    assert.equal((await joinSideband(sidebandURL('rtc_0000000000000000'), up.masterKey)).status, 404);
    rt.refuseNextSideband(503);
    const told = await joinSideband(url, up.masterKey);
    assert.equal(told.status, 503);
    assert.equal(told.body.error.type, 'server_error');
    rt.slowNextSideband(300);
    const start = Date.now();
    const slow = await joinSideband(url, up.masterKey);
    assert.ok(Date.now() - start >= 290, `answered after ${Date.now() - start} ms`);
    assert.ok(slow.ws, 'then joined');
    slow.ws.close();
    await s.session.close();
    assert.equal((await joinSideband(url, up.masterKey)).status, 404, 'an ended call');
    assert.equal(rt.sidebands.get(s.session.callId).sockets.length, 1, 'refused upgrades are no sockets');
    await s.close();
  });

  test('sideband: dropSideband cuts it without a close frame (1006) and the call goes on; a frame over 4 MiB closes it with 1009; the call\'s end closes it with 1000', async () => {
    const s = await live();
    const first = await joinSideband(sidebandURL(s.session.callId), up.masterKey);
    const second = await joinSideband(sidebandURL(s.session.callId), up.masterKey);
    await rt.waitFor(() => rt.sidebands.get(s.session.callId)?.open === 2, { what: 'two sidebands' });
    rt.dropSideband(s.session.callId);
    assert.deepEqual([(await first.closed).code, (await second.closed).code], [1006, 1006]);
    await rt.waitFor(() => rt.sidebands.get(s.session.callId).open === 0, { what: 'none open' });
    assert.equal(s.session.state, 'open');
    s.send({ type: 'response.create' });
    await s.seen((m) => m.type === 'response.done', 'a response after the drop');
    const big = await joinSideband(sidebandURL(s.session.callId), up.masterKey);
    big.ws.send('x'.repeat(4 * 1024 * 1024 + 1));
    assert.equal((await big.closed).code, 1009);
    assert.equal(s.session.state, 'open');
    const last = await joinSideband(sidebandURL(s.session.callId), up.masterKey);
    await s.session.expire();
    const expired = await until(() => last.messages.find((m) => m.type === 'error'), 'session_expired at the sideband');
    assert.equal(expired.error.code, 'session_expired');
    assert.equal((await last.closed).code, 1000);
    await s.close();
  });

  test('one baseURL: the REST stand-in forwards the hang-up and pipes the sideband upgrade (ws://…/v1/realtime?call_id=…) to the realtime stand-in', async () => {
    const client = await nodeClient();
    const form = new FormData();
    form.set('sdp', client.sdp);
    form.set('session', JSON.stringify({ type: 'realtime' }));
    const before = rt.sessions.length;
    const offer = await fetch(`${up.baseURL}/realtime/calls`, { method: 'POST', body: form, headers: { authorization: `Bearer ${up.masterKey}` } });
    assert.equal(offer.status, 201);
    await client.pc.setRemoteDescription({ type: 'answer', sdp: await offer.text() });
    const session = await rt.waitForSession({ after: before });
    const callId = offer.headers.get('location').split('/').at(-1);
    assert.equal(rt.sessionOf(callId), session);
    const wsBase = up.baseURL.replace(/^http/, 'ws');
    assert.equal((await joinSideband(`${wsBase}/realtime?call_id=${callId}`, 'sk-wrong')).status, 401, 'refusals come through');
    const side = await joinSideband(`${wsBase}/realtime?call_id=${callId}`, up.masterKey);
    side.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Through the tunnel.' } });
    const updated = await until(() => side.messages.find((m) => m.type === 'session.updated'), 'session.updated through the tunnel');
    assert.equal(updated.session.instructions, 'Through the tunnel.');
    await until(() => client.messages.find((m) => m.type === 'session.updated'), 'session.updated at the client');
    const ended = await fetch(`${up.baseURL}/realtime/calls/${callId}/hangup`, { method: 'POST', headers: { authorization: `Bearer ${up.masterKey}` } });
    assert.equal(ended.status, 200);
    assert.deepEqual(await ended.json(), {});
    assert.equal((await side.closed).code, 1000);
    await until(() => client.channel.readyState === 'closed', 'the client channel to close', 1000);
    assert.equal((await fetch(`${up.baseURL}/realtime/calls/${callId}/hangup`, { method: 'POST', headers: { authorization: `Bearer ${up.masterKey}` } })).status, 404);
    await client.pc.close();
  });

  test('response.done carries usage as openai-node types it (RealtimeResponseUsage), from the texts; null for a response cancelled before it was created', async () => {
    const s = await live({ instructions: 'Be brief.' });
    s.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello there, model.' }] } });
    s.send({ type: 'response.create' });
    const created = await s.seen((m) => m.type === 'response.created', 'response.created');
    assert.equal(created.response.usage, null, 'none yet at response.created');
    const { response } = await s.seen((m) => m.type === 'response.done', 'response.done');
    const { usage } = response;
    const spoken = response.output[0].content[0].transcript;
    const tokens = (text) => Math.ceil([...text].length / 4);
    const input = tokens('Be brief.') + tokens('Hello there, model.');
    const out = { text_tokens: tokens(spoken), audio_tokens: 3 * tokens(spoken) };
    assert.deepEqual(usage, {
      total_tokens: input + out.text_tokens + out.audio_tokens, input_tokens: input, output_tokens: out.text_tokens + out.audio_tokens,
      input_token_details: { cached_tokens: 0, text_tokens: input, audio_tokens: 0, image_tokens: 0, cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 } },
      output_token_details: out,
    });
    // The next response reads the first one's input again: cached in whole 64-token blocks.
    const long = 'x'.repeat(400);
    s.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: long }] } });
    s.send({ type: 'response.create' });
    await until(() => s.client.messages.filter((m) => m.type === 'response.done').length === 2, 'a second response');
    s.send({ type: 'response.create' });
    await until(() => s.client.messages.filter((m) => m.type === 'response.done').length === 3, 'a third response');
    const [, second, third] = s.client.messages.filter((m) => m.type === 'response.done').map((m) => m.response.usage);
    assert.equal(second.input_token_details.audio_tokens, 3 * tokens(spoken), 'the spoken answer is read back as audio');
    const block = (n) => Math.floor(n / 64) * 64;
    assert.deepEqual(third.input_token_details.cached_tokens_details,
      { text_tokens: block(second.input_token_details.text_tokens), audio_tokens: block(second.input_token_details.audio_tokens), image_tokens: 0 });
    assert.equal(third.input_token_details.cached_tokens, block(second.input_token_details.text_tokens) + block(second.input_token_details.audio_tokens));
    assert.ok(third.input_token_details.cached_tokens >= 64);
    await s.close();
    const early = await live();
    const first = early.session.bargeIn({ transcript: 'one', speakMs: 20, createdDelayMs: 500 });
    await early.seen((m) => m.type === 'conversation.item.input_audio_transcription.completed', 'the first transcript');
    early.session.bargeIn({ transcript: 'two', speakMs: 20, respondMs: 20 });
    const cancelled = await first;
    assert.deepEqual([cancelled.status, cancelled.usage], ['cancelled', null]);
    const answered = await early.seen((m) => m.type === 'response.done' && m.response.status === 'completed', 'the answer');
    assert.ok(answered.response.usage.input_token_details.audio_tokens > 0, 'the user\'s speech is audio input');
    await early.close();
  });

  test('werift-finished-sequence: server messages 100 ms apart reach Chromium 100 ms apart, none held back', async () => {
    const page = `<!doctype html><script>
      window.arrivals = [];
      window.connect = async (url, key) => {
        const pc = new RTCPeerConnection();
        const media = await navigator.mediaDevices.getUserMedia({ audio: true });
        pc.addTrack(media.getTracks()[0]);
        const dc = pc.createDataChannel('oai-events');
        dc.onmessage = (e) => arrivals.push([JSON.parse(e.data).type, performance.now()]);
        await pc.setLocalDescription(await pc.createOffer());
        const answer = await fetch(url, { method: 'POST', body: pc.localDescription.sdp, headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'application/sdp' } });
        await pc.setRemoteDescription({ type: 'answer', sdp: await answer.text() });
      };</script>`;
    const server = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await launchChromium({ args: webrtcArgs });
    try {
      const tab = await browser.context.newPage();
      await tab.goto(`http://127.0.0.1:${server.address().port}/`);
      const before = rt.sessions.length;
      await tab.evaluate(([url, key]) => window.connect(url, key), [`${rt.origin}/v1/realtime/calls`, (await mint(up)).value]);
      const session = await rt.waitForSession({ after: before });
      for (let i = 0; i < 8; i++) {
        session.send({ type: `tick.${i}` });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await tab.waitForFunction(() => window.arrivals.length >= 9, null, { timeout: 5000 });
      const arrivals = await tab.evaluate(() => window.arrivals);
      assert.deepEqual(arrivals.map(([type]) => type), ['session.created', ...Array.from({ length: 8 }, (_, i) => `tick.${i}`)]);
      const ticks = arrivals.slice(1).map(([, at]) => at);
      const gaps = ticks.slice(1).map((at, i) => Math.round(at - ticks[i]));
      // A dropped record shows as messages bunched up after SCTP's retransmission (gaps near 0).
      assert.ok(gaps.every((gap) => gap >= 40 && gap <= 250), `arrival gaps ${gaps.join(', ')} ms`);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
