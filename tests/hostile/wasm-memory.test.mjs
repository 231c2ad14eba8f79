// Issue 12, item 10: WASM memory grew for good, then corrupted. Sizes were
// checked only after the whole string had been copied into WebAssembly memory,
// which never shrinks (a 50 MB argument left 105 MB behind, a 300 MB tool name
// 630 MB), and past 2 GB the failed allocation overwrote memory for every
// companion. Now every size is checked in JavaScript before any copy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { createCompanion } from '../../web/index.js';
import { loadCore } from '../../common/load-core.js';
import { interpretAnswer, planCall } from '../../common/router-crossing.js';
import { compileWith } from '../../common/tool-set.js';
import { CoreRouter } from '../../common/core-router.js';
import { heapUsedBytes, wireOf } from '../../common/wire.js';
import { startBackend } from '../support/test-backend.mjs';

const MiB = 1024 * 1024;
// V8's longest string. Of 3-byte characters it is 1.5 GB of UTF-8: with
// embind's copy and the std::string made from it, past the 2 GB edge.
const V8_MAX_STRING_LENGTH = 2 ** 29 - 24;

let backend;
before(async () => {
  backend = await startBackend();
});
after(() => backend.close());

// Records, for every call into a CoreRouter, the longest string that crossed
// and the input buffer capacities asked for.
function watchCrossings() {
  const seen = { longestString: 0, capacities: [] };
  const proto = CoreRouter.prototype;
  const originals = {};
  for (const name of ['planInput', 'refuse', 'interpretInput', 'followRedirect', 'failure', 'inputBuffer']) {
    originals[name] = proto[name];
    proto[name] = function watched(...args) {
      for (const arg of args) if (typeof arg === 'string') seen.longestString = Math.max(seen.longestString, arg.length);
      if (name === 'inputBuffer') seen.capacities.push(args[0]);
      return originals[name].apply(this, args);
    };
  }
  seen.restore = () => Object.assign(proto, originals);
  return seen;
}

test('a 50 MB argument, a 300 MB tool name and strings of V8\'s maximum length are refused before any copy: WASM memory does not grow', async () => {
  const module = await loadCore();
  const tools = [{ name: 'echo' }, { name: 'book', route: { method: 'POST', path: '/json' } }];
  const companion = await createCompanion({ baseUrl: backend.origin, tools });
  // A call at the limit sizes the input buffer once, as any large valid call would.
  const atLimit = await companion.functionHandler({ name: 'book', arguments: `{"q":"${'x'.repeat(MiB - 8)}"}` });
  assert.deepEqual(atLimit, { temp: 21, city: 'Paris' });

  const memoryBefore = module.HEAPU8.buffer.byteLength;
  const requestsBefore = backend.requests.length;
  const crossings = watchCrossings();
  const attacks = [
    ['a 50 MB argument string', { name: 'echo', arguments: `{"q":"${'x'.repeat(50e6)}"}` },
      'invalid_arguments', /at least 50000008 bytes; the limit is 1048576/],
    ['a 300 MB tool name', { name: 'x'.repeat(300e6), arguments: '{}' }, 'unknown_tool', /a name of 300000000 characters/],
    ['arguments of V8\'s maximum length, 1.5 GB of UTF-8', { name: 'echo', arguments: '一'.repeat(V8_MAX_STRING_LENGTH) },
      'invalid_arguments', /at least 536870888 bytes/],
    ['a tool name of V8\'s maximum length', { name: '一'.repeat(V8_MAX_STRING_LENGTH), arguments: '{}' },
      'unknown_tool', /a name of 536870888 characters/],
    ['arguments short enough in UTF-16 units but over the limit in UTF-8 bytes', { name: 'echo', arguments: `{"q":"${'é'.repeat(600_000)}"}` },
      'invalid_arguments', /the arguments are 1200008 bytes; the limit is 1048576/],
  ];
  try {
    for (const [attack, call, code, message] of attacks) {
      const result = await companion.functionHandler(call);
      const memory = module.HEAPU8.buffer.byteLength;
      assert.equal(memory, memoryBefore, `${attack}: WASM memory grew from ${memoryBefore / MiB} to ${memory / MiB} MiB`);
      assert.ok(crossings.longestString <= 64, `${attack}: a string of ${crossings.longestString} units crossed`);
      assert.ok(crossings.capacities.every((c) => c <= MiB + 1), `${attack}: an input buffer of ${crossings.capacities} bytes`);
      assert.equal(result.error?.code, code, attack);
      assert.match(result.error.message, message, attack);
    }
  } finally {
    crossings.restore();
  }
  assert.equal(backend.requests.length, requestsBefore, 'nothing was fetched');

  // Nothing was corrupted: this companion and a new one still work.
  assert.equal((await companion.functionHandler({ name: 'echo', arguments: '{"q":"after"}' })).rawQuery, '?q=after');
  const fresh = await createCompanion({ baseUrl: backend.origin, tools: [{ name: 'echo' }] });
  assert.equal((await fresh.functionHandler({ name: 'echo', arguments: '{"q":"fresh"}' })).rawQuery, '?q=fresh');
  fresh.dispose();
  companion.dispose();
});

// Peak WASM memory per input byte of the densest JSON text ([0,0,…]: one
// value per 2 bytes), measured on a fresh instance, scaled to the ceiling.
async function memoryPerByte(wasm, run) {
  const module = await loadCore(wasm);
  const before = module.HEAPU8.buffer.byteLength;
  const bytes = run(module);
  return (module.HEAPU8.buffer.byteLength - before) / bytes;
}

