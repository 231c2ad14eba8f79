// How much WebAssembly V8 compiles on the cold path of a compiled-set page, phase by phase:
//   node bench/startup/cold-path-bytes.mjs [--wasm <.wasm with a name section>] [--set <compiled set>] [--top N]
// V8 compiles a wasm function (Liftoff) the first time it is called, whole, so every byte of a
// function that runs is compiled on the cold path even if most of it is a branch that never runs.
// Unlike the cold-start time this count does not depend on the machine's load: it is what moving
// seldom-run code out of line (RC_RARELY_RUN, noinline) lowers, and the timing bench
// (bench/startup/build-vs-build.mjs) confirms.
//
// Each phase is a fresh Node process (bench/startup/cold-path-child.mjs) running the cold-start
// span's steps (compile, load, companion on the sample tools' compiled set, first routed call) up
// to that phase, with --trace-wasm-compilation-times; a phase's functions are those its process
// compiled and the previous one's did not. Tier-up (TurboFan) is turned off: only first use counts.
// The names come from the profiling build's name section (bench/size/wasm-parts-build.mjs builds
// it, into build/wasm-parts; its code is the release build's). The set is compiled by this
// checkout's compiler (dist/, `node scripts/build.mjs wasm-release`) unless --set names one (made
// by a compiler whose set format this core reads). Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildProfilingArtifacts } from '../size/wasm-parts-build.mjs';
import { readWasm } from '../size/wasm-reader.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const top = Number(option('--top') ?? 8);
const root = fileURLToPath(new URL('../../', import.meta.url));
const wasmFile = option('--wasm')
  ? resolve(option('--wasm'))
  : join(buildProfilingArtifacts(root), 'realtime-companion-browser.wasm');
const { functions, firstFunctionIndex: importedFunctions } = readWasm(readFileSync(wasmFile));

const scratch = mkdtempSync(join(os.tmpdir(), 'rc-cold-bytes-'));
const setFile = option('--set') ? resolve(option('--set')) : join(scratch, 'tools.rct');
if (!option('--set')) {
  const { compileToolSet } = await import(new URL('server/index.js', `file://${root}`));
  const { sampleTools } = await import(new URL('examples/demo/sample-tools.mjs', `file://${root}`));
  writeFileSync(setFile, (await compileToolSet(sampleTools)).bytes);
}

const phases = [['compiled', 'compile'], ['loaded', 'instantiate + runtime init'], ['companion', 'companion'],
  ['first-call', 'first call']];
const compiledBy = new Map();
try {
  for (const [stop] of phases) compiledBy.set(stop, compiledFunctions(stop));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log(`WebAssembly compiled lazily (Liftoff) on the cold path, ${wasmFile}`);
console.log('(the sample tools\' compiled set, first call get_weather; a body\'s bytes as in the code section)');
let before = new Set();
let total = { count: 0, bytes: 0 };
for (const [stop, label] of phases) {
  const these = [...compiledBy.get(stop)].filter((index) => !before.has(index)).map((index) => ({
    name: functions[index - importedFunctions].name, bytes: functions[index - importedFunctions].body.length }));
  before = compiledBy.get(stop);
  const bytes = these.reduce((sum, f) => sum + f.bytes, 0);
  total = { count: total.count + these.length, bytes: total.bytes + bytes };
  console.log(`\n${label}: ${these.length} functions, ${bytes.toLocaleString('en')} B of body`);
  for (const f of these.sort((a, b) => b.bytes - a.bytes).slice(0, top)) {
    console.log(`  ${String(f.bytes).padStart(7)}  ${f.name.length > 100 ? `${f.name.slice(0, 97)}...` : f.name}`);
  }
}
console.log(`\ntotal: ${total.count} functions, ${total.bytes.toLocaleString('en')} B of body`);

// The indices (imports counted first, as V8 numbers them) of this module's functions a fresh
// process compiled up to `stop`. Other modules (undici's HTTP parser) are told apart by their
// native module's address: ours is the one whose every function matches our bodies' sizes.
function compiledFunctions(stop) {
  const child = fileURLToPath(new URL('cold-path-child.mjs', import.meta.url));
  const trace = execFileSync(process.execPath,
    ['--trace-wasm-compilation-times', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering', child, stop, wasmFile, setFile],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  const byModule = new Map();
  for (const [, module, index, bodySize] of trace.matchAll(/^Compiled function (\S+)#(\d+) using Liftoff.*bodysize (\d+)/gm)) {
    if (!byModule.has(module)) byModule.set(module, []);
    byModule.get(module).push({ index: Number(index), bodySize: Number(bodySize) });
  }
  const ours = [...byModule.values()].filter((compiled) => compiled.every(({ index, bodySize }) => {
    const body = functions[index - importedFunctions]?.body;
    return body && body.length - bodySize >= 1 && body.length - bodySize <= 5;
  }));
  if (ours.length > 1) throw new Error('two compiled modules match this .wasm: cannot tell which is ours');
  return new Set((ours[0] ?? []).map(({ index }) => index));
}

