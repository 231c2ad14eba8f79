// The realtime stand-in itself: who may open a session, the GA endpoint, and the werift DTLS fix
// (regression: werift numbered its Finished record like the next application record, Chromium
// dropped that record as a replay, and an early data-channel message came ~0.3-1 s late).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { startOpenAIStandIn } from '../stand-in/openai-rest.mjs';
import { startRealtimeStandIn } from '../stand-in/realtime-webrtc.mjs';
import { RTCPeerConnection } from '../stand-in/werift.mjs';
import { launchChromium, webrtcArgs } from './support/chromium.mjs';

async function mint(up, path = '/realtime/sessions', body = {}) {
  const response = await fetch(`${up.baseURL}${path}`, {
    method: 'POST', headers: { authorization: `Bearer ${up.masterKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const answer = await response.json();
  return answer.client_secret ?? answer;
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
    rt = await startRealtimeStandIn({ isValidKey: (k) => up.isValidKey(k), describeKey: (k) => up.issued.get(k)?.session });
  });
  after(async () => {
    await rt?.close();
    await up?.close();
  });

  test('refuses keys it did not mint, and expired ones, with 401 and no session', async () => {
    const client = await nodeClient();
    const post = (key) => fetch(`${rt.origin}/v1/realtime`, { method: 'POST', body: client.sdp, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/sdp' } });
    const unknown = await post('ek_not_minted_here');
    assert.equal(unknown.status, 401);
    assert.equal((await unknown.json()).error.code, 'invalid_api_key');
    const key = (await mint(up)).value;
    clockOffsetMs = 61_000;
    const expired = await post(key);
    clockOffsetMs = 0;
    assert.equal(expired.status, 401);
    assert.equal((await post(up.masterKey)).status, 401, 'not even the master key');
    assert.equal(rt.sessions.length, 0);
    await client.pc.close();
  });

  test('GA /v1/realtime/calls with a multipart offer: session.created carries the minted session, tool calls round-trip', async () => {
    const secret = await mint(up, '/realtime/client_secrets', { session: { type: 'realtime', model: 'gpt-realtime', tools: [{ type: 'function', name: 'ping' }] } });
    const client = await nodeClient();
    const form = new FormData();
    form.set('sdp', client.sdp);
    form.set('session', JSON.stringify({ type: 'realtime' }));
    const response = await fetch(`${rt.origin}/v1/realtime/calls`, { method: 'POST', body: form, headers: { authorization: `Bearer ${secret.value}` } });
    assert.equal(response.status, 201);
    assert.match(response.headers.get('location'), /^\/v1\/realtime\/calls\/rtc_/);
    assert.match(response.headers.get('content-type'), /application\/sdp/);
    await client.pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    const session = await rt.waitForSession();
    const created = await until(() => client.messages.find((m) => m.type === 'session.created'), 'session.created at the client');
    assert.deepEqual(created.session.tools.map((t) => t.name), ['ping']);
    assert.equal(session.api, 'ga');

    const callId = session.callTool('ping', '{}');
    const output = (await until(() => client.messages.find((m) => m.type === 'response.done'), 'response.done at the client')).response.output[0];
    assert.deepEqual([output.type, output.name, output.call_id, output.arguments], ['function_call', 'ping', callId, '{}']);
    client.channel.send(JSON.stringify({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId, output: '{"pong":true}' } }));
    const recorded = await rt.waitFor(() => session.events.find((r) => r.event.item?.call_id === callId), { what: 'the output' });
    assert.equal(recorded.event.item.output, '{"pong":true}');
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
      await tab.evaluate(([url, key]) => window.connect(url, key), [`${rt.origin}/v1/realtime`, (await mint(up)).value]);
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
