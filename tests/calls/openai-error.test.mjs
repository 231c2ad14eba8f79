// server/openai-error.js and server/openai-error-codes.js on their own: OpenAI's error answer made
// safe for the audit log (hostile messages, wrong types, bodies too large or too slow), and the
// page's message composed from the code alone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_ERROR_BODY_BYTES, MAX_MESSAGE_LENGTH, REDACTED, NO_ERROR_FIELDS,
  parseOpenAIError, readOpenAIError, redactKeys, safeErrorFields, safeMessage,
} from '../../server/openai-error.js';
import { OPENAI_ERROR_CODES, openAIRefusalMessage } from '../../server/openai-error-codes.js';

const MASTER = `sk-proj-${'Qx7'.repeat(20)}Zz9Lm2Np4Rt6`;
const LAST4 = MASTER.slice(-4);
const noKey = (text) => {
  assert.ok(!text.includes(MASTER), 'the master key');
  for (let i = 0; i + 8 <= MASTER.length; i++) assert.ok(!text.includes(MASTER.slice(i, i + 8)), `a piece of the master key at ${i}: ${text}`);
  assert.doesNotMatch(text, /sk-|ek_|rk-|\*\*/, text);
};
const wellFormed = (text) => assert.ok(text.isWellFormed(), 'well-formed UTF-16');

describe('safeMessage: OpenAI\'s message, fit for a log line', () => {
  it('a message quoting the full master key keeps its sentence, not the key', () => {
    const m = safeMessage(`Incorrect API key provided: ${MASTER}. You can find your API key at https://platform.openai.com/account/api-keys.`, MASTER);
    noKey(m);
    assert.equal(m, `Incorrect API key provided: ${REDACTED}. You can find your API key at https://platform.openai.com/account/api-keys.`);
  });

  it('OpenAI\'s masked form (sk-proj-****abcd) and other masks are redacted whole', () => {
    for (const masked of [`sk-proj-****${LAST4}`, `sk-****${LAST4}`, `sk-abc12*********************${LAST4}`, `****${LAST4}`, `sk-None-****${LAST4}`]) {
      const m = safeMessage(`Incorrect API key provided: ${masked}.`, MASTER);
      assert.equal(m, `Incorrect API key provided: ${REDACTED}.`, masked);
    }
  });

  it('other keys: ephemeral, restricted, session tokens, secret-key look-alikes, bearer credentials', () => {
    const m = safeMessage('ek_0123456789abcdef0123456789abcdef expired; rk-proj-abc, sess-XYZ, SK_live_abc, x_sk-foo, Authorization: Bearer abc.def', MASTER);
    assert.equal(m, `${REDACTED} expired; ${REDACTED}, ${REDACTED}, ${REDACTED}, x_${REDACTED}, Authorization: ${REDACTED}`);
  });

  it('any piece of 8 or more characters of the master key, wherever it is, and nothing shorter by that rule', () => {
    const piece = MASTER.slice(20, 31);
    assert.equal(safeMessage(`project key part ${piece}!`, MASTER), `project key part ${REDACTED}!`);
    assert.equal(safeMessage(`glued${MASTER.slice(9, 40)}glued`, MASTER), `glued${REDACTED}glued`);
    assert.equal(safeMessage(`short ${MASTER.slice(20, 27)} stays`, MASTER), `short ${MASTER.slice(20, 27)} stays`);
    // A master key of no usual shape is found by its pieces alone.
    const odd = 'test-master-key-Lorem1psumDolor';
    assert.equal(safeMessage(`bad key ${odd.slice(3)} and ${odd}`, odd), `bad key ${REDACTED} and ${REDACTED}`);
  });

  it('a key hidden by control, zero-width or bidi characters is found once they are gone', () => {
    const hidden = [...MASTER].join('\u200b');
    noKey(safeMessage(`key ${hidden}`, MASTER));
    noKey(safeMessage(`key ${MASTER.slice(0, 10)}\u0000${MASTER.slice(10)}`, MASTER));
    noKey(safeMessage(`key \u202e${MASTER}`, MASTER));
  });

  it('control characters go: no forged log line, no terminal escape; whitespace controls become one space', () => {
    const m = safeMessage('bad\r\n{"event":"issued"}\u0000\u0007\u001b[31m red\u009b\u007f\u2028end\t\tof \u202eline', MASTER);
    assert.equal(m, 'bad {"event":"issued"}[31m red end of line');
    assert.doesNotMatch(m, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e]/);
  });

  it('lone surrogates become U+FFFD; a pair is kept whole', () => {
    assert.equal(safeMessage('a\ud800b\udc00c😀', MASTER), 'a\ufffdb\ufffdc😀');
  });

  it('a 1 MB message is cut to 300 characters at a code-point boundary, with an ellipsis', () => {
    const m = safeMessage('x'.repeat(1024 * 1024), MASTER);
    assert.equal(m.length, MAX_MESSAGE_LENGTH);
    assert.ok(m.endsWith('…'));
    for (const pad of [0, 1]) {
      const e = safeMessage(`${'a'.repeat(pad)}${'😀'.repeat(400)}`, MASTER);
      assert.ok(e.length <= MAX_MESSAGE_LENGTH);
      wellFormed(e);
    }
    // A key past the cut is gone with it, and one straddling the cut is redacted before cutting.
    noKey(safeMessage(`${'y'.repeat(280)} ${MASTER} ${'z'.repeat(1e6)}`, MASTER));
  });

  it('a quoted SDP offer is removed from where it starts (ICE credentials, fingerprints)', () => {
    const m = safeMessage('Invalid offer: v=0\r\no=- 46117 2 IN IP4 127.0.0.1\r\na=ice-ufrag:abcd\r\na=ice-pwd:secretsecret\r\n', MASTER);
    assert.equal(m, 'Invalid offer: [SDP removed]');
    assert.equal(safeMessage('bad a=fingerprint:sha-256 AB:CD', MASTER), 'bad [SDP removed]');
    assert.equal(safeMessage('from o=- 4611731400430051336 2 IN IP4 127.0.0.1', MASTER), 'from [SDP removed]');
    assert.equal(safeMessage('Invalid value: expected a=b or v=1.', MASTER), 'Invalid value: expected a=b or v=1.');
  });

  it('non-strings and nothing left are null', () => {
    for (const v of [undefined, null, 42, true, {}, ['sk-x'], { toString: () => MASTER }, '', '   ', '\u0000\u200b']) assert.equal(safeMessage(v, MASTER), null, String(v));
  });
});

