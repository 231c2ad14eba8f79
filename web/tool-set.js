// The two ways a companion gets its tools: a compiled tool set (bytes, a URL
// or a Response; the browser core alone reads it), or raw `tools`, compiled
// here by the compiler artifact, which is then imported on first use.
import { loadBrowserCore, loadCore } from './load-core.js';
import { CompanionConfigError } from './errors.js';
import { construct } from './wire.js';

// The core refuses larger sets too (src/router/tool_set.hpp); this bound stops the download first.
const MAX_TOOL_SET_BYTES = 4 * 1024 * 1024;

/**
 * The module to build the router on, and the set's bytes.
 * @returns {Promise<{ module: any, bytes: Uint8Array }>}
 */
export async function prepareToolSet({ tools, toolSet, validation, wasm, fetch }) {
  if (toolSet === undefined) {
    if (!Array.isArray(tools)) throw new CompanionConfigError('tools must be an array');
    const module = await loadCore(wasm);
    return { module, bytes: compileWith(module, { tools, ...(validation ? { validation } : {}) }).bytes };
  }
  if (tools !== undefined) throw new CompanionConfigError('pass either tools or toolSet, not both');
  if (validation !== undefined) {
    throw new CompanionConfigError('validation is compiled into the tool set: pass it where the set is compiled');
  }
  const [module, bytes] = await Promise.all([loadBrowserCore(wasm), toolSetBytes(toolSet, fetch)]);
  return { module, bytes };
}

/**
 * Compiles { tools, validation } with the compiler artifact into { bytes, hash } (hash: the set's
 * SHA-256, hex); refusals throw CompanionConfigError.
 */
export function compileWith(module, source) {
  const text = JSON.stringify(source);
  if (text === undefined) throw new CompanionConfigError('tools must be JSON');
  const compiled = construct(module, 'ToolSetCompilation', text);
  try {
    // slice(): a copy, since the view is into WASM memory, which may grow.
    return { bytes: compiled.bytes().slice(), hash: compiled.hash() };
  } finally {
    compiled.delete();
  }
}

async function toolSetBytes(toolSet, fetchImpl) {
  if (toolSet instanceof Uint8Array) return toolSet;
  if (toolSet instanceof ArrayBuffer) return new Uint8Array(toolSet);
  if (ArrayBuffer.isView(toolSet)) return new Uint8Array(toolSet.buffer, toolSet.byteOffset, toolSet.byteLength);
  if (typeof Response !== 'undefined' && toolSet instanceof Response) return responseBytes(toolSet, 'the toolSet response');
  if (typeof toolSet === 'string' || toolSet instanceof URL) {
    let url;
    try {
      url = new URL(String(toolSet), globalThis.location?.href);
    } catch {
      throw new CompanionConfigError(`toolSet ${JSON.stringify(String(toolSet))} is not a URL (in Node, pass an absolute URL or the bytes)`);
    }
    if (url.protocol === 'file:') return readLocalFile(url);
    let response;
    try {
      response = await fetchImpl(url.href);
    } catch (error) {
      throw new CompanionConfigError(`could not load the tool set from ${url.href} (${error?.message ?? error})`);
    }
    return responseBytes(response, url.href);
  }
  throw new CompanionConfigError('toolSet must be bytes (Uint8Array, ArrayBuffer), a URL or a Response');
}

async function responseBytes(response, where) {
  if (!response.ok) throw new CompanionConfigError(`could not load the tool set from ${where} (HTTP ${response.status})`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_TOOL_SET_BYTES) {
    response.body?.cancel().catch(() => {});
    throw new CompanionConfigError(`the tool set at ${where} is larger than ${MAX_TOOL_SET_BYTES} bytes`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_TOOL_SET_BYTES) {
    throw new CompanionConfigError(`the tool set at ${where} is larger than ${MAX_TOOL_SET_BYTES} bytes`);
  }
  return bytes;
}

async function readLocalFile(url) {
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  if (!fs) throw new CompanionConfigError('reading a tool set from a file needs Node.js >= 20.16');
  try {
    return new Uint8Array(await fs.promises.readFile(url));
  } catch (error) {
    throw new CompanionConfigError(`could not read the tool set ${url.href} (${error.code ?? error.message})`);
  }
}
