// Sets that compiled but never loaded: 129 tools, a 70,000-character property
// name, a 9,000-character route path, a 5 MB description. The CLI exited 0 and
// createToolSetHandler served them, cached for a year, to browser cores that
// refuse them. Now the compiler keeps the loader's limits (one table,
// src/router/tool_set_limits.hpp): at each limit a set compiles and loads; one
// past it, the CLI exits 1 naming the limit and createToolSetHandler refuses
// to be created.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createCompanion, CompanionConfigError } from '../../web/index.js';
import { loadCore } from '../../common/load-core.js';
import { toolSetLimits } from '../../common/tool-set.js';
import { MAX_TOOL_SET_BYTES } from '../../common/tool-set-source.js';
import { compileToolSet, createToolSetHandler } from '../../server/index.js';

const cli = new URL('../../bin/realtime-companion.js', import.meta.url).pathname;
const limits = toolSetLimits(await loadCore());

const tool = (name, extra = {}) => ({ type: 'function', name, parameters: { type: 'object' }, ...extra });
const toolsNamed = (n) => Array.from({ length: n }, (_, i) => tool(`t${i}`));
const withPath = (bytes) => [tool('t', { route: { path: `/${'p'.repeat(bytes - 1)}` } })];
const withDescription = (bytes) => [tool('t', { description: 'd'.repeat(bytes) })];
const withPropertyName = (bytes) => [tool('t', { parameters: { type: 'object', properties: { ['n'.repeat(bytes)]: { type: 'string' } } } })];
// Two large consts (in the public list and the compiled schemas; a schema's text is at most 1 MiB)
// and a route path that fills the rest.
const big = { type: 'object', properties: { v: { const: 'c'.repeat(1024 * 1024 - 1500) } } };
const setOfAbout = (pathBytes) => [
  tool('big1', { parameters: big }),
  tool('big2', { parameters: big }),
  tool('filler', { route: { path: `/${'p'.repeat(pathBytes - 1)}` } }),
];
const nestedTo = (depth) => {
  // { tools: [ { parameters: { properties: { v: { const: [[...]] } } } } ] }: the arrays from level 7.
  let value = [];
  for (let level = 7; level < depth; level++) value = [value];
  return [tool('t', { parameters: { type: 'object', properties: { v: { const: value } } } })];
};

// The length of the public tool list inside a set: header (42 bytes), maxErrors, then its length (LEB128).
function publicToolsBytes(set) {
  let at = 42;
  const varint = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = set[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  varint();
  return varint();
}

async function loads(tools) {
  const { bytes } = await compileToolSet(tools);
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:9', toolSet: bytes });
  companion.dispose();
  return bytes;
}

async function refused(tools, limit) {
  const names = new RegExp(`${limit}.*${limits[limit]}|${limits[limit]}.*${limit}`, 's');
  await assert.rejects(createToolSetHandler(tools).ready, (error) => {
    assert.ok(error instanceof CompanionConfigError, String(error));
    assert.match(error.message, names);
    return true;
  });
  const dir = await mkdtemp(join(tmpdir(), 'rc-limits-'));
  await writeFile(join(dir, 'tools.json'), JSON.stringify(tools));
  const run = await promisify(execFile)(process.execPath, [cli, 'compile', join(dir, 'tools.json'), '-o', join(dir, 'tools.rct')])
    .then(() => ({ code: 0 }), (error) => ({ code: error.code, stderr: error.stderr }));
  assert.equal(run.code, 1, 'the CLI refuses the tools');
  assert.match(run.stderr, names);
  await assert.rejects(access(join(dir, 'tools.rct')), 'nothing is written');
}

test('the loader bounds downloads by the table: setBytes', () => {
  assert.equal(limits.setBytes, MAX_TOOL_SET_BYTES);
  for (const name of ['setBytes', 'tools', 'toolNameBytes', 'routePathBytes', 'routeTimeoutMs', 'routeMaxResponseBytes',
    'publicToolsBytes', 'warningsBytes', 'jsonDepth', 'schemaNameBytes', 'schemaNodes']) {
    assert.equal(typeof limits[name], 'number', name);
  }
});

test('limit tools: 128 compile and load, 129 are refused', async () => {
  await loads(toolsNamed(limits.tools));
  await refused(toolsNamed(limits.tools + 1), 'tools');
});

test('limit routePathBytes: a path of 8192 bytes compiles and loads, 8193 are refused', async () => {
  await loads(withPath(limits.routePathBytes));
  await refused(withPath(limits.routePathBytes + 1), 'routePathBytes');
  await refused(withPath(9000), 'routePathBytes');
});

test('limit publicToolsBytes: a public list at the limit compiles and loads, a byte more is refused', async () => {
  const fill = limits.publicToolsBytes - publicToolsBytes((await compileToolSet(withDescription(0))).bytes);
  assert.equal(publicToolsBytes(await loads(withDescription(fill))), limits.publicToolsBytes);
  await refused(withDescription(fill + 1), 'publicToolsBytes');
  await refused(withDescription(5_000_000), 'publicToolsBytes');
});

test('limit setBytes: a set of exactly 4 MiB compiles and loads, a byte more is refused', async () => {
  const probe = 200;
  const path = probe + limits.setBytes - (await compileToolSet(setOfAbout(probe))).bytes.length;
  assert.ok(path <= limits.routePathBytes);
  assert.equal((await loads(setOfAbout(path))).length, limits.setBytes);
  await refused(setOfAbout(path + 1), 'setBytes');
});

test('limit schemaNameBytes: a property name of 65536 bytes compiles and loads, 65537 are refused', async () => {
  await loads(withPropertyName(limits.schemaNameBytes));
  await refused(withPropertyName(limits.schemaNameBytes + 1), 'schemaNameBytes');
  await refused(withPropertyName(70_000), 'schemaNameBytes');
});

test('limit jsonDepth: tools 128 levels deep compile and load, 129 are refused', async () => {
  await loads(nestedTo(limits.jsonDepth));
  await refused(nestedTo(limits.jsonDepth + 1), 'jsonDepth');
});
