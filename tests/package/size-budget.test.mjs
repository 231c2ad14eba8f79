// The size budget: the bytes a page downloads may not grow past size-budget.json (beside this file),
// neither as the package is published nor as a page bundles it, on either path, nor the key piece.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { shippedSizes } from '../../scripts/measure/shipped-size.mjs';
import { pageBundleSizes, splitBundle } from '../../scripts/measure/page-bundle.mjs';

const budget = JSON.parse(readFileSync(new URL('size-budget.json', import.meta.url), 'utf8'));
const print = (rows) => console.log(rows.map((r) => `${r.path ? `${r.path}: ` : ''}${r.part}: ${r.raw} B raw, ${r.gzip} B gzip -9, ${r.brotli} B brotli`).join('\n'));

test('the shipped bytes (the three artifacts, glue, JS API, gzip -9) stay within the budget', () => {
  const rows = shippedSizes();
  print(rows);
  const total = rows.find((r) => r.part === 'total');
  assert.ok(total.gzip <= budget.totalGzipBytes, `${total.gzip} B gzip is over the budget of ${budget.totalGzipBytes} B`);
});

test('a page bundle stays within the budget on each path, and the compiled set spares the compiler', async () => {
  const rows = await pageBundleSizes();
  print(rows);
  const total = (path) => rows.find((r) => r.path === path && r.part === 'total').gzip;
  const wasm = (path) => rows.find((r) => r.path === path && r.part === 'wasm').gzip;
  assert.ok(total('compiled set') > wasm('compiled set'), 'the bundle holds the JavaScript too');
  assert.ok(total('compiled set') <= budget.compiledSetPageGzipBytes,
    `compiled set: ${total('compiled set')} B gzip is over the budget of ${budget.compiledSetPageGzipBytes} B (goal ${budget.goalCompiledSetPageGzipBytes} B)`);
  assert.ok(total('raw tools') <= budget.rawToolsPageGzipBytes,
    `raw tools: ${total('raw tools')} B gzip is over the budget of ${budget.rawToolsPageGzipBytes} B`);
  // The browser core must stay lean: the compiler (schemas, metaschemas, lint, matcher) is at least a quarter more.
  assert.ok(wasm('raw tools') > 1.25 * wasm('compiled set'), `browser core ${wasm('compiled set')} B vs compiler ${wasm('raw tools')} B`);
});

test('the key piece is a chunk of its own, within its budget: a page without keys downloads none of it', async () => {
  const rows = await pageBundleSizes();
  const keyPiece = rows.find((r) => r.path === 'key piece' && r.part === 'total');
  assert.ok(keyPiece.gzip <= budget.keyPieceGzipBytes, `key piece: ${keyPiece.gzip} B gzip is over the budget of ${budget.keyPieceGzipBytes} B`);
  const chunks = await splitBundle();
  const keyFiles = ['web/keys.js', 'web/key-lifecycle.js', 'web/core-keys.js', 'web/key-check.js'];
  const holding = (file) => chunks.filter((chunk) => chunk.inputs.some((input) => input.endsWith(file)));
  for (const file of keyFiles) assert.equal(holding(file).length, 1, `${file} is in one chunk`);
  const [keyChunk] = holding('web/keys.js');
  for (const file of keyFiles) assert.equal(holding(file)[0], keyChunk, `${file} is in the key chunk`);
  const entry = chunks.find((chunk) => chunk.inputs.some((input) => input.endsWith('web/index.js')));
  assert.notEqual(entry, keyChunk);
});

test('the approval prompt is loaded when a call first needs it, not before the first call', async () => {
  const chunks = await splitBundle();
  const [prompt, ...more] = chunks.filter((chunk) => chunk.inputs.some((input) => input.endsWith('web/approval-prompt.js')));
  assert.equal(more.length, 0, 'the prompt is in one chunk');
  assert.ok(!prompt.entry?.endsWith('web/index.js'), 'the prompt is not in the entry chunk');
  const staticImporters = chunks.filter((chunk) => chunk.imports.some((i) => i.path === prompt.name && i.kind === 'import-statement'));
  assert.deepEqual(staticImporters.map((chunk) => chunk.name), [], 'no chunk imports the prompt statically');
  const rows = await pageBundleSizes();
  assert.ok(rows.find((r) => r.path === 'compiled set' && r.part.startsWith('JS loaded when')).gzip > 0);
});
