// common/realtime-errors.js and web/offer-refusal.js: OpenAI's errors classified, checked and redacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { classifyRealtimeError, describeFatalError, redactKeys } from '../../common/realtime-errors.js';
import { describeOfferRefusal, readOfferRefusal } from '../../web/offer-refusal.js';

const errorEvent = (error) => ({ type: 'error', event_id: 'event_1', error });

test('documented recoverable codes are recoverable, the session-ending ones fatal, unknown ones recoverable and flagged', () => {
  for (const code of ['conversation_already_has_active_response', 'response_cancel_not_active', 'input_audio_buffer_commit_empty', 'cannot_update_voice', 'unknown_parameter', 'invalid_value']) {
    assert.deepEqual([classifyRealtimeError(errorEvent({ code })).fatal, classifyRealtimeError(errorEvent({ code })).known], [false, true], code);
  }
  for (const code of ['session_expired', 'insufficient_quota', 'invalid_api_key']) assert.equal(classifyRealtimeError(errorEvent({ code })).fatal, true, code);
  assert.deepEqual(Object.values(classifyRealtimeError(errorEvent({ code: 'brand_new_code' }))).slice(4, 6), [false, false]);
});

test('hostile error events: wrong types, huge text, control characters, no error at all', () => {
  for (const event of [null, {}, { error: null }, { error: 'x' }, { error: { code: 42, message: {}, param: [], event_id: 7 } }]) {
    const c = classifyRealtimeError(event);
    assert.deepEqual([c.code, c.message, c.param, c.eventId, c.fatal], [null, null, null, null, false]);
  }
  const c = classifyRealtimeError(errorEvent({ code: 'x'.repeat(65), message: `a\u0000b\n${'🙂'.repeat(1000)}`, event_id: 'e' }));
  assert.equal(c.code, null, 'a code that is not a short token is not echoed');
  assert.ok(Array.from(c.message).length <= 300 && !/[\u0000\n]/.test(c.message));
  assert.ok(!/[\uD800-\uDBFF]$/.test(c.message.slice(0, -1)), 'cut at a code point');
  assert.deepEqual(describeFatalError(classifyRealtimeError(errorEvent({ code: 'session_expired', message: 'Your session hit the maximum duration of 60 minutes.' }))),
    { line: 'OpenAI ended the call: the session reached its maximum duration (session_expired).', detail: 'Your session hit the maximum duration of 60 minutes.' });
});

test('keys are redacted from messages, masked or whole', () => {
  const token = 'rc_offer_0123456789abcdef';
  assert.equal(redactKeys('Incorrect API key provided: ek_abc****wxyz.'), 'Incorrect API key provided: [key].');
  assert.equal(redactKeys('sk-proj-ABCDEFGHIJ and sk-live'), '[key] and [key]');
  assert.equal(redactKeys(`bad token ${token}!`, [token]), 'bad token [key]!');
});

const answer = (status, body, type = 'application/json') => new Response(body, { status, headers: { 'content-type': type } });

test('an offer refused by OpenAI: status, code, type, param, message without the key', async () => {
  const key = 'ek_68d0c1f2a3b4c5d6e7f8';
  const r = await readOfferRefusal(answer(401, JSON.stringify({ error: { message: `Incorrect API key provided: ${key}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } })), [key], 'openai');
  assert.deepEqual(r, { by: 'openai', status: 401, upstreamStatus: 401, code: 'invalid_api_key', errorType: 'invalid_request_error', param: null, message: 'Incorrect API key provided: [key].' });
  const quota = await readOfferRefusal(answer(429, '{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}'), [], 'openai');
  assert.deepEqual(describeOfferRefusal(quota), { line: 'OpenAI refused the call: the OpenAI account is out of quota (insufficient_quota).', detail: 'You exceeded your current quota.' });
  const odd = await readOfferRefusal(answer(400, '{"error":{"message":"Something new.","type":"invalid_request_error","param":null,"code":"brand_new"}}'), [], 'openai');
  assert.deepEqual(describeOfferRefusal(odd), { line: 'OpenAI refused the call (brand_new, HTTP 400).', detail: 'Something new.' });
});

test('the page server\'s refusal: OpenAI\'s code relayed as upstream_code, or the server\'s own refusal', async () => {
  const relayed = await readOfferRefusal(answer(502, JSON.stringify({ error: { code: 'upstream_error', upstream_status: 403, upstream_code: 'model_not_found', message: 'OpenAI refused the call: this project may not use the model (model_not_found).' } })), [], 'server');
  assert.deepEqual([relayed.by, relayed.code, relayed.status, relayed.upstreamStatus], ['openai', 'model_not_found', 502, 403]);
  assert.deepEqual(describeOfferRefusal(relayed), { line: 'OpenAI refused the call: this project may not use the model (model_not_found).', detail: null });
  const own = await readOfferRefusal(answer(429, JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests; retry later.' } })), [], 'server');
  assert.deepEqual(describeOfferRefusal(own), { line: 'The server refused the call (rate_limited, HTTP 429).', detail: 'Too many requests; retry later.' });
});

test('a refusal that is HTML, cut off, endless or huge gives the status alone, in bounded time', async () => {
  for (const body of ['<html>502</html>', '{"error":{"code":"model_', 'x'.repeat(1 << 20)]) {
    const r = await readOfferRefusal(answer(502, body), [], 'openai');
    assert.deepEqual([r.status, r.code, r.message], [502, null, null]);
  }
  const endless = new ReadableStream({ pull: (c) => new Promise((resolve) => setTimeout(() => (c.enqueue(new TextEncoder().encode(' ')), resolve()), 50)) });
  const started = Date.now();
  const r = await readOfferRefusal(new Response(endless, { status: 403 }), [], 'openai');
  assert.equal(r.status, 403);
  assert.ok(Date.now() - started < 5000);
});
