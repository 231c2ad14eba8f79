// toolSet bytes were copied into WebAssembly memory before the size check:
// memory grew to 1.2 GB and stayed, and at 1.1 GB createCompanion failed with
// "RuntimeError: Aborted()". Now the size is checked in JavaScript, before any
// copy (common/tool-set-source.js): a refused set never touches the WASM heap.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createCompanion, CompanionConfigError } from '../../web/index.js';
import { loadBrowserCore } from '../../common/load-core.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const module = await loadBrowserCore(); // the instance createCompanion({ toolSet }) uses
const memory = () => module.HEAPU8.buffer.byteLength;

const tooLarge = (error) => {
  assert.ok(error instanceof CompanionConfigError, String(error));
  assert.match(error.message, /larger than 4194304 bytes/);
  return true;
};

// 1 GiB that is never held: one 1 MiB chunk, handed out again and again.
function gigabyteStream() {
  const chunk = new Uint8Array(MiB).fill(0x52);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= GiB) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
}

test('a 1 GiB toolSet stream is refused and WASM memory does not grow', async () => {
  const before = memory();
  await assert.rejects(createCompanion({ baseUrl: 'http://127.0.0.1:9', toolSet: new Response(gigabyteStream()) }), tooLarge);
  assert.equal(memory(), before);
});

test('a toolSet Response declaring 1 GiB is refused unread and WASM memory does not grow', async () => {
  const before = memory();
  const response = new Response(gigabyteStream(), { headers: { 'Content-Length': String(GiB) } });
  await assert.rejects(createCompanion({ baseUrl: 'http://127.0.0.1:9', toolSet: response }), tooLarge);
  assert.equal(memory(), before);
});

test('toolSet bytes larger than WASM memory itself are refused before any copy', async () => {
  const before = memory();
  // Past the limit and larger than the whole memory: had they been copied in, memory would have grown.
  const bytes = new Uint8Array(Math.max(before, 4 * MiB) + MiB);
  await assert.rejects(createCompanion({ baseUrl: 'http://127.0.0.1:9', toolSet: bytes }), tooLarge);
  await assert.rejects(createCompanion({ baseUrl: 'http://127.0.0.1:9', toolSet: bytes.buffer }), tooLarge);
  await assert.rejects(createCompanion({ baseUrl: 'http://127.0.0.1:9', toolSet: new DataView(bytes.buffer) }), tooLarge);
  assert.equal(memory(), before);
});
