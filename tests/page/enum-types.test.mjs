// Each enum that crosses the wire is one table (a .def file, src/text/enum_table.hpp).
// These check that the tables are what the built modules declare, and that
// web/index.d.ts's unions are the ones scripts/generate-enum-types.mjs writes
// from them (run it after changing a table).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DTS, TABLES, generate, generatedBlocks, parseTable, readTable } from '../../scripts/generate-enum-types.mjs';
import { loadBrowserCore, loadCore } from '../../common/load-core.js';
import { loadKeys } from '../../web/keys.js';
import { wireOf } from '../../common/marshal.js';

const dts = await readFile(new URL(`../../${DTS}`, import.meta.url), 'utf8');
const { module: keyPiece } = await loadKeys();
const modules = { 'browser core': await loadBrowserCore(), compiler: await loadCore(), 'key piece': keyPiece };

test(`${DTS} is up to date with the enum tables (node scripts/generate-enum-types.mjs)`, () => {
  assert.equal(generate(dts), dts);
});

test('every enum a module declares on the wire is its table, row for row', () => {
  const declared = new Set();
  for (const [module, wire] of Object.entries(modules).map(([name, m]) => [name, wireOf(m)])) {
    for (const [name, list] of Object.entries(wire.names)) {
      assert.ok(TABLES[name], `${module} declares ${name}, which has no table in scripts/generate-enum-types.mjs`);
      assert.deepEqual(list, readTable(TABLES[name]).map((row) => row.name), `${module}: ${name}`);
      declared.add(name);
    }
  }
  assert.deepEqual([...declared].sort(), Object.keys(TABLES).sort(), 'a table no module declares');
  assert.deepEqual(wireOf(keyPiece).messages.KeyError, readTable(TABLES.KeyError).map((row) => row.message));
});

test(`${DTS}'s generated unions: the public ones, each from its table`, () => {
  assert.deepEqual(generatedBlocks(dts), [
    { source: TABLES.HttpMethod, without: [] },      // HttpMethod
    { source: TABLES.ErrorCode, without: [] },       // ToolErrorCode
    { source: TABLES.KeyMode, without: [] },         // KeyOptions.mode
    { source: TABLES.KeyError, without: ['none'] },  // KeyErrorCode, then JavaScript's keys_unavailable
    { source: TABLES.EventKind, without: ['none'] }, // KeyEvent.type
    { source: TABLES.KeyState, without: [] },        // KeyStatus.state, then JavaScript's unconfigured and loading
    { source: TABLES.KeyMode, without: [] },         // KeyStatus.mode
  ]);
});

test('the generator rewrites a stale union, keeps what follows its end marker, and reads doc-wrapped rows', () => {
  const table = parseTable([
    '// a comment',
    'RC_ENUM_ROW(a_b, "a-b", "One " "sentence.")',
    'RC_ENUM_ROW(c, "c",',
    '            "Say \\"c\\".")',
    '#undef RC_ENUM_ROW',
  ].join('\n'));
  assert.deepEqual(table, [
    { identifier: 'a_b', name: 'a-b', message: 'One sentence.' },
    { identifier: 'c', name: 'c', message: 'Say "c".' },
  ]);
  const stale = ['type T =', '  // generated from x.def without c: do not edit', "  | 'old'", '  // end of generated', '  /** mine */', "  | 'own';", ''].join('\n');
  assert.equal(generate(stale, () => table),
    ['type T =', '  // generated from x.def without c: do not edit', '  /** One sentence. */', "  | 'a-b'", '  // end of generated', '  /** mine */', "  | 'own';", ''].join('\n'));
  const alone = ['type T =', '  // generated from x.def: do not edit', '  // end of generated', ''].join('\n');
  assert.match(generate(alone, () => table), /\| 'c';\n {2}\/\/ end of generated/);
  assert.throws(() => parseTable('RC_ENUM_ROW(a, "a")'), /not a row/);
  assert.throws(() => generate('  // generated from x.def: do not edit\n', () => table), /no end marker/);
});
