// OpenAI's refusals, as both handlers pass them on: the audit record says why (OpenAI's code, type,
// param and message, made safe), the page gets our own sentence and OpenAI's code, never OpenAI's
// message nor any part of a key. A small HTTP server on 127.0.0.1 plays OpenAI, answering
// `/v1/realtime/calls` and `/v1/realtime/client_secrets` as the public record shows it refuses.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startCallHandler, startHandler, startUpstream, request, PAGE, GOOD } from '../support/server-helpers.mjs';

const MASTER = `sk-proj-${'Rf4kL9'.repeat(12)}Tq2Wv8Yx`;
const OFFER = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-ufrag:Uf9q\r\na=ice-pwd:offerpasswordofferpassword\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n';
const PROJECT = 'proj_Secret0rgName';

/** OpenAI's error JSON. */
const openaiError = (status, error) => (req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error }));
};


let up;
before(async () => {
  up = await startUpstream();
});
after(() => up.close());

/** Everything the page and the log saw in this file, scanned for keys at the end. */
const seen = [];


const HANDLERS = {
  call: {
    path: '/v1/realtime/calls',
    start: startCallHandler,
    request: { method: 'POST', headers: { ...GOOD, origin: PAGE, 'content-type': 'application/sdp' }, body: OFFER },
    refused: 'OpenAI refused the call',
    failed: 'OpenAI failed to start the call',
  },
  key: {
    path: '/v1/realtime/client_secrets',
    start: startHandler,
    request: { headers: { ...GOOD, origin: PAGE } },
    refused: 'OpenAI refused to mint a key',
    failed: 'OpenAI failed to mint a key',
  },
};

/** One request through `attempt`'s handler with OpenAI answering `answer`. */
async function refusedBy(attempt, answer, options = {}) {
  const h = HANDLERS[attempt];
  up.set(answer);
  const handler = await h.start({ apiKey: MASTER, baseURL: up.baseURL, rateLimit: false, ...options });
  try {
    const started = Date.now();
    const r = await request(handler.url, h.request);
    const ms = Date.now() - started;
    seen.push(r.text, ...handler.lines);
    assert.equal(up.paths.at(-1), h.path);
    assert.equal(handler.audit.length, 1);
    return { r, ms, record: handler.audit[0], line: handler.lines[0] };
  } finally {
    await handler.close();
  }
}

/** No key, no piece of the master key, no SDP, no project name where the page can see it. */
function assertClean({ r, line }, { projectInAudit = false } = {}) {
  for (const text of [r.text, line]) {
    assert.ok(!text.includes(MASTER), 'the master key');
    for (let i = 0; i + 8 <= MASTER.length; i++) assert.ok(!text.includes(MASTER.slice(i, i + 8)), `a piece of the master key: ${text}`);
    assert.doesNotMatch(text, /sk-|\*\*\*|v=0|ice-pwd|offerpassword/, text);
  }
  assert.ok(!r.text.includes(PROJECT), "OpenAI's message (naming the project) reached the page");
  if (projectInAudit) assert.ok(line.includes(PROJECT), 'the operator sees the project OpenAI named');
}

