// The size budget: the bytes a page downloads may not grow past bench/size-budget.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { shippedSizes } from '../../bench/shipped-size.mjs';

test('the shipped bytes (wasm + glue + JS API, gzip -9) stay within the budget', () => {
  const budget = JSON.parse(readFileSync(new URL('../../bench/size-budget.json', import.meta.url), 'utf8'));
  const rows = shippedSizes();
  const total = rows.find((r) => r.part === 'total');
  console.log(rows.map((r) => `${r.part}: ${r.raw} B raw, ${r.gzip} B gzip -9`).join('\n'));
  assert.ok(total.gzip <= budget.totalGzipBytes, `${total.gzip} B gzip is over the budget of ${budget.totalGzipBytes} B`);
});
