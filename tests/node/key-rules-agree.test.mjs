// One key shape on both sides: the key server (server/key-shape.js) hands out exactly what the
// browser's core rule (src/keys/key_shape.*, through the key piece's WASM build) accepts, so a key the server
// issues is never refused by the page, and nothing the page would refuse as a possible secret leaves
// the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { loadKeys } from '../../web/keys.js';
import { keyProblem } from '../../server/key-shape.js';

test('the server and the browser accept and refuse the same key values', async () => {
  const { checkKey } = await loadKeys(); // the page's check, as attach runs it
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