for (const attempt of ['call', 'key']) {
  const { refused, failed } = HANDLERS[attempt];

  describe(`${attempt} handler: OpenAI's refusals`, { timeout: 30_000 }, () => {
    it('403 model_not_found (OpenAI quoting the master key): the audit says why, the page gets the code and our sentence', async () => {
      const message = `Project ${PROJECT} does not have access to model gpt-realtime-2.1 (key ${MASTER}).`;
      const got = await refusedBy(attempt, openaiError(403, { message, type: 'invalid_request_error', param: null, code: 'model_not_found' }));
      const { r, record } = got;
      assert.equal(r.status, 502);
      assert.deepEqual(r.json, {
        error: {
          code: 'upstream_error',
          message: `${refused}: this project may not use the model (model_not_found).`,
          upstream_status: 403,
          upstream_code: 'model_not_found',
        },
      });
      assert.equal(record.event, 'upstream_error');
      assert.equal(record.reason, 'upstream_error');
      assert.equal(record.status, 502);
      assert.equal(record.upstream_status, 403);
      assert.equal(record.detail, 'answered HTTP 403');
      assert.deepEqual(record.upstream_error, {
        code: 'model_not_found',
        type: 'invalid_request_error',
        param: null,
        message: `Project ${PROJECT} does not have access to model gpt-realtime-2.1 (key [redacted]).`,
      });
      assert.ok(Object.isFrozen(record.upstream_error));
      assertClean(got, { projectInAudit: true });
    });

    it('400 invalid_model (a model that is not a realtime one)', async () => {
      const message = "Model 'gpt-live-1' is not supported in realtime mode.";
      const got = await refusedBy(attempt, openaiError(400, { message, type: 'invalid_request_error', param: 'model', code: 'invalid_model' }));
      assert.deepEqual(got.r.json.error, {
        code: 'upstream_error', message: `${refused}: the model cannot be used for realtime (invalid_model).`, upstream_status: 400, upstream_code: 'invalid_model',
      });
      assert.deepEqual(got.record.upstream_error, { code: 'invalid_model', type: 'invalid_request_error', param: 'model', message });
      assertClean(got);
    });

    it('429 insufficient_quota', async () => {
      const message = 'You exceeded your current quota, please check your plan and billing details.';
      const got = await refusedBy(attempt, openaiError(429, { message, type: 'insufficient_quota', param: null, code: 'insufficient_quota' }));
      assert.deepEqual(got.r.json.error, {
        code: 'upstream_error', message: `${refused}: the OpenAI account is out of quota (insufficient_quota).`, upstream_status: 429, upstream_code: 'insufficient_quota',
      });
      assert.deepEqual(got.record.upstream_error, { code: 'insufficient_quota', type: 'insufficient_quota', param: null, message });
      assertClean(got);
    });

    it('401 invalid_api_key with OpenAI\'s masked key in the message', async () => {
      const masked = `sk-proj-${'*'.repeat(148)}${MASTER.slice(-4)}`;
      const message = `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`;
      const got = await refusedBy(attempt, openaiError(401, { message, type: 'invalid_request_error', param: null, code: 'invalid_api_key' }));
      assert.deepEqual(got.r.json.error, {
        code: 'upstream_error', message: `${refused}: the server's OpenAI API key was refused (invalid_api_key).`, upstream_status: 401, upstream_code: 'invalid_api_key',
      });
      assert.equal(got.record.upstream_error.message, 'Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.');
      assert.ok(!got.line.includes(MASTER.slice(-4)), 'not even the last four characters');
      assertClean(got);
    });

    it('429 rate_limit_exceeded; a code we do not know gets the generic sentence with the code', async () => {
      let got = await refusedBy(attempt, openaiError(429, { message: `Rate limit reached for ${PROJECT}.`, type: 'requests', param: null, code: 'rate_limit_exceeded' }));
      assert.equal(got.r.json.error.message, `${refused}: the OpenAI account's rate limit was reached (rate_limit_exceeded).`);
      assertClean(got, { projectInAudit: true });
      got = await refusedBy(attempt, openaiError(403, { message: 'Country, region, or territory not supported', type: 'request_forbidden', param: null, code: 'unsupported_country_region_territory' }));
      assert.deepEqual(got.r.json.error, {
        code: 'upstream_error', message: `${refused} (HTTP 403, unsupported_country_region_territory).`, upstream_status: 403, upstream_code: 'unsupported_country_region_territory',
      });
    });

    it('400 with empty fields: null code, the generic sentence, nulls in the audit', async () => {
      const got = await refusedBy(attempt, openaiError(400, { message: '', type: '', param: null, code: null }));
      assert.deepEqual(got.r.json.error, { code: 'upstream_error', message: `${refused} (HTTP 400).`, upstream_status: 400, upstream_code: null });
      assert.deepEqual(got.record.upstream_error, { code: null, type: null, param: null, message: null });
      assert.equal(got.record.detail, 'answered HTTP 400');
    });

    it('a code that is the master key, or not a token, is not passed on', async () => {
      for (const code of [MASTER, 'model not found', '<script>', 42]) {
        const got = await refusedBy(attempt, openaiError(403, { message: 'x', type: MASTER, param: MASTER, code }));
        assert.equal(got.r.json.error.upstream_code, null, String(code));
        assert.deepEqual([got.record.upstream_error.code, got.record.upstream_error.type], [null, null]);
        assertClean(got);
      }
    });

    it('an HTML error page: nulls, the detail says so, and the 5xx sentence', async () => {
      const html = (req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(`<html><head><title>502 Bad Gateway</title></head><body>${MASTER}</body></html>`);
      };
      const got = await refusedBy(attempt, html);
      assert.deepEqual(got.r.json.error, { code: 'upstream_error', message: `${failed} (HTTP 502).`, upstream_status: 502, upstream_code: null });
      assert.deepEqual(got.record.upstream_error, { code: null, type: null, param: null, message: null });
      assert.equal(got.record.detail, 'answered HTTP 502; its error body is not JSON');
      assertClean(got);
    });

    it('an error body that never ends (a byte at a time): answered within timeoutMs, with the status', async () => {
      const trickle = (req, res) => {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.write('{"error":{"code":"model_not_found","message":"');
        const timer = setInterval(() => res.write('a'), 20);
        res.on('close', () => clearInterval(timer));
      };
      const got = await refusedBy(attempt, trickle, { timeoutMs: 400 });
      assert.ok(got.ms >= 350 && got.ms < 1500, `took ${got.ms} ms`);
      assert.deepEqual(got.r.json.error, { code: 'upstream_error', message: `${refused} (HTTP 403).`, upstream_status: 403, upstream_code: null });
      assert.equal(got.record.detail, 'answered HTTP 403; its error body was not read before the deadline');
      assert.deepEqual(got.record.upstream_error, { code: null, type: null, param: null, message: null });
    });

    it('an error body larger than 16 KiB, or endless: read no further than 16 KiB, nulls', async () => {
      const huge = JSON.stringify({ error: { message: `${MASTER} `.repeat(2000), type: 'invalid_request_error', param: null, code: 'model_not_found' } });
      let got = await refusedBy(attempt, (req, res) => {
        res.writeHead(403, { 'content-type': 'application/json' }); // no Content-Length: the cap is met while reading
        res.end(huge);
      });
      assert.equal(got.record.detail, 'answered HTTP 403; its error body is larger than 16384 bytes');
      assert.deepEqual(got.r.json.error, { code: 'upstream_error', message: `${refused} (HTTP 403).`, upstream_status: 403, upstream_code: null });
      assertClean(got);

      let sent = 0;
      got = await refusedBy(attempt, (req, res) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!res.destroyed && sent < 1024 ** 3 && res.write(chunk)) sent += chunk.length;
          if (!res.destroyed && sent < 1024 ** 3) res.once('drain', pump);
        };
        res.on('close', () => res.removeAllListeners('drain'));
        pump();
      }, { timeoutMs: 5000 });
      assert.ok(got.ms < 2000, `took ${got.ms} ms`);
      assert.ok(sent < 64 * 1024 * 1024, `${(sent / 2 ** 20).toFixed(0)} MiB sent before the handler let go`);
      assert.equal(got.record.detail, 'answered HTTP 500; its error body is larger than 16384 bytes');
      assert.equal(got.r.json.error.message, `${failed} (HTTP 500).`);
    });

    it('an error message quoting the offer (or any SDP) keeps no SDP in the audit', async () => {
      const got = await refusedBy(attempt, openaiError(400, { message: `Invalid SDP offer: ${OFFER}`, type: 'invalid_request_error', param: 'sdp', code: 'invalid_offer' }));
      assert.equal(got.record.upstream_error.message, 'Invalid SDP offer: [SDP removed]');
      assertClean(got);
    });

    it('control characters in OpenAI\'s message cannot forge a log line', async () => {
      const message = `denied\n{"event":"issued","key_id":"x"}\r\u001b[2K\u0000${'\u202e'}`;
      const got = await refusedBy(attempt, openaiError(403, { message, type: 'invalid_request_error', param: null, code: 'model_not_found' }));
      assert.equal(got.record.upstream_error.message, 'denied {"event":"issued","key_id":"x"} [2K');
      assert.equal(got.line.split('\n').length, 1);
    });
  });
}

