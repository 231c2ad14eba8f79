// The size budget: the bytes a page downloads may not grow past bench/size-budget.json,
// neither as the package is published nor as a page bundles it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { shippedSizes } from '../../bench/shipped-size.mjs';
import { pageBundleSizes } from '../../bench/page-bundle-size.mjs';

const budget = JSON.parse(readFileSync(new URL('../../bench/size-budget.json', import.meta.url), 'utf8'));
const print = (rows) => console.log(rows.map((r) => `${r.part}: ${r.raw} B raw, ${r.gzip} B gzip -9`).join('\n'));

test('the shipped bytes (wasm + glue + JS API, gzip -9) stay within the budget', () => {
  const rows = shippedSizes();
  print(rows);
  const total = rows.find((r) => r.part === 'total');
  assert.ok(total.gzip <= budget.totalGzipBytes, `${total.gzip} B gzip is over the budget of ${budget.totalGzipBytes} B`);
});

test('a page bundle (wasm + esbuild --minify of web/index.js, gzip -9) stays within the budget', async () => {
  const rows = await pageBundleSizes();
  print(rows);
  const total = rows.find((r) => r.part === 'total');
  assert.ok(total.gzip > rows[0].gzip, 'the bundle holds the JavaScript too');
  assert.ok(total.gzip <= budget.pageBundleGzipBytes, `${total.gzip} B gzip is over the budget of ${budget.pageBundleGzipBytes} B`);
});
