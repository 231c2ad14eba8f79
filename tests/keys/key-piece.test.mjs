// The key piece (dist/realtime-companion-keys.*, web/keys.js) is loaded when a companion names a
// key endpoint, without createCompanion waiting for it; the first key does. A piece that cannot be
// loaded fails closed: a `failed` event with keys_unavailable, every key asked for refused, no
// request to the key endpoint. (That a page without keys never downloads it: the browser test
// tests/keys/key-piece-loading.browser.test.mjs counts its requests, and tests/package/size-budget the
// bundle's chunks.)
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { CompanionConfigError, createCompanion, EphemeralKeyError } from '../../web/index.js';
import { startKeyEndpoint } from '../support/key-endpoint.mjs';

const keysWasm = readFileSync(new URL('../../dist/realtime-companion-keys.wasm', import.meta.url));
/** Bytes of their own: a source no companion has loaded yet, so this companion loads it. */
const freshSource = () => new Uint8Array(keysWasm);

let endpoint;
const companions = [];
before(async () => {
  endpoint = await startKeyEndpoint();
});
afterEach(() => {
  companions.splice(0).forEach((c) => c.dispose());
  endpoint.state.requests.length = 0;
});
after(() => endpoint.close());

async function companionWith(options) {
  const events = [];
  const companion = await createCompanion({
    baseUrl: 'http://127.0.0.1:1', tools: [], keyEndpoint: endpoint.url, onEvent: (event) => events.push(event), ...options,
  });
  companions.push(companion);
  return { companion, events };
}

test('createCompanion does not wait for the key piece; the first key does, and gets a key', async () => {
  const { companion } = await companionWith({ keys: { prefetchOnCreate: false }, keysWasm: freshSource() });
  assert.equal(companion.keyStatus().state, 'loading', 'the companion is there before its key piece');
  const key = await companion.fetchEphemeralKey();
  assert.match(key, /^ek_test_/);
  assert.equal(companion.keyStatus().keysHandedOut, 1);
});

test("the warm-up fetch starts once the key piece is there, and its events reach the page's listeners", async () => {
  const { companion, events } = await companionWith({ keysWasm: freshSource() });
  const bare = [];
  companion.onKeyEvent((event) => bare.push(event.type)); // subscribed while the piece loads
  await companion.fetchEphemeralKey();
  assert.ok(events.some((e) => e.type === 'key_fetched'), events.map((e) => e.type).join());
  assert.ok(bare.includes('fetched') && bare.includes('handed_out'), bare.join());
});

test('a session started while the key piece loads is handed over: no pre-fetching during it', async () => {
  const { companion } = await companionWith({ keys: { prefetchOnCreate: false }, keysWasm: freshSource() });
  companion.setSessionActive(true);
  await companion.fetchEphemeralKey();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(companion.keyStatus().prefetching, false);
  assert.equal(endpoint.state.requests.length, 1, 'one fetch for the one key asked for, no pre-fetch');
});

test('disposed while the key piece loads: the key asked for is refused as disposed, and nothing is fetched', async () => {
  const { companion } = await companionWith({ keysWasm: freshSource() });
  const pending = companion.fetchEphemeralKey();
  companion.dispose();
  await assert.rejects(pending, { name: 'EphemeralKeyError', code: 'disposed' });
  assert.equal(companion.keyStatus().state, 'disposed');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(endpoint.state.requests.length, 0);
});

test('a key piece that cannot be loaded fails closed: an event, keys_unavailable for every key, no request', async () => {
  const { companion, events } = await companionWith({ keysWasm: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) });
  const [first, second] = await Promise.allSettled([companion.fetchEphemeralKey(), companion.fetchEphemeralKey()]);
  for (const outcome of [first, second]) {
    assert.equal(outcome.status, 'rejected');
    assert.ok(outcome.reason instanceof EphemeralKeyError);
    assert.equal(outcome.reason.code, 'keys_unavailable');
    assert.match(outcome.reason.message, /the key manager could not be loaded, so no key is fetched or used \(.+\)/);
  }
  assert.deepEqual(companion.keyStatus(), { state: 'failed', lastError: 'keys_unavailable' });
  const failed = events.filter((e) => e.type === 'key_fetch_failed');
  assert.equal(failed.length, 1, 'told once for the one load');
  assert.equal(failed[0].error, 'keys_unavailable');
  // The next key tries again (and fails again here: the source is still not a module).
  await assert.rejects(companion.fetchEphemeralKey(), { code: 'keys_unavailable' });
  assert.equal(events.filter((e) => e.type === 'key_fetch_failed').length, 2);
  assert.equal(endpoint.state.requests.length, 0, 'no key endpoint request without the key manager');
  // Tool calls do not need the key piece.
  assert.equal((await companion.functionHandler({ name: 'nope', arguments: '{}' })).error.code, 'unknown_tool');
});

test('keysWasm that is not a source, and bad keys options, are refused at creation (before the key piece)', async () => {
  for (const keysWasm of [42, {}, null, () => {}]) {
    await assert.rejects(companionWith({ keysWasm }), CompanionConfigError, String(keysWasm));
  }
  await assert.rejects(companionWith({ keys: { mode: 'sometimes' }, keysWasm: new Uint8Array([1]) }), {
    name: 'CompanionConfigError', message: /keys\.mode must be "per-session" or "reuse"/,
  });
  await assert.rejects(companionWith({ keys: () => {} }), { name: 'CompanionConfigError', message: /keys must be an object/ });
});
