// The wire is declared once, in bindings/browser/wire.hpp and
// wire_declaration.cpp (the key piece's records in bindings/keys/). These check that what JavaScript states about it by
// hand (the published code list) says exactly what the core declares, and that
// every layout, as declared, is one a reader of WASM memory can use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { TOOL_ERROR_CODES } from '../../web/index.js';
import { loadBrowserCore, loadCore } from '../../common/load-core.js';
import { construct, heapUsedBytes, textAt, wireOf } from '../../common/wire.js';
import { CoreKeyManager } from '../../web/core-keys.js';
import { CoreRouter } from '../../common/core-router.js';
import { loadKeys } from '../../web/keys.js';
import { writeInput } from '../../common/input-lane.js';
import { compileWith } from '../../common/tool-set.js';

const browserCore = await loadBrowserCore();
const compiler = await loadCore();
const { module: keyPiece } = await loadKeys();
const modules = { 'browser core': browserCore, compiler, 'key piece': keyPiece };

test('the browser core and the compiler declare the same wire; the key piece declares its own, and only it the keys', () => {
  assert.deepEqual(wireOf(browserCore).names, wireOf(compiler).names);
  assert.deepEqual(wireOf(browserCore).layouts, wireOf(compiler).layouts);
  assert.deepEqual(wireOf(browserCore).constants, wireOf(compiler).constants);
  const keyWire = wireOf(keyPiece);
  assert.deepEqual(Object.keys(keyWire.names).sort(), ['CommandKind', 'EventKind', 'KeyError', 'KeyMode', 'KeyState']);
  assert.deepEqual(Object.keys(keyWire.layouts).sort(), ['KeyCheck', 'KeyCommand', 'KeyStatus', 'Text']);
  assert.equal(typeof keyWire.constants.maxKeyLength, 'number');
  for (const name of ['KeyError', 'KeyState', 'KeyCommand', 'KeyStatus']) {
    assert.equal(wireOf(browserCore).names[name] ?? wireOf(browserCore).layouts[name], undefined, `the browser core declares ${name}`);
  }
});

// The .d.ts unions are generated from the enum tables: tests/page/enum-types.test.mjs.
test("TOOL_ERROR_CODES is the core's ErrorCode, in its order", () => {
  assert.deepEqual([...TOOL_ERROR_CODES], wireOf(browserCore).names.ErrorCode);
});

test('every enum is numbered 0, 1, 2, ... with no gap (names are read by number)', () => {
  for (const module of [browserCore, keyPiece]) {
    for (const [name, list] of Object.entries(wireOf(module).names)) {
      assert.ok(list.length > 0, name);
      for (let i = 0; i < list.length; i++) assert.equal(typeof list[i], 'string', `${name}[${i}]`);
    }
  }
});

const SIZES = { f64: 8, text: 8 }; // everything else is a 32-bit word
test('every layout: aligned fields that do not overlap', () => {
  for (const [layout, fields] of [browserCore, keyPiece].flatMap((module) => Object.entries(wireOf(module).layouts))) {
    const spans = fields.map(([field, offset, type]) => [offset, offset + (SIZES[type] ?? 4), field, type])
      .sort((a, b) => a[0] - b[0]);
    for (const [offset, , field, type] of spans) {
      assert.equal(offset % (type === 'f64' ? 8 : 4), 0, `${layout}.${field} is read through a ${type === 'f64' ? 'HEAPF64' : 'HEAPU32'}`);
    }
    for (let i = 1; i < spans.length; i++) {
      assert.ok(spans[i][0] >= spans[i - 1][1], `${layout}.${spans[i][2]} overlaps ${spans[i - 1][2]}`);
    }
  }
});

const listed = async (folder) => (await readFile(new URL(`../../bindings/${folder}/exports.txt`, import.meta.url), 'utf8'))
  .split('\n').filter((line) => line.startsWith('_'));
const exportsOf = (module) => Object.keys(module).filter((name) => /^_[a-z]/.test(name) && typeof module[name] === 'function');

test('the browser core exports exactly bindings/browser/exports.txt, and no embind', async () => {
  assert.deepEqual(exportsOf(browserCore).sort(), (await listed('browser')).sort());
  assert.equal(browserCore.CoreRouter, undefined);
});

test('the key piece exports exactly bindings/keys/exports.txt, and no embind; the other two hold no key manager', async () => {
  assert.deepEqual(exportsOf(keyPiece).sort(), (await listed('keys')).sort());
  assert.equal(keyPiece.CoreRouter, undefined);
  for (const [name, module] of Object.entries(modules)) {
    if (module === keyPiece) continue;
    assert.deepEqual(exportsOf(module).filter((e) => /^_rc_keys?_(?!options)/.test(e)), [], name);
  }
});

test('construct: a refused core object becomes a CompanionConfigError, and is freed', () => {
  const before = heapUsedBytes(keyPiece);
  for (let i = 0; i < 50; i++) {
    assert.throws(() => construct(keyPiece, CoreKeyManager, '{"mode":"sometimes"}', 0, 1, 2),
      { name: 'CompanionConfigError', message: /keys\.mode must be "per-session" or "reuse"/ });
  }
  assert.ok(heapUsedBytes(keyPiece) - before < 4096, 'fifty refused objects left their memory behind');
  const manager = construct(keyPiece, CoreKeyManager, '{}', 0, 1, 2);
  assert.ok(wireOf(keyPiece).names.KeyState.includes(manager.status(0).state));
  manager.delete();
});

test('rc_router_plan_tool plans exactly what rc_router_plan_input plans by name', () => {
  const tools = [{ name: 'a', route: { method: 'POST' } }, { name: 'b' }, { name: 'c', route: { path: '/c/{id}' } }];
  const core = new CoreRouter(browserCore, compileWith(compiler, { tools }).bytes, JSON.stringify({ baseOrigin: 'http://127.0.0.1:1', basePath: '' }));
  const text = () => textAt(browserCore, core.report() + wireOf(browserCore).report.text);
  const names = JSON.parse(core.toolNames());
  assert.deepEqual(names, ['a', 'b', 'c']);
  const args = '{"id":"7","q":"x y"}';
  const length = writeInput(browserCore, core, args, 1 << 20);
  for (const [index, name] of names.entries()) {
    const byName = [core.planInput(name, length), text()];
    const byIndex = [core.planTool(index, length), text()];
    assert.deepEqual(byIndex, byName, name);
  }
  // An index past the tools is an unknown tool, as a name no tool has.
  const kind = core.planTool(names.length, length);
  assert.equal(wireOf(browserCore).names.ReportKind[kind], 'result');
  assert.equal(JSON.parse(text()).error.code, 'unknown_tool');
  core.delete();
});
