// Loads a WebAssembly artifact once per source and JavaScript realm, in browsers and Node.
//
// Three artifacts (docs/ARCHITECTURE.md): the browser core, which loads a
// compiled tool set; the compiler, which holds everything else (schemas, lint,
// tool sets, the server's matcher); and the key piece, whose URL is in its own
// chunk (web/keys.js), loaded through loadArtifact. The compiler's glue is
// imported only when it is first needed, so a page on a compiled set never
// downloads it, and a page without keys never downloads the key piece. The
// browser core and the key piece have no glue (common/standalone-instance.js).
//
// The Emscripten glue is built for the web only (3.1.6's Node branch breaks in
// ES modules), so the compiled module is always handed to it through
// `instantiateWasm`: browsers compile while downloading (streaming), Node reads
// the file next to this package with fs.
import { readLocalFile } from './local-file.js';
import { instantiateStandalone } from './standalone-instance.js';

/**
 * An artifact to load: `glue` resolves to its Emscripten glue module (`{ default: createModule }`),
 * or is null for standalone WebAssembly; `wasmUrl` is where its `.wasm` is by default. Each keeps
 * its own instances.
 */
export const artifactOf = (glue, wasmUrl) => ({ glue, wasmUrl, byUrl: new Map(), byObject: new WeakMap() });

const compiler = artifactOf(() => import('../dist/realtime-companion-core.mjs'),
  new URL('../dist/realtime-companion-core.wasm', import.meta.url));
const browserCore = artifactOf(null, new URL('../dist/realtime-companion-browser.wasm', import.meta.url));

/**
 * The compiler artifact (everything), compiled and instantiated. `wasm`
 * overrides where its `.wasm` comes from: a URL or string (fetched), bytes, a
 * Response, or a compiled WebAssembly.Module.
 * @param {URL | string | ArrayBuffer | ArrayBufferView | Response | WebAssembly.Module} [wasm]
 */
export function loadCore(wasm) {
  return loadArtifact(compiler, wasm);
}

/** The browser core: what a page on a compiled tool set needs, and nothing else. */
export function loadBrowserCore(wasm) {
  return loadArtifact(browserCore, wasm);
}

// One instance per artifact and source, the default included: a companion, compileSchema and
// lintTools given the same `wasm` share one fetch, one compile and one instance. URLs are keyed
// by their text; bytes, a Response or a WebAssembly.Module by identity (and dropped with them).
export function loadArtifact(artifact, wasm = artifact.wasmUrl) {
  let cache;
  let key;
  let source = wasm;
  try {
    if (typeof wasm === 'string' || wasm instanceof URL) {
      source = resolveUrl(wasm);
      [cache, key] = [artifact.byUrl, source.href];
    } else if (wasm !== null && typeof wasm === 'object') {
      [cache, key] = [artifact.byObject, wasm];
    }
  } catch (error) {
    return Promise.reject(error);
  }
  if (!cache) return instantiateCore(artifact, source); // not a source at all: instantiate() says why
  let core = cache.get(key);
  if (core === undefined) {
    core = instantiateCore(artifact, source).catch((error) => {
      if (cache.get(key) === core) cache.delete(key); // a failed load must not stick: the next call tries again
      throw error;
    });
    cache.set(key, core);
  }
  return core;
}

function resolveUrl(url) {
  try {
    return new URL(String(url), typeof location !== 'undefined' ? location.href : undefined);
  } catch {
    throw new TypeError(`realtime-companion: wasm ${JSON.stringify(String(url))} is not a URL (in Node, pass an absolute URL, the bytes or a WebAssembly.Module)`);
  }
}

async function instantiateCore(artifact, wasm) {
  if (!artifact.glue) return instantiateStandalone((imports) => instantiate(wasm, imports));
  const { default: createModule } = await artifact.glue();
  return new Promise((resolve, reject) => {
    createModule({
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
  if (!(source instanceof URL)) {
    throw new TypeError('realtime-companion: wasm must be a URL, a string, bytes, a Response or a WebAssembly.Module');
  }
  if (source.protocol === 'file:') return WebAssembly.instantiate(await readWasmFile(source), imports);
  const response = await fetch(source);
  if (!response.ok) throw new Error(`realtime-companion: could not load ${source.href} (HTTP ${response.status})`);
  return instantiateResponse(response, imports);
}

async function instantiateResponse(response, imports) {
  if (WebAssembly.instantiateStreaming && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.instantiateStreaming(response, imports);
  }
  // Servers that send another MIME type: compile from bytes instead.
  return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}

async function readWasmFile(url) {
  const { bytes } = await readLocalFile(url, {
    noFileSystem: () => new Error('realtime-companion: reading the .wasm from a file needs Node.js >= 20.16'),
  });
  return bytes;
}
