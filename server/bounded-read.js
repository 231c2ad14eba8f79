/**
 * Reading an upstream answer with two bounds: at most `maxBytes` after decoding (fetch undoes
 * gzip, deflate and br, so a compressed bomb is counted as it expands and is dropped as soon as
 * it passes the limit), and no later than `signal` aborts, even if the fetch in use ignores the
 * signal once the headers are in. For any fetch `Response`: OpenAI's key answer
 * (`/v1/realtime/client_secrets`) and its SDP answer (`/v1/realtime/calls`) alike.
 * @module
 */

import { decodeStrictUtf8 } from './strict-utf8.js';

/** Why a bounded read failed; `reason` is one of the codes below, `message` names no content. */
export class BoundedReadError extends Error {
  name = 'BoundedReadError';
  /**
   * @param {'too_large' | 'timeout' | 'not_utf8' | 'failed'} reason
   * @param {string} message
   */
  constructor(reason, message) {
    super(message);
    this.reason = reason;
  }
}

/**
 * The body's bytes, or a {@link BoundedReadError}.
 * @param {Response} response
 * @param {{ maxBytes: number, signal?: AbortSignal }} bounds
 * @returns {Promise<Uint8Array>}
 */
export async function readBounded(response, { maxBytes, signal }) {
  const tooLarge = () => new BoundedReadError('too_large', `answer larger than ${maxBytes} bytes`);
  const timedOut = () => new BoundedReadError('timeout', 'answer not read before the deadline');
  const body = response.body;
  if (signal?.aborted) {
    body?.cancel?.().catch(() => {});
    throw timedOut();
  }
  // Content-Length counts encoded bytes: it can refuse a plain answer before any is read.
  const declared = Number(response.headers?.get?.('content-length'));
  if (!response.headers?.get?.('content-encoding') && declared > maxBytes) {
    body?.cancel?.().catch(() => {});
    throw tooLarge();
  }
  if (!body) return new Uint8Array(0);
  if (typeof body.getReader !== 'function') throw new BoundedReadError('failed', 'answer body is not a stream');

  const reader = body.getReader();
  // A pending read() ends (done) when the reader is cancelled: the deadline does not wait for data.
  const onAbort = () => reader.cancel().catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      let step;
      try {
        step = await reader.read();
      } catch (err) {
        if (signal?.aborted) throw timedOut();
        throw new BoundedReadError('failed', `answer could not be read (${err?.cause?.code ?? err?.name ?? 'error'})`);
      }
      if (signal?.aborted) throw timedOut();
      if (step.done) break;
      total += step.value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(step.value);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The body as text: {@link readBounded}, then strict UTF-8 (bytes that are not UTF-8 are refused,
 * never replaced). Every failure throws; the page's reader (`common/read-body.js`) answers a value
 * instead and may truncate, since an excerpt of an error page is still worth showing the model.
 * @param {Response} response
 * @param {{ maxBytes: number, signal?: AbortSignal }} bounds
 * @returns {Promise<string>}
 */
export async function readBoundedUtf8(response, bounds) {
  const text = decodeStrictUtf8(await readBounded(response, bounds));
  if (text === undefined) throw new BoundedReadError('not_utf8', 'answer is not UTF-8');
  return text;
}
