// The hand-written web/index.d.ts declares exactly what web/index.js exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import * as api from '../../web/index.js';

test('web/index.d.ts declares every runtime export and nothing more', async () => {
  const dts = await readFile(new URL('../../web/index.d.ts', import.meta.url), 'utf8');
  const declared = [...dts.matchAll(/^export (?:declare )?(?:function|const|class) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(declared, Object.keys(api).sort());
});
