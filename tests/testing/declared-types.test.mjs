// The hand-written testing/index.d.ts declares exactly what realtime-companion/testing exports (a
// quick textual check; the compiled one is in tests/types/typed-consumer.test.mjs). Importing the
// entry point loads no werift: only starting the stand-in does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import * as testing from '../../testing/index.js';

test('testing/index.d.ts declares every runtime export and nothing more', async () => {
  const dts = await readFile(new URL('../../testing/index.d.ts', import.meta.url), 'utf8');
  const declared = [...dts.matchAll(/^export (?:declare )?(?:function|const|class) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(declared, Object.keys(testing).sort());
});
