// Loads the WebAssembly core once per JavaScript realm, in browsers and Node.
//
// The Emscripten glue is built for the web only (3.1.6's Node branch breaks in
// ES modules), so the compiled module is always handed to it through
// `instantiateWasm`: browsers compile while downloading (streaming), Node reads
// the file next to this package with fs.
import createCoreModule from '../dist/realtime-companion-core.mjs';

const defaultWasmUrl = new URL('../dist/realtime-companion-core.wasm', import.meta.url);

let defaultCore;

/**
 * The core module, compiled and instantiated. `wasm` overrides where the
 * `.wasm` comes from: a URL or string (fetched), bytes, a Response, or a
 * compiled WebAssembly.Module.
 * @param {URL | string | ArrayBuffer | ArrayBufferView | Response | WebAssembly.Module} [wasm]
 */
export function loadCore(wasm) {
  if (wasm !== undefined) return instantiateCore(wasm);
  defaultCore ??= instantiateCore(defaultWasmUrl).catch((error) => {
    defaultCore = undefined; // a failed load must not stick: the next call tries again
    throw error;
  });
  return defaultCore;
}

function instantiateCore(wasm) {
  return new Promise((resolve, reject) => {
    createCoreModule({
      instantiateWasm(imports, receiveInstance) {
        instantiate(wasm, imports).then(({ instance, module }) => receiveInstance(instance, module), reject);
        return {}; // tells the glue that instantiation is asynchronous
      },
      onAbort: (what) => reject(new Error(`realtime-companion: the WebAssembly core aborted (${what})`)),
      print: () => {},
      printErr: () => {},
    }).then(resolve, reject);
  });
}

async function instantiate(source, imports) {
  if (source instanceof WebAssembly.Module) {
    return { instance: await WebAssembly.instantiate(source, imports), module: source };
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    return WebAssembly.instantiate(source, imports);
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    return instantiateResponse(source, imports);
  }
  const url = new URL(String(source), typeof location !== 'undefined' ? location.href : undefined);
  if (url.protocol === 'file:') return WebAssembly.instantiate(await readLocalFile(url), imports);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`realtime-companion: could not load ${url.href} (HTTP ${response.status})`);
  return instantiateResponse(response, imports);
}

async function instantiateResponse(response, imports) {
  if (WebAssembly.instantiateStreaming && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.instantiateStreaming(response, imports);
  }
  // Servers that send another MIME type: compile from bytes instead.
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}

async function readLocalFile(url) {
  // getBuiltinModule keeps `node:` imports out of browser bundles (Node >= 20.16).
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  if (!fs) throw new Error('realtime-companion: reading the .wasm from a file needs Node.js >= 20.16');
  return fs.promises.readFile(url);
}
