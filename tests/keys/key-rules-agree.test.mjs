// One rule on both sides, for each rule written in both languages: the key server (server/*.js)
// hands out exactly what the browser's core (src/keys/, through the key piece's WASM build) accepts, so a key
// the server issues is never refused by the page, and nothing the page would refuse leaves the
// server. Each rule's edges are swept from both languages:
// - the key's shape: server/key-shape.js `keyProblem` and the core's check_key_value;
// - the expiry horizon: `MAX_EXPIRY_AHEAD_SECONDS` (server/key-shape.js) and `kMaxExpiryAheadMs`
//   (src/keys/openai_limits.hpp), read by attach's check and by the key lifecycle;
// - the model name: `MODEL_NAME` (common/realtime-ga.js, the server's option and answer checks) and
//   `valid_model_name` (src/keys/key_response.cpp, the key endpoint's answer).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadKeys } from '../../web/keys.js';
import { MODEL_NAME } from '../../common/realtime-ga.js';
import { keyProblem, MAX_EXPIRY_AHEAD_SECONDS, MAX_KEY_LIFETIME_SECONDS } from '../../server/key-shape.js';
import { inMemoryFetch } from '../support/in-memory-fetch.mjs';

// The page's check and key lifecycle, as attach and createCompanion run them.
const { checkKey, createKeyLifecycle } = await loadKeys();

test('the server and the browser accept and refuse the same key values', async () => {
  const nowMs = Date.now();
  const expiresAt = Math.floor(nowMs / 1000) + 60;
  const values = ['ek_0123456789abcdef0123456789abcdef', 'ek_a', 'ek_', `ek_${'a'.repeat(253)}`, `ek_${'a'.repeat(254)}`, 'EK_abc', 'ek_abc\r\n',
    '"ek_abc"', 'ek_ab.c', 'ek_sk-x', 'ek_SESS-x', 'ek_x_SK_y', 'sk-proj-abc', 'Bearer ek_abc', 'ek_ä', 'ek_-_-'];
  // And a few thousand from a small alphabet that makes every rule fire now and then.
  const alphabet = ['e', 'k', '_', '-', 's', 'S', 'K', 'a', '0', '.', ' ', '"', 'ess'];
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 3000; i++) {
    let v = random() < 0.8 ? 'ek_' : '';
    for (let n = Math.floor(random() * 12); n > 0; n--) v += alphabet[Math.floor(random() * alphabet.length)];
    values.push(v);
  }
  let accepted = 0;
  for (const value of values) {
    const server = keyProblem(value, expiresAt, { nowMs }) === null;
    const browser = checkKey({ value, expires_at: expiresAt }, nowMs) === null;
    assert.equal(server, browser, `${JSON.stringify(value)}: server ${server ? 'accepts' : 'refuses'}, browser ${browser ? 'accepts' : 'refuses'}`);
    if (server) accepted += 1;
  }
  assert.ok(accepted > 100 && accepted < values.length - 100, `both outcomes exercised (${accepted} of ${values.length} accepted)`);
});

test('the expiry horizon: the server and attach\'s check draw the same line, to the second, on either side', async () => {
  const value = 'ek_0123456789abcdef0123456789abcdef';
  const horizon = MAX_EXPIRY_AHEAD_SECONDS;
  assert.equal(horizon, 4 * 3600, 'the horizon is a key\'s longest life (2 h) plus 2 h of clock skew');
  // On a whole second and between two: the server counts in seconds, the core in milliseconds.
  for (const nowMs of [Math.floor(Date.now() / 1000) * 1000, Math.floor(Date.now() / 1000) * 1000 + 500]) {
    const nowSec = Math.ceil(nowMs / 1000);
    const edges = [
      [nowSec - 1, false], [Math.floor(nowMs / 1000), false], [nowSec + 1, true], // expired, then not
      [nowSec + MAX_KEY_LIFETIME_SECONDS, true],
      [Math.floor(nowMs / 1000) + horizon - 1, true], [Math.floor(nowMs / 1000) + horizon, true], [Math.floor(nowMs / 1000) + horizon + 1, false],
    ];
    for (const [expiresAt, expected] of edges) {
      const ahead = `${expiresAt - nowMs / 1000} s ahead (now ${nowMs})`;
      const server = keyProblem(value, expiresAt, { nowMs });
      const browser = checkKey({ value, expires_at: expiresAt }, nowMs);
      assert.equal(server === null, expected, `${ahead}: the server ${server === null ? 'accepts' : `refuses: ${server}`}`);
      assert.equal(browser === null, expected, `${ahead}: the browser ${browser === null ? 'accepts' : `refuses: ${browser.message}`}`);
    }
  }
});

