// The hand-written index.d.ts declares exactly what index.js exports (a quick textual check; the
// compiled one is in tests/types/typed-consumer.test.mjs).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as server from '../../server/index.js';

it('server/index.d.ts declares every runtime export and nothing more', async () => {
  const dts = await readFile(new URL('../../server/index.d.ts', import.meta.url), 'utf8');
  const declared = [...dts.matchAll(/^export (?:function|const) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(declared, Object.keys(server).sort());
});

it('REFUSALS in index.d.ts lists the same codes as refusals.js', async () => {
  const dts = await readFile(new URL('../../server/index.d.ts', import.meta.url), 'utf8');
  const union = /export type RefusalCode =([^;]+);/.exec(dts)[1];
  const codes = [...union.matchAll(/'(\w+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(codes, Object.keys(server.REFUSALS).sort());
});
