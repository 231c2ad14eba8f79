// createRealtimeCallHandler (the unified interface) against the GA stand-ins: the page's SDP offer
// goes up as multipart with the server's fixed session and the master key, the SDP answer comes
// back; every check of the key handler applies; upstream failures are clean; nothing secret leaks.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';

import { startRestStandIn, TEST_MASTER_KEY } from '../../testing/openai-rest.js';
import { startRealtimeStandIn } from '../../testing/realtime-webrtc.js';
import { RTCPeerConnection } from '../../testing/werift.js';
import { createEphemeralKeyHandler, createMemoryRateLimitStore, createRealtimeCallHandler } from '../../server/index.js';
import { createCallBudget } from '../../server/supervision/budget.js';
import { request, PAGE, GOOD } from '../support/server-helpers.mjs';

const TOOLS = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
const INSTRUCTIONS = 'Private instructions of the call handler test.';

/** A real offer, as a browser makes one (audio + the oai-events channel). */
async function realOffer() {
  const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'], bundlePolicy: 'max-bundle' });
  pc.addTransceiver('audio', { direction: 'sendrecv' });
  pc.createDataChannel('oai-events');
  await pc.setLocalDescription(await pc.createOffer());
  return { sdp: pc.localDescription.sdp, close: () => pc.close() };
}

let up;
let rt;
const seen = [];
const peers = [];

