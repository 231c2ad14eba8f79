// The README's server tool (examples/server-tools/) end to end: a real WebRTC peer plays the page,
// the call handler starts the call at realtime-companion/testing, the model calls lookup_order, and
// the server answers from the sideband with the customer's order; another customer's order is not
// found; arguments the schema refuses never reach the handler.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { startOpenAIStandIn } from 'realtime-companion/testing';
import { RTCPeerConnection } from 'werift';
import { createShopCallHandler } from '../../examples/server-tools/call-handler.mjs';

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('lookup_order runs on the server for the signed-in customer, answered on the sideband', async () => {
  const openai = await startOpenAIStandIn();
  cleanups.push(() => openai.close());
  const audit = [];
  const handler = await createShopCallHandler({
    allowedOrigins: ['http://127.0.0.1'], authorize: () => 'customer:42', baseURL: openai.baseURL, apiKey: openai.masterKey,
    rateLimit: false, audit: (r) => audit.push(r),
  });
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  }));

  // The page: an offer with audio and DeepChat's oai-events channel.
  const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'], bundlePolicy: 'max-bundle' });
  cleanups.push(() => pc.close());
  pc.addTransceiver('audio', { direction: 'sendrecv' });
  const channel = pc.createDataChannel('oai-events');
  const seenByPage = [];
  channel.onMessage.subscribe((data) => seenByPage.push(JSON.parse(data.toString())));
  await pc.setLocalDescription(await pc.createOffer());
  const answer = await fetch(`http://127.0.0.1:${server.address().port}/realtime/call`, {
    method: 'POST', body: pc.localDescription.sdp, headers: { 'content-type': 'application/sdp', 'x-requested-with': 'fetch' },
  });
  assert.equal(answer.status, 201, await answer.clone().text());
  assert.equal(answer.headers.get('x-realtime-companion-server-tools'), 'lookup_order');
  await pc.setRemoteDescription({ type: 'answer', sdp: await answer.text() });

  const call = await openai.waitForCall();
  await new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (handler.activeCalls().includes(call.callId) && call.events.some((e) => e.type === 'session.update')) resolve(clearInterval(poll));
      else if (Date.now() - started > 5000) reject(new Error('the server did not join the call'), clearInterval(poll));
    }, 20);
  });
  assert.deepEqual(await call.callTool('lookup_order', { order_id: 'A-1001' }), { order_id: 'A-1001', status: 'shipped', carrier: 'DHL' });
  assert.deepEqual(await call.callTool('lookup_order', { order_id: 'A-1002' }), { error: { code: 'not_found', message: 'No order A-1002 for this customer.' } });
  const refused = await call.callTool('lookup_order', { order_id: 'DROP TABLE' });
  assert.equal(refused.error.code, 'invalid_arguments');
  // The model got its answers: each lookup's response was followed by the server's response.create.
  const creates = call.events.filter((e) => e.type === 'response.create');
  assert.ok(creates.length >= 3 && creates.every((e) => /^rc_server_create_/.test(e.event_id)), JSON.stringify(creates));
  // The page sees the server's outputs arrive as conversation items: what its companion waits for.
  const outputsSeen = () => seenByPage.filter((e) => e.type === 'conversation.item.added' && e.item?.type === 'function_call_output').length;
  for (const end = Date.now() + 5000; outputsSeen() < 3 && Date.now() < end;) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(outputsSeen(), 3);
  const records = audit.filter((r) => r.event === 'server_tool_call');
  assert.deepEqual(records.map((r) => [r.name, r.outcome]), [['lookup_order', 'ok'], ['lookup_order', 'ok'], ['lookup_order', 'invalid_arguments']]);
  assert.ok(records.every((r) => r.client_id === 'customer:42'));
  await handler.close();
});
