// `realtime-companion compile` given the JavaScript module the page and the server import their
// tools from (written to a temp dir, as a user's would be): the named `tools` export or the
// default one, the server's tools (a `handler`) left out of the set, the same bytes as
// compileToolSet of the page's part, and a clear exit 2 for a module that cannot be used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { compileToolSet } from '../../server/index.js';
import { createCompanion } from '../../web/index.js';

const cli = new URL('../../bin/realtime-companion.js', import.meta.url).pathname;
const run = (...args) => promisify(execFile)(process.execPath, [cli, ...args]).then(
  ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
  (error) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
);

const WEATHER = { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, route: { method: 'GET', path: '/api/weather' } };
/** A module as a user writes one: the page's routed tool, and one the server runs (its handler a function). */
const MODULE = `export const tools = [
  ${JSON.stringify(WEATHER)},
  { type: 'function', name: 'lookup_order', description: 'An order', parameters: { type: 'object' }, handler: async () => ({ found: true }) },
];
export const validation = { maxErrors: 3 };
`;

test('compile tools.mjs: the named exports, without the server\'s tool, the same set as compileToolSet', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rc-cli-module-'));
  await writeFile(join(dir, 'tools.mjs'), MODULE);
  const result = await run('compile', join(dir, 'tools.mjs'), '-o', join(dir, 'tools.rct'));
  assert.equal(result.code, 0, result.stderr);
  const expected = await compileToolSet({ tools: [WEATHER], validation: { maxErrors: 3 } });
  assert.match(result.stdout, new RegExp(`1 tool \\(1 run on the server, not in the set\\), sha256 ${expected.hash}`));
  const bytes = new Uint8Array(await readFile(join(dir, 'tools.rct')));
  assert.deepEqual(bytes, expected.bytes);
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:9', toolSet: bytes });
  try {
    assert.deepEqual(companion.tools.map((t) => t.name), ['get_weather']);
  } finally {
    companion.dispose();
  }
});

test('compile a default export (a .js file in a module package, and a .cjs file)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rc-cli-default-'));
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
  await writeFile(join(dir, 'tools.js'), `export default { tools: [${JSON.stringify(WEATHER)}], validation: { maxErrors: 3 } };\n`);
  await writeFile(join(dir, 'tools.cjs'), `module.exports = [${JSON.stringify(WEATHER)}];\n`);
  const expected = await compileToolSet({ tools: [WEATHER], validation: { maxErrors: 3 } });
  const fromJs = await run('compile', join(dir, 'tools.js'), '-o', join(dir, 'a.rct'));
  assert.equal(fromJs.code, 0, fromJs.stderr);
  assert.match(fromJs.stdout, new RegExp(`1 tool, sha256 ${expected.hash}`));
  const fromCjs = await run('compile', join(dir, 'tools.cjs'), '-o', join(dir, 'b.rct'));
  assert.equal(fromCjs.code, 0, fromCjs.stderr);
  assert.match(fromCjs.stdout, new RegExp(`sha256 ${(await compileToolSet([WEATHER])).hash}`));
});

test('a module that cannot be used exits 2 and says why; a function the set cannot hold exits 1 naming the tool', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rc-cli-bad-'));
  await writeFile(join(dir, 'none.mjs'), 'export const other = 1;\n');
  await writeFile(join(dir, 'throws.mjs'), 'throw new Error("no database here");\n');
  await writeFile(join(dir, 'ask.mjs'), `export const tools = [{ ...${JSON.stringify(WEATHER)}, needsApproval: (args) => args.city === 'Oslo' }];\n`);
  const none = await run('compile', join(dir, 'none.mjs'), '-o', join(dir, 'x.rct'));
  assert.equal(none.code, 2);
  assert.match(none.stderr, /none\.mjs exports no tools: export them as `tools`/);
  const throws = await run('compile', join(dir, 'throws.mjs'), '-o', join(dir, 'x.rct'));
  assert.equal(throws.code, 2);
  assert.match(throws.stderr, /cannot import .*throws\.mjs: no database here/);
  const missing = await run('compile', join(dir, 'missing.mjs'), '-o', join(dir, 'x.rct'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*missing\.mjs: ENOENT/);
  const ask = await run('compile', join(dir, 'ask.mjs'), '-o', join(dir, 'x.rct'));
  assert.equal(ask.code, 1);
  assert.match(ask.stderr, /tool get_weather: `needsApproval` is a function, which a compiled set cannot hold/);
});

test('a TypeScript module: imported where Node strips types, else exit 2 saying which Node can', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rc-cli-ts-'));
  await writeFile(join(dir, 'tools.mts'), `export const tools: object[] = [${JSON.stringify(WEATHER)}];\n`);
  const result = await run('compile', join(dir, 'tools.mts'), '-o', join(dir, 'x.rct'));
  if (process.features.typescript) {
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`sha256 ${(await compileToolSet([WEATHER])).hash}`));
  } else {
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`Node ${process.version.replaceAll('.', '\\.')} cannot import TypeScript \\(Node 22\\.18 or later can\\)`));
  }
});
