// The realtime stand-in itself, which must speak OpenAI's interface as it is today (GA only) so that
// a regression to anything beta fails a test: who may open a session, the beta paths' refusals,
// the model check, the GA events and the strict session.update, parallel calls, and the werift DTLS fix
// (regression: werift numbered its Finished record like the next application record, Chromium
// dropped that record as a replay, and an early data-channel message came ~0.3-1 s late).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { startOpenAIStandIn } from '../stand-in/openai-rest.mjs';
import { startRealtimeStandIn } from '../stand-in/realtime-webrtc.mjs';
import { RTCPeerConnection } from '../stand-in/werift.mjs';
import { launchChromium, webrtcArgs } from './support/chromium.mjs';

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
    up = await startOpenAIStandIn({ now: () => Date.now() + clockOffsetMs });
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

  test('client_secrets refuses what GA refuses: no session.type, beta names, parallel_tool_calls without reasoning', async () => {
    for (const [session, code] of [[{ model: 'gpt-realtime' }, 'missing_required_parameter'], [{ type: 'realtime', voice: 'alloy' }, 'unknown_parameter'],
      [{ type: 'realtime', modalities: ['audio'] }, 'unknown_parameter'], [{ type: 'realtime', model: 'gpt-realtime', parallel_tool_calls: true }, 'unsupported_parameter'],
      [{ type: 'realtime', model: 'gpt-4o-realtime-preview' }, 'invalid_value']]) {
      const r = await fetch(`${up.baseURL}/realtime/client_secrets`, { method: 'POST', headers: { authorization: `Bearer ${up.masterKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ session }) });
      assert.equal(r.status, 400, JSON.stringify(session));
      assert.equal((await r.json()).error.code, code, JSON.stringify(session));
    }
    assert.ok((await mint(up, { type: 'realtime', model: 'gpt-realtime-2', parallel_tool_calls: true })).value.startsWith('ek_'));
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

  test('a ?model= other than the key model is refused (DeepChat 2.5 appends one); the key model is accepted', async () => {
    const key = (await mint(up, { type: 'realtime', model: 'gpt-realtime' })).value;
    const client = await nodeClient();
    const wrong = await fetch(`${rt.origin}/v1/realtime/calls?model=gpt-realtime-2`, { method: 'POST', body: client.sdp, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/sdp' } });
    assert.equal(wrong.status, 400);
    assert.equal((await wrong.json()).error.code, 'model_mismatch');
    await client.pc.close();
    const { client: ok, session } = await open(key, '?model=gpt-realtime');
    assert.equal(session.config.model, 'gpt-realtime');
    await ok.pc.close();
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
