// The browser core and the key piece are linked as standalone WebAssembly (cmake/wasm.cmake):
// they have no Emscripten glue and export their functions under their own names. This file does
// the little the glue did for them: the two imports they declare, the heap views common/marshal.js
// reads (renewed when the memory grows, since growing detaches the old buffer), and their
// constructors, run once. The module object has the glue's shape (`_rc_*`, `HEAPU8`...), so the marshal reads
// both kinds of artifact alike.

// What the standalone runtime exports for its own use: run here (_initialize) or by no one.
// The module object holds only the functions of the artifact's bindings/*/exports.txt.
const RUNTIME_EXPORTS = new Set(['_initialize', '__errno_location', 'stackSave', 'stackRestore', 'stackAlloc']);

/**
 * @param {(imports: WebAssembly.Imports) => Promise<{ instance: WebAssembly.Instance }>} instantiate
 *   instantiates the artifact's module with these imports
 * @returns {Promise<Record<string, unknown>>} the module object
 */
export async function instantiateStandalone(instantiate) {
  const module = {};
  let memory;
  const renewViews = () => {
    const { buffer } = memory;
    module.HEAPU8 = new Uint8Array(buffer);
    module.HEAP32 = new Int32Array(buffer);
    module.HEAPU32 = new Uint32Array(buffer);
    module.HEAPF64 = new Float64Array(buffer);
  };
  const imports = {
    env: { emscripten_notify_memory_growth: renewViews },
    // abort() and a failed check end in exit: the call that hit it throws, as a trap would.
    wasi_snapshot_preview1: {
      proc_exit: (code) => {
        throw new WebAssembly.RuntimeError(`realtime-companion: the WebAssembly core aborted (exit ${code})`);
      },
    },
  };
  const { instance } = await instantiate(imports);
  const { exports } = instance;
  if (!(exports.memory instanceof WebAssembly.Memory) || typeof exports._initialize !== 'function') {
    throw new TypeError('realtime-companion: this wasm is not a standalone artifact of this package (no memory or _initialize export)');
  }
  memory = exports.memory;
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value === 'function' && !RUNTIME_EXPORTS.has(name)) module[`_${name}`] = value;
  }
  renewViews();
  exports._initialize();
  return module;
}
