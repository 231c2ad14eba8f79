/**
 * A tool request's body, read once and for everyone: from the stream (bounded, strict UTF-8, an
 * aborted upload dropped quietly), or from `req.body` when a body parser in front already read it
 * (express.json, Fastify through @fastify/middie with `hook: 'preValidation'`).
 * @module
 */

import { decodeStrictUtf8 } from './strict-utf8.js';

/** Whether the request announces a body (RFC 9112: Transfer-Encoding, or a Content-Length above 0). */
export function hasBody(req) {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Whether the stream has been read to its end already: by body-parser (`req._body`) or anyone. */
export function bodyConsumed(req) {
  return req._body === true || req.readableEnded === true;
}

/**
 * @param {import('node:http').IncomingMessage & { body?: unknown }} req
 * @param {number} limit Bytes.
 * @returns {Promise<{ ok: true, text: string } | { ok: false, reason: 'too_large' | 'aborted' | 'not_utf8' | 'unavailable' }>}
 *   `unavailable`: something read the stream but left no `req.body` to validate.
 */
export async function readRequestBody(req, limit) {
  if (bodyConsumed(req)) return fromParsedBody(req, limit);
  if (req.destroyed) return { ok: false, reason: 'aborted' };
  // Past the limit the rest is read and dropped (up to 4 times the limit) before the 413 is sent,
  // as express does: a server that closes on an unread upload resets the connection, and the
  // client may lose the answer. A larger upload is answered at once.
  const drainUpTo = 4 * limit;
  const declared = Number(req.headers['content-length']);
  if (declared > drainUpTo) return { ok: false, reason: 'too_large' };
  return new Promise((resolve) => {
    const chunks = [];
    let total = 0;
    const finish = (outcome) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
      if (outcome.reason === 'too_large') req.on('error', () => {}); // a reset of what is left is no news
      resolve(outcome);
    };
    const onData = (chunk) => {
      total += chunk.length;
      if (total <= limit) return void chunks.push(chunk);
      chunks.length = 0;
      if (total > drainUpTo) finish({ ok: false, reason: 'too_large' });
    };
    const onEnd = () => finish(total > limit ? { ok: false, reason: 'too_large' } : decode(Buffer.concat(chunks, total)));
    // A client that disconnects mid-body: no answer can reach it, and nothing is left to validate.
    const onGone = () => finish({ ok: false, reason: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
    req.resume();
  });
}

function fromParsedBody(req, limit) {
  const body = req.body;
  if (body === undefined || body === null) return hasBody(req) ? { ok: false, reason: 'unavailable' } : { ok: true, text: '' };
  let text;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) return Buffer.byteLength(body) > limit ? { ok: false, reason: 'too_large' } : decode(body);
  else {
    try {
      text = JSON.stringify(body);
    } catch {
      return { ok: false, reason: 'unavailable' }; // a BigInt or a cycle: not what any body parser makes
    }
    if (typeof text !== 'string') return { ok: false, reason: 'unavailable' };
  }
  return Buffer.byteLength(text) > limit ? { ok: false, reason: 'too_large' } : { ok: true, text };
}

function decode(bytes) {
  const text = decodeStrictUtf8(bytes);
  return text === undefined ? { ok: false, reason: 'not_utf8' } : { ok: true, text };
}
