// The wire is declared once, in bindings/browser/wire_bindings.cpp. These
// check that what JavaScript states about it by hand (the published code
// lists and the .d.ts unions) says exactly what the core declares, and that
// the report's layout, as declared, is one a reader of WASM memory can use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { TOOL_ERROR_CODES } from '../../web/index.js';
import { loadBrowserCore, loadCore } from '../../web/load-core.js';
import { construct, wireOf } from '../../web/wire.js';
import { writeInput } from '../../web/input-lane.js';
import { compileWith } from '../../web/tool-set.js';

const dts = await readFile(new URL('../../web/index.d.ts', import.meta.url), 'utf8');
const browserCore = await loadBrowserCore();
const compiler = await loadCore();

/** The quoted members of a union in index.d.ts, `type X = | 'a' | 'b';` or a field `name: 'a' | 'b';`. */
function union(pattern) {
  const found = dts.match(pattern);
  assert.ok(found, `index.d.ts has ${pattern}`);
  return [...found[1].matchAll(/'([\w-]+)'/g)].map((m) => m[1]);
}
const withoutNone = (names) => names.filter((name) => name !== 'none');

test('both artifacts declare the same wire', () => {
  assert.deepEqual(wireOf(browserCore).names, wireOf(compiler).names);
  assert.deepEqual(wireOf(browserCore).report, wireOf(compiler).report);
});

test("TOOL_ERROR_CODES and index.d.ts's ToolErrorCode are the core's ErrorCode, in its order", () => {
  const { names } = wireOf(browserCore);
  assert.deepEqual([...TOOL_ERROR_CODES], names.ErrorCode);
  assert.deepEqual(union(/export type ToolErrorCode =([^;]*);/), names.ErrorCode);
});

test("index.d.ts's key unions are the core's KeyError, EventKind, KeyState and KeyMode", () => {
  const { names } = wireOf(browserCore);
  assert.deepEqual(union(/export type KeyErrorCode =([^;]*);/), withoutNone(names.KeyError));
  assert.deepEqual(union(/export interface KeyEvent \{\s*type: ([^;]*);/), withoutNone(names.EventKind));
  // 'unconfigured' is the companion's own answer when no keyEndpoint was given.
  assert.deepEqual(union(/export interface KeyStatus \{\s*state: ([^;]*);/), [...names.KeyState, 'unconfigured']);
  assert.deepEqual(union(/mode\?: ([^;]*);/), names.KeyMode);
});

test('every enum is numbered 0, 1, 2, ... with no gap (names are read by number)', () => {
  for (const [name, list] of Object.entries(wireOf(browserCore).names)) {
    assert.ok(list.length > 0, name);
    for (let i = 0; i < list.length; i++) assert.equal(typeof list[i], 'string', `${name}[${i}]`);
  }
});

test('the report layout: aligned fields that do not overlap', () => {
  const { report } = wireOf(browserCore);
  assert.equal(report.maxResponseBytes % 8, 0, 'a double read through HEAPF64');
  const words = Object.entries(report).filter(([field]) => field !== 'maxResponseBytes');
  for (const [field, offset] of words) assert.equal(offset % 4, 0, `${field} is read through HEAPU32`);
  const spans = Object.entries(report)
    .map(([field, offset]) => [offset, offset + (field === 'maxResponseBytes' ? 8 : 4), field])
    .sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    assert.ok(spans[i][0] >= spans[i - 1][1], `${spans[i][2]} overlaps ${spans[i - 1][2]}`);
  }
});

test('construct: a refused core object becomes a CompanionConfigError, and is freed', () => {
  const before = browserCore.heapUsedBytes();
  for (let i = 0; i < 50; i++) {
    assert.throws(() => construct(browserCore, 'CoreKeyManager', '{"mode":"sometimes"}', 0, 1, 2),
      { name: 'CompanionConfigError', message: /keys\.mode must be "per-session" or "reuse"/ });
  }
  assert.ok(browserCore.heapUsedBytes() - before < 4096, 'fifty refused objects left their memory behind');
  const manager = construct(browserCore, 'CoreKeyManager', '{}', 0, 1, 2);
  assert.ok(wireOf(browserCore).names.KeyState.includes(wireOf(browserCore).nameOf(manager.status(0).state)));
  manager.delete();
});

test('the plain export rc_router_plan_tool plans exactly what planInput plans by name', () => {
  const tools = [{ name: 'a', route: { method: 'POST' } }, { name: 'b' }, { name: 'c', route: { path: '/c/{id}' } }];
  const core = new browserCore.CoreRouter(compileWith(compiler, { tools }).bytes, JSON.stringify({ baseOrigin: 'http://127.0.0.1:1', basePath: '' }));
  const { report } = wireOf(browserCore);
  const reportAt = core.report();
  const text = () => {
    const word = (field) => browserCore.HEAPU32[(reportAt + report[field]) >>> 2];
    return new TextDecoder().decode(browserCore.HEAPU8.subarray(word('textAddress'), word('textAddress') + word('textLength')));
  };
  const names = JSON.parse(core.toolNames());
  assert.deepEqual(names, ['a', 'b', 'c']);
  const args = '{"id":"7","q":"x y"}';
  const length = writeInput(browserCore, core, args, 1 << 20);
  for (const [index, name] of names.entries()) {
    const byName = [core.planInput(name, length), text()];
    const byIndex = [browserCore._rc_router_plan_tool(core.address(), index, length), text()];
    assert.deepEqual(byIndex, byName, name);
  }
  // An index past the tools is an unknown tool, as a name no tool has.
  const kind = browserCore._rc_router_plan_tool(core.address(), names.length, length);
  assert.equal(wireOf(browserCore).names.ReportKind[kind], 'result');
  assert.equal(JSON.parse(text()).error.code, 'unknown_tool');
  core.delete();
});
