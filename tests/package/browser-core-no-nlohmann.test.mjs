// Issue 14: the browser core carries no nlohmann/json (the compiler does, for
// the trees it compiles schemas from). A release .wasm keeps no function
// names, so the probe is text nlohmann's parser and exceptions always bring:
// the compiler holding it shows the probe would find it if it were linked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const wasm = (name) => readFileSync(new URL(`../../dist/${name}.wasm`, import.meta.url));
const NLOHMANN_TEXT = ['[json.exception.', 'invalid literal'];

test('the browser core links no nlohmann/json; the compiler does', () => {
  const browser = wasm('realtime-companion-browser');
  const compiler = wasm('realtime-companion-core');
  for (const text of NLOHMANN_TEXT) {
    assert.ok(compiler.includes(text), `the probe "${text}" is in the compiler`);
    assert.ok(!browser.includes(text), `the browser core holds nlohmann's "${text}"`);
  }
});
