// Issue 14: the browser core carries no nlohmann/json (the compiler does, for
// the trees it compiles schemas from). A release .wasm keeps no function
// names, so the probe is text nlohmann's parser and exceptions always bring:
// the compiler holding it shows the probe would find it if it were linked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const wasm = (name) => readFileSync(new URL(`../../dist/${name}.wasm`, import.meta.url));
const NLOHMANN_TEXT = ['[json.exception.', 'invalid literal'];

test('the browser core and the key piece link no nlohmann/json; the compiler does', () => {
  const compiler = wasm('realtime-companion-core');
  for (const text of NLOHMANN_TEXT) {
    assert.ok(compiler.includes(text), `the probe "${text}" is in the compiler`);
    for (const artifact of ['browser', 'keys']) {
      assert.ok(!wasm(`realtime-companion-${artifact}`).includes(text), `the ${artifact} artifact holds nlohmann's "${text}"`);
    }
  }
});

// The key manager is the key piece's alone: its sentences are in it, and in neither core.
test('the key manager is in the key piece, not in the browser core or the compiler', () => {
  const probe = 'the value holds a character other than'; // src/keys/key_shape.cpp's refusal
  assert.ok(wasm('realtime-companion-keys').includes(probe), 'the probe is in the key piece');
  for (const artifact of ['browser', 'core']) assert.ok(!wasm(`realtime-companion-${artifact}`).includes(probe), artifact);
});
