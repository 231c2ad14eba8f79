// Reads a response body (as text for tool calls, as bytes for a compiled tool
// set) without ever holding more than `maxBytes`: a server that sends 100 MB,
// or never stops, costs at most maxBytes + one chunk.
import { beforeDeadline } from './deadline.js';

/**
 * The body as text, bytes that are not UTF-8 replaced by U+FFFD; every outcome is a value, never a
 * throw (the server's strict reader is server/bounded-read.js readBoundedUtf8).
 * @param {Response} response
 * @param {number} maxBytes
 * @param {{ truncate?: boolean, signal?: AbortSignal }} [options] truncate: keep the first maxBytes
 *   instead of reporting tooLarge (for excerpts of error pages); signal: the call's deadline, which
 *   stops the read even when the stream ignores it
 * @returns {Promise<{ text: string, truncated?: boolean } | { tooLarge: true }>}
 */
export async function readBodyTextLossy(response, maxBytes, { truncate = false, signal } = {}) {
  const read = await readBoundedChunks(response, maxBytes, { truncate, signal });
  if (read.tooLarge) return read;
  const text = decode(read.chunks, read.total);
  return read.truncated ? { text, truncated: true } : { text };
}

/**
 * Reads a response body as bytes under the same bound (never a truncated copy): for a compiled
 * tool set, which is all or nothing.
 * @param {Response} response
 * @param {number} maxBytes
 * @param {{ signal?: AbortSignal }} [options] signal: a deadline, as for readBodyTextLossy
 * @returns {Promise<{ bytes: Uint8Array } | { tooLarge: true }>}
 */
export async function readBoundedBytes(response, maxBytes, { signal } = {}) {
  const read = await readBoundedChunks(response, maxBytes, { signal });
  return read.tooLarge ? read : { bytes: concat(read.chunks, read.total) };
}

async function readBoundedChunks(response, maxBytes, { truncate = false, signal }) {
  const declared = Number(response.headers.get('content-length'));
  if (!truncate && Number.isFinite(declared) && declared > maxBytes) {
    cancelQuietly(response.body);
    return { tooLarge: true };
  }
  if (!response.body) return { chunks: [], total: 0 };

  const reader = response.body.getReader();
  const stop = () => cancelQuietly(reader);
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const chunks = [];
    let total = 0;
    for (;;) {
      const { done, value } = await (signal ? beforeDeadline(reader.read(), signal) : reader.read());
      if (done) break;
      if (!ArrayBuffer.isView(value)) throw new TypeError('the body stream gave something other than bytes');
      if (total + value.byteLength > maxBytes) {
        cancelQuietly(reader);
        if (!truncate) return { tooLarge: true };
        chunks.push(value.subarray(0, maxBytes - total));
        return { chunks, total: maxBytes, truncated: true };
      }
      total += value.byteLength;
      chunks.push(value);
    }
    return { chunks, total };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

function decode(chunks, total) {
  // Invalid UTF-8 becomes U+FFFD rather than an exception.
  return new TextDecoder('utf-8').decode(concat(chunks, total));
}

function concat(chunks, total) {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

// Not awaited: a stream whose cancel never settles must not hold the call.
function cancelQuietly(streamOrReader) {
  try {
    streamOrReader?.cancel().catch(() => {});
  } catch {
    // The connection is being dropped anyway.
  }
}
