// realtime-companion/testing's scripted call, every method, end to end: a real WebRTC peer (werift)
// plays the page and a call handler of the author's server starts the call, as in an author's CI.
// What the test scripts (say, interrupt, sendError, expire, waitForEvent, refuseNextSideband,
// failNextOffer) must reach the page as OpenAI would send it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { startOpenAIStandIn } from 'realtime-companion/testing';
import { createRealtimeCallHandler } from 'realtime-companion/server';
import { RTCPeerConnection } from 'werift';

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const openai = await startOpenAIStandIn();
cleanups.push(() => openai.close());
const audit = [];
const realtimeCall = createRealtimeCallHandler({
  allowedOrigins: ['http://127.0.0.1'], baseURL: openai.baseURL, apiKey: openai.masterKey, rateLimit: false, audit: (r) => audit.push(r),
  instructions: 'Be brief.', supervise: { idleSeconds: 0, maxCallSeconds: 0 },
});
const server = http.createServer(realtimeCall);
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
cleanups.push(() => new Promise((resolve) => {
  server.closeAllConnections();
  server.close(resolve);
}));

async function until(predicate, what, ms = 5000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    const value = predicate();
    if (value) return value;
  }
  throw new Error(`no ${what} within ${ms} ms`);
}

/** A page: offers through the author's server; records what OpenAI sends on its data channel. */
async function page() {
  const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'], bundlePolicy: 'max-bundle' });
  cleanups.push(() => pc.close());
  pc.addTransceiver('audio', { direction: 'sendrecv' });
  const channel = pc.createDataChannel('oai-events');
  const received = [];
  let closed = false;
  channel.onMessage.subscribe((data) => received.push(JSON.parse(data.toString())));
  channel.stateChanged.subscribe((state) => {
    if (state === 'closed') closed = true;
  });
  await pc.setLocalDescription(await pc.createOffer());
  const answer = await fetch(`http://127.0.0.1:${server.address().port}/realtime/call`, {
    method: 'POST', body: pc.localDescription.sdp, headers: { 'content-type': 'application/sdp', 'x-requested-with': 'fetch' },
  });
  if (answer.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: await answer.text() });
  return { answer, received, closed: () => closed, seen: (type) => until(() => received.find((e) => e.type === type), type) };
}

test('say, interrupt, sendError and waitForEvent reach the page as OpenAI sends them', async () => {
  const p = await page();
  assert.equal(p.answer.status, 201);
  const call = await openai.waitForCall();
  assert.match(call.callId, /^rtc_/);
  // The author's server joined and put its session on: the scripted call sees its session.update.
  const update = await call.waitForEvent('session.update');
  assert.equal(update.session.instructions, 'Be brief.');
  assert.equal(call.session.instructions, 'Be brief.');

  await call.say('Hello from the test.');
  const done = await p.seen('response.done');
  assert.equal(done.response.status, 'completed');
  assert.match(JSON.stringify(done.response.output), /Hello from the test\./);

  await call.interrupt({ transcript: 'stop', answer: 'Stopped.' });
  await until(() => p.received.some((e) => e.type === 'input_audio_buffer.speech_started'), 'speech_started');
  await until(() => p.received.some((e) => e.type === 'response.done' && JSON.stringify(e.response.output).includes('Stopped.')), 'the answer after the interruption');

  call.sendError('conversation_already_has_active_response', { message: 'busy' });
  const error = await p.seen('error');
  assert.deepEqual([error.error.code, error.error.message, error.error.type], ['conversation_already_has_active_response', 'busy', 'invalid_request_error']);
  await assert.rejects(call.waitForEvent('never.sent', { timeoutMs: 200 }), /never\.sent/);
});

test('expire ends the call: session_expired, then the channel closes; calling it then fails clearly', async () => {
  const p = await page();
  const call = await openai.waitForCall();
  await call.expire();
  const error = await p.seen('error');
  assert.equal(error.error.code, 'session_expired');
  await until(() => p.closed(), 'the channel closed');
  await assert.rejects(call.say('too late'), /cannot say anything: the call is/);
});

test('failNextOffer and refuseNextSideband: the author\'s server refuses the offer, or hangs the call up', async () => {
  openai.failNextOffer(403, { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' });
  const refused = await page();
  assert.equal(refused.answer.status, 502);
  assert.equal((await refused.answer.json()).error.upstream_code, 'model_not_found');
  assert.equal(openai.offers.at(-1).code, 'model_not_found');

  openai.refuseNextSideband(403);
  const p = await page();
  assert.equal(p.answer.status, 201);
  const hungUp = await until(() => audit.find((r) => r.event === 'call_hung_up' && r.reason === 'sideband_failed'), 'the hang-up');
  assert.equal(hungUp.status, 200, 'the stand-in took the hang-up of a call it started');
  assert.equal(audit.find((r) => r.event === 'sideband_failed' && r.call_id === hungUp.call_id).detail, 'refused with HTTP 403');
  assert.throws(() => openai.failNextOffer(200), /HTTP error status/);
});