async function withHandler(options, fn) {
  const audit = [];
  const handler = createRealtimeCallHandler({
    apiKey: TEST_MASTER_KEY, baseURL: up.baseURL, allowedOrigins: [PAGE], model: 'gpt-realtime', voice: 'marin',
    instructions: INSTRUCTIONS, tools: TOOLS, audit: (r) => audit.push(r), ...options,
  });
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/realtime/call`;
  const call = async (opts) => {
    const r = await request(url, opts);
    seen.push(r.text);
    return r;
  };
  try {
    await fn({ url, call, audit, server });
  } finally {
    seen.push(...audit.map((r) => JSON.stringify(r)));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
const sdpRequest = (sdp, headers = {}) => ({ method: 'POST', headers: { ...GOOD, origin: PAGE, 'content-type': 'application/sdp', ...headers }, body: sdp });

before(async () => {
  up = await startRestStandIn();
  rt = await startRealtimeStandIn({ isValidKey: (k) => up.isValidKey(k), describeKey: (k) => up.issued.get(k)?.session, masterKey: up.masterKey });
  up.serveRealtime(rt.origin);
});
after(async () => {
  for (const close of peers) await close();
  await rt.close();
  await up.close();
});

describe('createRealtimeCallHandler', { timeout: 60_000 }, () => {
  it('posts the offer as multipart with the server session and the master key, and answers 201 with the SDP answer', async () => {
    await withHandler({}, async ({ call, audit }) => {
      const offer = await realOffer();
      peers.push(offer.close);
      const before = rt.offers.length;
      const r = await call(sdpRequest(offer.sdp));
      assert.equal(r.status, 201, r.text);
      assert.match(r.headers['content-type'], /^application\/sdp/);
      assert.equal(r.headers['cache-control'], 'no-store');
      assert.ok(r.text.startsWith('v=0'));
      assert.equal(r.headers.location, undefined, 'the call id stays on the server');
      const sent = rt.offers.slice(before);
      assert.deepEqual(sent.map((o) => [o.path, o.form, o.status]), [['/v1/realtime/calls', true, 201]]);
      assert.equal(sent[0].key, TEST_MASTER_KEY);
      const session = rt.sessions.at(-1).config;
      assert.equal(session.type, 'realtime');
      assert.equal(session.model, 'gpt-realtime');
      assert.equal(session.instructions, INSTRUCTIONS);
      assert.equal(session.audio.output.voice, 'marin');
      assert.deepEqual(session.tools, TOOLS);
      const record = audit.at(-1);
      assert.equal(record.event, 'call_created');
      assert.equal(record.status, 201);
      assert.match(record.call_id, /^rtc_[0-9a-f]+$/);
      assert.equal(record.session.api, 'calls');
      assert.ok(!JSON.stringify(record).includes('v=0'), 'no SDP in the audit log');
    });
  });

  it('ignores what the page sends about the session: query, headers; a multipart body is refused', async () => {
    await withHandler({}, async ({ url, audit }) => {
      const offer = await realOffer();
      peers.push(offer.close);
      const r = await request(`${url}?model=gpt-realtime-2&instructions=evil`, sdpRequest(offer.sdp, { 'openai-session': '{"instructions":"evil"}' }));
      assert.equal(r.status, 201);
      assert.equal(rt.sessions.at(-1).config.instructions, INSTRUCTIONS);
      assert.equal(rt.sessions.at(-1).config.model, 'gpt-realtime');
      const form = await request(url, { method: 'POST', headers: { ...GOOD, 'content-type': 'multipart/form-data; boundary=x' },
        body: '--x\r\nContent-Disposition: form-data; name="session"\r\n\r\n{"instructions":"evil"}\r\n--x--\r\n' });
      assert.equal(form.status, 400);
      assert.equal(form.json.error.code, 'offer_invalid');
      assert.equal(audit.at(-1).reason, 'offer_invalid');
    });
  });

  it('refuses before OpenAI is called: method, origin, cross-site, CSRF, authorize, non-SDP, oversize', async () => {
    const cases = [
      ['GET', {}, { method: 'GET', headers: GOOD }, 405, 'method_not_allowed'],
      ['a foreign Origin', {}, sdpRequest('v=0\r\n', { origin: 'https://evil.example' }), 403, 'origin_not_allowed'],
      ['cross-site without Origin', {}, { method: 'POST', headers: { 'x-requested-with': 'x', 'sec-fetch-site': 'cross-site', 'content-type': 'application/sdp' }, body: 'v=0\r\n' }, 403, 'cross_site'],
      ['no anti-CSRF header', {}, { method: 'POST', headers: { origin: PAGE, 'content-type': 'application/sdp' }, body: 'v=0\r\n' }, 403, 'csrf_header_missing'],
      ['authorize says no', { authorize: () => false }, sdpRequest('v=0\r\n'), 401, 'unauthorized'],
      ['authorize throws', { authorize: () => { throw new Error(TEST_MASTER_KEY); } }, sdpRequest('v=0\r\n'), 500, 'authorize_failed'],
      ['text/plain body', {}, sdpRequest('v=0\r\n', { 'content-type': 'text/plain' }), 400, 'offer_invalid'],
      ['not an SDP offer', {}, sdpRequest('<html>'), 400, 'offer_invalid'],
      ['a NUL in the offer', {}, sdpRequest('v=0\r\n\0'), 400, 'offer_invalid'],
      ['a 100 KB offer', {}, sdpRequest(`v=0\r\n${'a=x\r\n'.repeat(20000)}`), 413, 'offer_too_large'],
    ];
    for (const [name, options, req, status, code] of cases) {
      await withHandler({ rateLimit: false, ...options }, async ({ call, audit }) => {
        const before = rt.offers.length;
        const r = await call(req);
        assert.equal(r.status, status, name);
        assert.equal(r.json.error.code, code, name);
        assert.equal(rt.offers.length, before, `${name}: OpenAI not called`);
        assert.equal(audit.at(-1).reason, code, name);
      });
    }
  });

  it('answers a CORS preflight from an allowed origin with content-type allowed (application/sdp is preflighted)', async () => {
    await withHandler({}, async ({ call, audit }) => {
      const r = await call({ method: 'OPTIONS', headers: { origin: PAGE, 'access-control-request-method': 'POST' } });
      assert.equal(r.status, 204);
      assert.equal(r.headers['access-control-allow-origin'], PAGE);
      assert.deepEqual(r.headers['access-control-allow-headers'].split(', ').sort(), ['content-type', 'x-requested-with']);
      assert.equal(r.headers['access-control-allow-methods'], 'POST');
      assert.equal(audit.length, 0, 'a preflight decides nothing');
    });
  });

  it('rate-limits per client like the key handler (429 with Retry-After, no call made)', async () => {
    await withHandler({ rateLimit: { perMinute: 1, burst: 1 }, authorize: () => 'user:7' }, async ({ call }) => {
      const offer = await realOffer();
      peers.push(offer.close);
      assert.equal((await call(sdpRequest(offer.sdp))).status, 201);
      const before = rt.offers.length;
      const limited = await call(sdpRequest(offer.sdp));
      assert.equal(limited.status, 429);
      assert.equal(limited.json.error.code, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      assert.equal(rt.offers.length, before);
    });
  });

  it('upstream failures: OpenAI 5xx and 401 → 502, silence → 504, an answer that is not SDP or is huge → 502', async () => {
    const offer = await realOffer();
    peers.push(offer.close);
    await withHandler({ rateLimit: false }, async ({ call, audit }) => {
      rt.failNextOffer(500);
      let r = await call(sdpRequest(offer.sdp));
      assert.deepEqual([r.status, r.json.error.code, audit.at(-1).upstream_status], [502, 'upstream_error', 500]);
      assert.deepEqual(r.json.error, { code: 'upstream_error', message: 'OpenAI failed to start the call (HTTP 500).', upstream_status: 500, upstream_code: null });
      const { code, type, param, message } = audit.at(-1).upstream_error; // the stand-in's error object, as OpenAI's
      assert.deepEqual([code, type, param, typeof message], [null, 'server_error', null, 'string']);
    });
    await withHandler({ rateLimit: false, apiKey: 'sk-wrong-master-key' }, async ({ call, audit }) => {
      const r = await call(sdpRequest(offer.sdp));
      assert.deepEqual([r.status, r.json.error.code, audit.at(-1).upstream_status], [502, 'upstream_error', 401]);
      assert.equal(r.json.error.upstream_code, 'invalid_api_key');
      assert.equal(r.json.error.message, "OpenAI refused the call: the server's OpenAI API key was refused (invalid_api_key).");
      assert.equal(audit.at(-1).upstream_error.code, 'invalid_api_key');
      assert.doesNotMatch(JSON.stringify(audit.at(-1)), /sk-wrong/);
    });
    const stall = (url, init) => new Promise((resolve, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    await withHandler({ rateLimit: false, timeoutMs: 200, fetch: stall }, async ({ call }) => {
      const r = await call(sdpRequest(offer.sdp));
      assert.deepEqual([r.status, r.json.error.code], [504, 'upstream_timeout']);
    });
    for (const [what, body] of [['html', '<html>502</html>'], ['huge', `v=0\r\n${'a'.repeat(70 * 1024)}`]]) {
      const answer = async () => new Response(body, { status: 201, headers: { 'content-type': 'application/sdp' } });
      await withHandler({ rateLimit: false, fetch: answer }, async ({ call }) => {
        const r = await call(sdpRequest(offer.sdp));
        assert.deepEqual([r.status, r.json.error.code], [502, 'upstream_malformed'], what);
      });
    }
  });

  it('a client that goes away mid-offer is dropped quietly and the server keeps answering', async () => {
    await withHandler({ rateLimit: false }, async ({ url, audit }) => {
      const { port } = new URL(url);
      await new Promise((resolve) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => {
          socket.write(`POST /realtime/call HTTP/1.1\r\nHost: x\r\nX-Requested-With: fetch\r\nContent-Type: application/sdp\r\nContent-Length: 5000\r\n\r\nv=0\r\n`);
          setTimeout(() => socket.destroy(), 100);
        });
        socket.on('close', resolve);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const r = await request(url, sdpRequest('not sdp'));
      assert.equal(r.status, 400);
      assert.deepEqual(audit.map((a) => a.reason), ['offer_invalid'], 'no record for the aborted request');
    });
  });

  it('refuses beta settings and options that do not apply, at start-up', () => {
    const base = { apiKey: 'x', allowedOrigins: [PAGE] };
    assert.throws(() => createRealtimeCallHandler({ ...base, api: 'sessions' }), /switched off/);
    assert.throws(() => createRealtimeCallHandler({ ...base, session: { input_audio_transcription: {} } }), /audio\.input\.transcription/);
    assert.throws(() => createRealtimeCallHandler({ ...base, expiresAfterSeconds: 60 }), /does not apply/);
    assert.throws(() => createRealtimeCallHandler({ ...base, model: 'gpt realtime' }), /model/);
  });

  it('a tool with a handler: OpenAI gets the tool without it, the page is told its name in the answer (exposed to CORS)', async () => {
    const lookupOrder = { type: 'function', name: 'lookup_order', parameters: { type: 'object' }, handler: async () => ({ ok: true }), timeoutMs: 3000 };
    await withHandler({ tools: [...TOOLS.map((t) => ({ ...t, route: { path: '/weather' } })), lookupOrder] }, async ({ call }) => {
      const offer = await realOffer();
      peers.push(offer.close);
      const r = await call(sdpRequest(offer.sdp));
      assert.equal(r.status, 201, r.text);
      assert.equal(r.headers['x-realtime-companion-server-tools'], 'lookup_order');
      assert.match(r.headers['access-control-expose-headers'], /X-Realtime-Companion-Server-Tools/i);
      assert.deepEqual(rt.sessions.at(-1).config.tools, [...TOOLS, { type: 'function', name: 'lookup_order', parameters: { type: 'object' } }],
        'no handler, timeoutMs or page route reaches OpenAI');
    });
    await withHandler({}, async ({ call }) => {
      const offer = await realOffer();
      peers.push(offer.close);
      const r = await call(sdpRequest(offer.sdp));
      assert.equal(r.headers['x-realtime-companion-server-tools'], undefined, 'no server tools, no header');
    });
  });

  it('server tools need supervision that fails closed; the key handler refuses them; a schema the compiler refuses fails ready and every offer', async () => {
    const base = { apiKey: 'x', allowedOrigins: [PAGE] };
    const tool = { name: 'lookup_order', handler: () => ({}) };
    assert.throws(() => createRealtimeCallHandler({ ...base, tools: [tool], supervise: false }), /need `supervise` on/);
    assert.throws(() => createRealtimeCallHandler({ ...base, tools: [tool], supervise: { onSidebandFailure: 'continue' } }), /onSidebandFailure: 'hangup'/);
    assert.throws(() => createEphemeralKeyHandler({ ...base, tools: [tool] }), /lookup_order has a `handler`.*unified interface/);
    await createRealtimeCallHandler({ ...base, tools: [tool] }).ready;
    const broken = { ...tool, parameters: { type: 'object', properties: { a: { pattern: '(' } } } };
    await assert.rejects(createRealtimeCallHandler({ ...base, tools: [broken] }).ready, /pattern|regular expression/i);
    await withHandler({ tools: [broken] }, async ({ call, audit }) => {
      const before = rt.offers.length;
      const offer = await realOffer();
      peers.push(offer.close);
      const r = await call(sdpRequest(offer.sdp));
      assert.equal(r.status, 500);
      assert.equal(rt.offers.length, before, 'no call started that nobody could answer');
      assert.match(audit.at(-1).detail, /could not be compiled/);
    });
  });

  it('a client whose call budget is spent is refused before OpenAI is called (429, Retry-After); a failed budget store fails closed (503)', async () => {
    const store = createMemoryRateLimitStore();
    const budget = { tokens: 100, periodSeconds: 3600, store };
    // Another call of this client (on any instance sharing the store) spent it all.
    await createCallBudget(budget).charge('user:7', { tokens: 150 }, Date.now());
    await withHandler({ authorize: () => 'user:7', rateLimit: false, supervise: { budget } }, async ({ call, audit }) => {
      const before = rt.offers.length;
      const r = await call(sdpRequest('v=0\r\n'));
      assert.equal(r.status, 429);
      assert.equal(r.json.error.code, 'budget_exhausted');
      assert.ok(Number(r.headers['retry-after']) >= 1);
      assert.equal(rt.offers.length, before);
      assert.deepEqual([audit.at(-1).reason, audit.at(-1).client_id], ['budget_exhausted', 'user:7']);
    });
    const failing = { take: async () => { throw new Error('down'); }, charge: async () => { throw new Error('down'); } };
    await withHandler({ rateLimit: false, supervise: { budget: { seconds: 60, periodSeconds: 60, store: failing } } }, async ({ call }) => {
      const offer = await realOffer();
      peers.push(offer.close);
      const r = await call(sdpRequest(offer.sdp));
      assert.deepEqual([r.status, r.json.error.code], [503, 'budget_unavailable']);
    });
  });

  it('no response body or audit record holds the master key or the instructions', () => {
    assert.ok(seen.length > 20);
    for (const text of seen) {
      assert.ok(!text.includes(TEST_MASTER_KEY), text.slice(0, 200));
      assert.ok(!text.includes(INSTRUCTIONS), text.slice(0, 200));
    }
  });
});