// The key endpoint's answer is judged by the core's key lifecycle; one lifecycle, answered from memory.
async function lifecycleAnswering() {
  let body;
  const lifecycle = createKeyLifecycle({
    keyEndpoint: new URL('http://127.0.0.1:1/key'),
    keys: { prefetchOnCreate: false, prefetch: false, maxAttempts: 1 },
    fetch: inMemoryFetch(() => ({ body })),
  });
  let count = 0;
  /** What the core makes of `{ value, expires_at, ...fields }`: the key it hands out, or the error. */
  const judge = (fields) => {
    body = JSON.stringify({ value: `ek_agree_${++count}_0123456789abcdef`, ...fields });
    return lifecycle.fetchKey().then((key) => ({ key }), (error) => ({ error }));
  };
  return { lifecycle, judge };
}

test('the expiry horizon: the key lifecycle draws the same line as the server (to a few seconds: it reads its own clock)', async () => {
  const { lifecycle, judge } = await lifecycleAnswering();
  try {
    for (const [ahead, expected] of [[MAX_EXPIRY_AHEAD_SECONDS - 5, true], [MAX_EXPIRY_AHEAD_SECONDS + 5, false]]) {
      const nowMs = Date.now();
      const expiresAt = Math.floor(nowMs / 1000) + ahead;
      assert.equal(keyProblem('ek_x', expiresAt, { nowMs }) === null, expected, `server, ${ahead} s ahead`);
      const { key, error } = await judge({ expires_at: expiresAt });
      assert.equal(error === undefined, expected, `lifecycle, ${ahead} s ahead: ${error?.message}`);
      if (expected) {
        // Believed, but a key's life still counts as at most 2 hours.
        assert.ok(key.expiresAt <= Date.now() / 1000 + MAX_KEY_LIFETIME_SECONDS, `counted as ${key.expiresAt - Date.now() / 1000} s`);
      } else {
        assert.equal(error.code, 'invalid_key_response');
      }
    }
  } finally {
    lifecycle.dispose();
  }
});

test('the model name: the server and the browser core accept and refuse the same names, at every boundary character', async () => {
  const { lifecycle, judge } = await lifecycleAnswering();
  const expiresAt = () => Math.floor(Date.now() / 1000) + 60;
  // Every ASCII character first, inside, last and alone, a few beyond ASCII, and the length edges.
  const characters = [...Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)), 'é', '\u00a0', '\u2028', 'ı', 'K', '😀'];
  const names = ['', 'a', '0', 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(65), `0${'-'.repeat(63)}`, `0${'-'.repeat(64)}`];
  for (const c of characters) names.push(c, `${c}gpt`, `g${c}pt`, `gpt${c}`);
  const verdicts = { accepted: 0, refused: 0 };
  try {
    for (const model of names) {
      const server = MODEL_NAME.test(model);
      const { key, error } = await judge({ expires_at: expiresAt(), model });
      if (error) {
        assert.equal(error.code, 'invalid_key_response', `${JSON.stringify(model)}: ${error.message}`);
        assert.match(error.message, /`model` must be a model name/, JSON.stringify(model));
      } else {
        assert.equal(key.model, model);
      }
      const browser = error === undefined;
      assert.equal(server, browser, `${JSON.stringify(model)}: server ${server ? 'accepts' : 'refuses'}, browser ${browser ? 'accepts' : 'refuses'}`);
      verdicts[server ? 'accepted' : 'refused'] += 1;
    }
  } finally {
    lifecycle.dispose();
  }
  // The edges that once differed: a name may not start with '.', '-' or '_', and may with a digit.
  for (const model of ['.gpt', '-gpt', '_gpt']) assert.equal(MODEL_NAME.test(model), false, model);
  assert.equal(MODEL_NAME.test('0gpt'), true);
  assert.ok(verdicts.accepted > 100 && verdicts.refused > 100, JSON.stringify(verdicts));
});