test('the 2 GB edge: at the size ceilings, the densest argument or answer stays under 1 GiB of WASM memory', async () => {
  const wasm = await readFile(new URL('../../dist/realtime-companion-core.wasm', import.meta.url));
  const { maxArgumentBytesCeiling, maxResponseBytesCeiling } = wireOf(await loadCore()).constants;
  assert.ok(maxArgumentBytesCeiling >= MiB && maxResponseBytesCeiling >= MiB, 'the defaults fit under the ceilings');
  const dense = (prefix, bytes, suffix) => `${prefix}${'0,'.repeat((bytes - prefix.length - suffix.length - 1) / 2)}0${suffix}`;
  let argumentsPerByte = 0;
  let answersPerByte = 0;
  // Two sizes: the figure must not depend on the size (vector growth would show).
  for (const size of [256 * 1024, MiB]) {
    argumentsPerByte = Math.max(argumentsPerByte, await memoryPerByte(wasm, (module) => {
      // PATCH with a path parameter: parsed, validated, rebuilt as a body (the costliest plan).
      const core = new CoreRouter(
        module,
        compileWith(module, { tools: [{ name: 'rename', route: { method: 'PATCH', path: '/users/{id}' } }] }).bytes,
        JSON.stringify({ baseOrigin: 'http://127.0.0.1:1', basePath: '', maxArgumentBytes: size }),
      );
      const text = dense('{"id":"u","a":[', size, ']}');
      assert.ok(planCall(module, core, 'rename', text).request, 'the dense argument is valid');
      return text.length;
    }));
    answersPerByte = Math.max(answersPerByte, await memoryPerByte(wasm, (module) => {
      const core = new CoreRouter(
        module,
        compileWith(module, { tools: [{ name: 'get' }] }).bytes,
        JSON.stringify({ baseOrigin: 'http://127.0.0.1:1', basePath: '' }),
      );
      const text = dense('[', size, ']');
      assert.equal(interpretAnswer(module, core, 'get', 200, 'application/json', text).response.length, (text.length - 1) / 2);
      return text.length;
    }));
  }
  assert.ok(argumentsPerByte > 10, `the measure measures something (${argumentsPerByte} bytes per byte)`);
  const atCeiling = (perByte, ceiling) => Math.round((perByte * ceiling) / MiB);
  assert.ok(argumentsPerByte * maxArgumentBytesCeiling < 1024 * MiB,
    `arguments at the ceiling would take ${atCeiling(argumentsPerByte, maxArgumentBytesCeiling)} MiB`);
  assert.ok(answersPerByte * maxResponseBytesCeiling < 1024 * MiB,
    `answers at the ceiling would take ${atCeiling(answersPerByte, maxResponseBytesCeiling)} MiB`);
});

test('limits past the ceilings are refused at set-up, so no configuration reaches the edge', async () => {
  const { maxArgumentBytesCeiling, maxResponseBytesCeiling } = wireOf(await loadCore()).constants;
  const refused = (options) => createCompanion({ baseUrl: backend.origin, tools: [{ name: 'echo' }], ...options }).then(
    (companion) => companion.dispose(), (error) => error);
  assert.match(String(await refused({ maxArgumentBytes: maxArgumentBytesCeiling + 1 })), /maxArgumentBytes must be a whole number from 1 to 8388608/);
  assert.match(String(await refused({ maxArgumentBytes: 0 })), /maxArgumentBytes/);
  assert.match(String(await refused({ defaults: { maxResponseBytes: maxResponseBytesCeiling + 1 } })), /defaults\.maxResponseBytes/);
  assert.match(String(await refused({ tools: [{ name: 'echo', route: { maxResponseBytes: 2 ** 31 } }] })), /route\.maxResponseBytes/);
  assert.equal(await refused({ maxArgumentBytes: maxArgumentBytesCeiling, defaults: { maxResponseBytes: maxResponseBytesCeiling } }), undefined);
});

test('a dense argument within the limit gives its memory back: four companions\' same calls do not each grow WASM memory', async () => {
  const module = await loadCore();
  const tools = [{ name: 'json', route: { method: 'POST' } }]; // the backend's /json ignores the body
  const dense = `{"a":[${'0,'.repeat(500_000)}0]}`; // 1 MB, 500,001 values: about 64 MB while parsed
  const companions = [];
  const memory = [];
  for (let i = 0; i < 4; i++) {
    const companion = await createCompanion({ baseUrl: backend.origin, tools });
    companions.push(companion); // kept alive: each router keeps what it does not give back
    const heapBefore = heapUsedBytes(module);
    assert.deepEqual(await companion.functionHandler({ name: 'json', arguments: dense }), { temp: 21, city: 'Paris' });
    memory.push(module.HEAPU8.buffer.byteLength);
    // What a router keeps: its input buffer and the body it sent (1 MB each), not the parsed document.
    assert.ok(heapUsedBytes(module) - heapBefore < 4 * MiB, `companion ${i} kept ${heapUsedBytes(module) - heapBefore} bytes`);
  }
  // Kept, each parsed document would add its 64 MB; given back, the allocator reuses it.
  assert.ok(memory[3] < memory[0] * 1.5, `WASM memory after each companion's call: ${memory.map((m) => Math.round(m / MiB))} MiB`);
  companions.forEach((c) => c.dispose());
});
