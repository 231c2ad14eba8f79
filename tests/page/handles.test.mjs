// Handles are freed by dispose(): creating and disposing companions, and
// running calls through them, leaves the WASM heap where it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createCompanion } from '../../web/index.js';
import { loadCore } from '../../common/load-core.js';
import { heapUsedBytes } from '../../common/wire.js';
import { inMemoryFetch, keyAnswer } from '../support/in-memory-fetch.mjs';

const tools = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
const fetch = inMemoryFetch((url) => (url.includes('ephemeral') ? keyAnswer() : { body: '{"temp":21}' }));

async function cycle() {
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:1', tools, fetch, keyEndpoint: '/ephemeral-key' });
  await companion.functionHandler({ name: 'get_weather', arguments: '{"city":"Paris"}' });
  await companion.functionHandler({ name: 'get_weather', arguments: '{"city":1}' });
  await companion.fetchEphemeralKey();
  companion.dispose();
}

test('2,000 companions created, used and disposed leave the WASM heap as it was', async () => {
  const core = await loadCore();
  for (let i = 0; i < 50; i++) await cycle(); // warm-up: allocator pools settle
  const before = heapUsedBytes(core);
  for (let i = 0; i < 2000; i++) await cycle();
  const after = heapUsedBytes(core);
  assert.ok(after - before <= 1024, `heap in use grew by ${after - before} bytes (${before} -> ${after})`);
});

test('a companion that is never disposed does hold memory (the test above can fail)', async () => {
  const core = await loadCore();
  const before = heapUsedBytes(core);
  const leaked = await createCompanion({ baseUrl: 'http://127.0.0.1:1', tools, fetch });
  assert.ok(heapUsedBytes(core) > before);
  leaked.dispose();
  assert.equal(heapUsedBytes(core), before);
});