describe('what stays as it was', { timeout: 30_000 }, () => {
  it('a connection that fails: the old body, no upstream fields, no upstream_error in the audit', async () => {
    const gone = await startUpstream();
    const baseURL = gone.baseURL;
    await gone.close();
    for (const attempt of ['call', 'key']) {
      const handler = await HANDLERS[attempt].start({ apiKey: MASTER, baseURL, rateLimit: false });
      try {
        const r = await request(handler.url, HANDLERS[attempt].request);
        assert.equal(r.status, 502);
        assert.deepEqual(r.json, { error: { code: 'upstream_error', message: 'OpenAI refused or failed.' } });
        assert.equal(handler.audit[0].upstream_error, undefined);
        assert.equal(handler.audit[0].upstream_status, undefined);
        assert.match(handler.audit[0].detail, /^request failed \(/);
      } finally {
        await handler.close();
      }
    }
  });

  it('no answer in time (headers never come): 504 upstream_timeout, as before', async () => {
    for (const attempt of ['call', 'key']) {
      const got = await refusedBy(attempt, () => {}, { timeoutMs: 300 });
      assert.equal(got.r.status, 504);
      assert.deepEqual(got.r.json, { error: { code: 'upstream_timeout', message: 'OpenAI did not answer in time.' } });
      assert.equal(got.record.upstream_error, undefined);
    }
  });
});

it('nothing any test here sent to a page or wrote to the log holds a key', () => {
  assert.ok(seen.length > 40, `${seen.length} texts`);
  for (const text of seen) {
    assert.ok(!text.includes(MASTER));
    assert.doesNotMatch(text, /sk-proj-|\*{4}/, text.slice(0, 200));
  }
});