describe('safeErrorFields: code, type, param', () => {
  it('OpenAI\'s own answers are kept as they are', () => {
    const body = { error: { message: 'The model `gpt-realtime-2.1` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' } };
    assert.deepEqual(safeErrorFields(body, MASTER), { code: 'model_not_found', type: 'invalid_request_error', param: null, message: body.error.message });
    assert.deepEqual(safeErrorFields({ error: { message: 'x', type: 'invalid_request_error', param: 'session.tools[2].meta', code: 'unknown_parameter' } }, MASTER).param, 'session.tools[2].meta');
  });

  it('code and type must be short tokens and not key-like; the master key as a code is dropped', () => {
    const f = (code) => safeErrorFields({ error: { code, type: code } }, MASTER);
    for (const bad of [MASTER, 'sk-abc', 'ek_abc', `a${'b'.repeat(64)}`, 'model not found', 'a\nb', '<b>', '', 'é', 7, null, ['model_not_found'], { code: 'x' }]) {
      assert.deepEqual([f(bad).code, f(bad).type], [null, null], String(bad));
    }
    assert.equal(f('rate_limit_exceeded').code, 'rate_limit_exceeded');
    assert.equal(f('a.b-c_9').code, 'a.b-c_9');
  });

  it('param: at most 128 printable ASCII characters, keys redacted', () => {
    const f = (param) => safeErrorFields({ error: { param } }, MASTER).param;
    assert.equal(f('x'.repeat(128)), 'x'.repeat(128));
    for (const bad of ['x'.repeat(129), 'a\u0000b', 'session\n', 'é', '', 12, {}, ['a']]) assert.equal(f(bad), null, JSON.stringify(bad));
    assert.equal(f(`session.${MASTER.slice(0, 30)}`), `session.${REDACTED}`);
  });

  it('a body that is not OpenAI\'s error object gives nulls, never a throw', () => {
    for (const body of [null, 'error', 42, [], { error: 'denied' }, { error: null }, { error: ['x'] }, { message: 'x' }]) {
      assert.deepEqual(safeErrorFields(body, MASTER), NO_ERROR_FIELDS, JSON.stringify(body));
    }
    assert.deepEqual(safeErrorFields({ error: { message: '', type: '', param: null, code: null } }, MASTER), NO_ERROR_FIELDS);
  });
});

