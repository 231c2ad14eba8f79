// One fresh Node process for bench/startup/cold-path-bytes.mjs: the cold-start span's steps
// (bench/startup/span.mjs: compile, load the browser core, create a companion on a compiled set,
// the first routed call), stopped after one of them, so that V8's trace of the wasm functions it
// compiled (--trace-wasm-compilation-times, printed by the parent's flags) holds that much:
//   node --trace-wasm-compilation-times bench/startup/cold-path-child.mjs <stop> <.wasm> <set file>
// <stop>: compiled, loaded, companion or first-call. Prints nothing of its own but errors.
import { readFile } from 'node:fs/promises';

import { firstCall, instantFetch, warmUpFetch } from './span.mjs';

const stops = ['compiled', 'loaded', 'companion', 'first-call'];
const [stop, wasmFile, setFile] = process.argv.slice(2);
if (!stops.includes(stop) || !setFile) {
  console.error(`usage: node bench/startup/cold-path-child.mjs <${stops.join('|')}> <.wasm file> <tool-set file>`);
  process.exit(2);
}
const root = new URL('../../', import.meta.url);
const wasm = new Uint8Array(await readFile(wasmFile));
const toolSet = new Uint8Array(await readFile(setFile));
const { createCompanion } = await import(new URL('web/index.js', root));
const { loadBrowserCore } = await import(new URL('common/load-core.js', root));
await warmUpFetch();

// The same backend, call and options as the cold-start span.
const steps = {
  compiled: async (state) => { state.module = await WebAssembly.compile(wasm); },
  loaded: async (state) => { await loadBrowserCore(state.module); },
  companion: async (state) => {
    state.companion = await createCompanion({
      baseUrl: 'http://127.0.0.1:1', fetch: instantFetch, toolSet, execute: { set_theme: () => ({ ok: true }) },
      wasm: state.module,
    });
  },
  'first-call': async (state) => {
    const result = await state.companion.functionHandler(firstCall);
    if (result?.ok !== true) throw new Error(`the first call did not succeed: ${JSON.stringify(result)}`);
  },
};
const state = {};
for (const name of stops) {
  await steps[name](state);
  if (name === stop) break;
}
state.companion?.dispose();
