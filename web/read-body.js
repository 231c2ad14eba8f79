// Reads a response body as text without ever holding more than `maxBytes`:
// a backend that sends 100 MB, or never stops, costs at most maxBytes + one chunk.

/**
 * @param {Response} response
 * @param {number} maxBytes
 * @param {{ truncate?: boolean }} [options] truncate: keep the first maxBytes
 *   instead of reporting tooLarge (for excerpts of error pages)
 * @returns {Promise<{ text: string, truncated?: boolean } | { tooLarge: true }>}
 */
export async function readBoundedText(response, maxBytes, { truncate = false } = {}) {
  const declared = Number(response.headers.get('content-length'));
  if (!truncate && Number.isFinite(declared) && declared > maxBytes) {
    await cancelQuietly(response.body);
    return { tooLarge: true };
  }
  if (!response.body) return { text: '' };

  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > maxBytes) {
      await cancelQuietly(reader);
      if (!truncate) return { tooLarge: true };
      chunks.push(value.subarray(0, maxBytes - total));
      total = maxBytes;
      return { text: decode(chunks, total), truncated: true };
    }
    total += value.byteLength;
    chunks.push(value);
  }
  return { text: decode(chunks, total) };
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

async function cancelQuietly(streamOrReader) {
  try {
    await streamOrReader?.cancel();
  } catch {
    // The connection is being dropped anyway.
  }
}
