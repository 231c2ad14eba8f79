// server/bounded-read.js on its own: the reader any upstream call (the key answer, an SDP answer)
// goes through. Responses are built here, so each bound is tested without a network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBounded, readBoundedUtf8, BoundedReadError } from '../../server/bounded-read.js';

const endless = (chunk = new Uint8Array(1024)) => new ReadableStream({ pull: (c) => c.enqueue(chunk) });
const silent = () => new ReadableStream({ pull: () => new Promise(() => {}) });
const reason = (promise) => promise.then(() => 'resolved', (e) => (e instanceof BoundedReadError ? e.reason : `other: ${e}`));

test('an answer within the cap is read whole, as bytes or strict UTF-8 text', async () => {
  assert.equal(await readBoundedUtf8(new Response('{"a":"é"}'), { maxBytes: 10 }), '{"a":"é"}');
  assert.deepEqual(await readBounded(new Response(new Uint8Array([1, 2, 3])), { maxBytes: 3 }), new Uint8Array([1, 2, 3]));
  assert.equal(await readBoundedUtf8(new Response(null), { maxBytes: 1 }), '');
});

test('an endless answer stops at maxBytes + one chunk, and its stream is cancelled', async () => {
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream({
    pull: (c) => {
      pulled++;
      c.enqueue(new Uint8Array(1024));
    },
    cancel: () => {
      cancelled = true;
    },
  });
  assert.equal(await reason(readBounded(new Response(body), { maxBytes: 10_000 })), 'too_large');
  assert.ok(pulled <= 12, `${pulled} chunks pulled`);
  assert.ok(cancelled);
});

test('a declared Content-Length past the cap is refused before any byte is read', async () => {
  let pulled = 0;
  const body = new ReadableStream({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(1))) });
  const response = new Response(body, { headers: { 'content-length': '400000000' } });
  assert.equal(await reason(readBounded(response, { maxBytes: 1024 })), 'too_large');
  assert.ok(pulled <= 1);
});

test('a silent answer ends at the deadline, even when the fetch in use ignores its signal', async () => {
  const started = performance.now();
  const keepAlive = setTimeout(() => {}, 5000); // AbortSignal.timeout's timer does not hold the process open; a server does
  const outcome = await reason(readBounded(new Response(silent()), { maxBytes: 1024, signal: AbortSignal.timeout(150) }));
  clearTimeout(keepAlive);
  assert.equal(outcome, 'timeout');
  const ms = performance.now() - started;
  assert.ok(ms >= 140 && ms < 1000, `${ms} ms`);
  const gone = AbortSignal.abort();
  assert.equal(await reason(readBounded(new Response(endless()), { maxBytes: 1024, signal: gone })), 'timeout');
});

test('bytes that are not UTF-8 are refused, not replaced', async () => {
  assert.equal(await reason(readBoundedUtf8(new Response(new Uint8Array([0x7b, 0xff, 0x7d])), { maxBytes: 10 })), 'not_utf8');
});

test('a stream that errors is "failed", with no content in the message', async () => {
  const body = new ReadableStream({ pull: (c) => c.error(new Error('secret content')) });
  const err = await readBounded(new Response(body), { maxBytes: 10 }).catch((e) => e);
  assert.equal(err.reason, 'failed');
  assert.doesNotMatch(err.message, /secret/);
});
