// Reads a response body as text without ever holding more than `maxBytes`:
// a backend that sends 100 MB, or never stops, costs at most maxBytes + one chunk.
import { beforeDeadline } from './deadline.js';

/**
 * @param {Response} response
 * @param {number} maxBytes
 * @param {{ truncate?: boolean, signal?: AbortSignal }} [options] truncate: keep the first maxBytes
 *   instead of reporting tooLarge (for excerpts of error pages); signal: the call's deadline, which
 *   stops the read even when the stream ignores it
 * @returns {Promise<{ text: string, truncated?: boolean } | { tooLarge: true }>}
 */
export async function readBoundedText(response, maxBytes, { truncate = false, signal } = {}) {
  const declared = Number(response.headers.get('content-length'));
  if (!truncate && Number.isFinite(declared) && declared > maxBytes) {
    cancelQuietly(response.body);
    return { tooLarge: true };
  }
  if (!response.body) return { text: '' };

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
        total = maxBytes;
        return { text: decode(chunks, total), truncated: true };
      }
      total += value.byteLength;
      chunks.push(value);
    }
    return { text: decode(chunks, total) };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

function decode(chunks, total) {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  // Invalid UTF-8 becomes U+FFFD rather than an exception.
  return new TextDecoder('utf-8').decode(bytes);
}

// Not awaited: a stream whose cancel never settles must not hold the call.
function cancelQuietly(streamOrReader) {
  try {
    streamOrReader?.cancel().catch(() => {});
  } catch {
    // The connection is being dropped anyway.
  }
}