describe('parseOpenAIError and readOpenAIError: the body, bounded', () => {
  it('HTML, truncated JSON and other shapes give nulls and say why', () => {
    assert.deepEqual(parseOpenAIError('<html><body>502 Bad Gateway</body></html>', MASTER), { fields: NO_ERROR_FIELDS, problem: 'is not JSON' });
    assert.deepEqual(parseOpenAIError('{"error":{"code":"model_not_fo', MASTER), { fields: NO_ERROR_FIELDS, problem: 'is not JSON' });
    assert.deepEqual(parseOpenAIError('[1]', MASTER), { fields: NO_ERROR_FIELDS, problem: "is not OpenAI's error object" });
    assert.equal(parseOpenAIError('{"error":{"code":"invalid_model"}}', MASTER).fields.code, 'invalid_model');
    assert.equal(parseOpenAIError(`${'['.repeat(10000)}${']'.repeat(10000)}`, MASTER).fields, NO_ERROR_FIELDS);
  });

  it('a body within 16 KiB is read and made safe, with the status', async () => {
    const text = JSON.stringify({ error: { message: `Incorrect API key provided: ${MASTER}`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    const { upstream, problem } = await readOpenAIError(new Response(text, { status: 401 }), { signal: AbortSignal.timeout(1000), masterKey: MASTER });
    assert.deepEqual(upstream, { status: 401, code: 'invalid_api_key', type: 'invalid_request_error', param: null, message: `Incorrect API key provided: ${REDACTED}` });
    assert.equal(problem, null);
  });

  it('a body larger than 16 KiB, endless, silent, not UTF-8 or failing: nulls and a reason, never a throw', async () => {
    const big = JSON.stringify({ error: { code: 'model_not_found', message: 'x'.repeat(MAX_ERROR_BODY_BYTES) } });
    let pulled = 0;
    const endless = new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(1024).fill(0x20), pulled++) });
    const silent = new ReadableStream({ pull: () => new Promise(() => {}) });
    const failing = new ReadableStream({ pull: (c) => c.error(new Error(MASTER)) });
    const cases = [
      ['too large', new Response(big, { status: 403 }), 100, `is larger than ${MAX_ERROR_BODY_BYTES} bytes`],
      ['endless', new Response(endless, { status: 403 }), 1000, `is larger than ${MAX_ERROR_BODY_BYTES} bytes`],
      ['silent', new Response(silent, { status: 403 }), 100, 'was not read before the deadline'],
      ['not UTF-8', new Response(new Uint8Array([0x7b, 0xff, 0x7d]), { status: 400 }), 100, 'is not UTF-8'],
      ['failing', new Response(failing, { status: 500 }), 100, 'could not be read'],
    ];
    const keepAlive = setTimeout(() => {}, 5000); // AbortSignal.timeout's timer does not hold the process open; a server does
    for (const [name, response, ms, why] of cases) {
      const started = Date.now();
      const { upstream, problem } = await readOpenAIError(response, { signal: AbortSignal.timeout(ms), masterKey: MASTER });
      assert.deepEqual(upstream, { status: response.status, ...NO_ERROR_FIELDS }, name);
      assert.equal(problem, why, name);
      assert.ok(Date.now() - started < ms + 500, `${name}: took ${Date.now() - started} ms`);
    }
    clearTimeout(keepAlive);
    assert.ok(pulled <= MAX_ERROR_BODY_BYTES / 1024 + 2, `${pulled} chunks of the endless body read`);
  });
});

describe('redactKeys', () => {
  it('leaves ordinary words with sk/rk/ek inside them alone', () => {
    assert.equal(redactKeys('task-force risk-free week_end desk-top obsess_over', MASTER), 'task-force risk-free week_end desk-top obsess_over');
  });
  it('a short or missing master key changes nothing but the key itself', () => {
    assert.equal(redactKeys('x marks the spot', 'x'), 'x marks the spot');
    assert.equal(redactKeys('abcd here', 'abcd'), `${REDACTED} here`);
    assert.equal(redactKeys('plain', undefined), 'plain');
  });
});

describe('openAIRefusalMessage: the page\'s sentence, from the code alone', () => {
  it('known codes, for the call and for the key', () => {
    assert.equal(openAIRefusalMessage({ status: 403, code: 'model_not_found' }, 'call'), 'OpenAI refused the call: this project may not use the model (model_not_found).');
    assert.equal(openAIRefusalMessage({ status: 400, code: 'invalid_model' }, 'call'), 'OpenAI refused the call: the model cannot be used for realtime (invalid_model).');
    assert.equal(openAIRefusalMessage({ status: 429, code: 'insufficient_quota' }, 'key'), 'OpenAI refused to mint a key: the OpenAI account is out of quota (insufficient_quota).');
    assert.equal(openAIRefusalMessage({ status: 401, code: 'invalid_api_key' }, 'key'), "OpenAI refused to mint a key: the server's OpenAI API key was refused (invalid_api_key).");
    assert.equal(openAIRefusalMessage({ status: 429, code: 'rate_limit_exceeded' }, 'call'), "OpenAI refused the call: the OpenAI account's rate limit was reached (rate_limit_exceeded).");
    for (const code of Object.keys(OPENAI_ERROR_CODES)) assert.match(openAIRefusalMessage({ status: 400, code }, 'call'), new RegExp(`\\(${code}\\)\\.$`));
  });
  it('other codes, no code, server errors; nothing inherited from Object.prototype', () => {
    assert.equal(openAIRefusalMessage({ status: 403, code: 'some_code' }, 'call'), 'OpenAI refused the call (HTTP 403, some_code).');
    assert.equal(openAIRefusalMessage({ status: 400, code: null }, 'key'), 'OpenAI refused to mint a key (HTTP 400).');
    assert.equal(openAIRefusalMessage({ status: 500, code: null }, 'call'), 'OpenAI failed to start the call (HTTP 500).');
    assert.equal(openAIRefusalMessage({ status: 503, code: 'server_error' }, 'key'), 'OpenAI failed to mint a key (HTTP 503, server_error).');
    assert.equal(openAIRefusalMessage({ status: 400, code: 'constructor' }, 'call'), 'OpenAI refused the call (HTTP 400, constructor).');
  });
});
