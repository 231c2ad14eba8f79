// Fastify with the unified interface. DeepChat posts its offer as `application/sdp`; Fastify
// answers 415 (FST_ERR_CTP_INVALID_MEDIA_TYPE) to a type it has no parser for, and the page would
// see only an SDP parse error. The README's wiring (tests/tool-calls/wirings/fastify-unified.mjs)
// registers a parser that leaves the body to the handler; a real Fastify server, its own process,
// posts the offer to a scripted OpenAI.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

import { startUpstream, request } from '../support/server-helpers.mjs';
import { startWiring } from '../support/raw-http.mjs';

const WIRING = fileURLToPath(new URL('../tool-calls/wirings/fastify-unified.mjs', import.meta.url));
const ORIGIN = 'https://app.example.com';
const OFFER = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fastify-unified-offer\r\n';
const ANSWER = 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
/** DeepChat's offer as attach() sends it to the page's server. */
const offer = (port) => request(`http://127.0.0.1:${port}/realtime/call`, {
  method: 'POST',
  headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'x-requested-with': 'fetch', 'content-type': 'application/sdp' },
  body: OFFER,
});

let up;
let sent;
before(async () => {
  up = await startUpstream();
  up.set((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      sent = Buffer.concat(chunks).toString('utf8');
      res.writeHead(201, { 'content-type': 'application/sdp' }); // no Location: no call to supervise
      res.end(ANSWER);
    });
  });
});
after(() => up.close());

const env = (extra = {}) => ({ OPENAI_API_KEY: 'sk-test-fastify-unified', OPENAI_BASE_URL: up.baseURL, ...extra });

describe('Fastify + createRealtimeCallHandler', { timeout: 30_000 }, () => {
  it("the README's wiring (an application/sdp parser that leaves the body unread) starts the call", async () => {
    const w = await startWiring(WIRING, env());
    try {
      sent = undefined;
      const r = await offer(w.port);
      assert.equal(r.status, 201, `${r.text}\n${w.output().slice(-2000)}`);
      assert.match(r.headers['content-type'], /^application\/sdp/);
      assert.equal(r.text, ANSWER);
      assert.ok(sent.includes('a=fastify-unified-offer'), 'the page offer went up to OpenAI');
      const preflight = await request(`http://127.0.0.1:${w.port}/realtime/call`, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-requested-with' },
      });
      assert.equal(preflight.status, 204, preflight.text);
      assert.equal(preflight.headers['access-control-allow-origin'], ORIGIN);
    } finally {
      await w.stop();
    }
  });

  it('without the parser line Fastify itself answers 415 (what the README warns about)', async () => {
    const w = await startWiring(WIRING, env({ WIRING_SDP_PARSER: 'none' }));
    try {
      const r = await offer(w.port);
      assert.equal(r.status, 415);
      assert.equal(r.json?.code, 'FST_ERR_CTP_INVALID_MEDIA_TYPE');
    } finally {
      await w.stop();
    }
  });

  it('a parser that reads the offer itself leaves the handler nothing: refused, never sent up', async () => {
    const w = await startWiring(WIRING, env({ WIRING_SDP_PARSER: 'string' }));
    try {
      sent = undefined;
      const r = await offer(w.port);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.error.code, 'offer_invalid');
      assert.equal(sent, undefined);
    } finally {
      await w.stop();
    }
  });
});
