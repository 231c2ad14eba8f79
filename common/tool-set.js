// The two ways a companion gets its tools: a compiled tool set (bytes, a URL
// or a Response; the browser core alone reads it), or raw `tools`, compiled
// here by the compiler artifact, which is then imported on first use.
import { loadBrowserCore, loadCore } from './load-core.js';
import { CompanionConfigError } from './errors.js';
import { jsonText } from './json-text.js';
import { readToolSet } from './tool-set-source.js';
import { construct } from './wire.js';

const limits = new WeakMap();

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
  const [module, bytes] = await Promise.all([loadBrowserCore(wasm), readToolSet(toolSet, fetch)]);
  return { module, bytes };
}

/**
 * Compiles { tools, validation } with the compiler artifact into { bytes, hash } (hash: the set's
 * SHA-256, hex); refusals throw CompanionConfigError.
 */
export function compileWith(module, source) {
  const text = jsonText(source, 'the tools', toolSetLimits(module).jsonDepth);
  if (text === undefined) throw new CompanionConfigError('tools must be JSON');
  const compiled = construct(module, 'ToolSetCompilation', text);
  try {
    // slice(): a copy, since the view is into WASM memory, which may grow.
    return { bytes: compiled.bytes().slice(), hash: compiled.hash() };
  } finally {
    compiled.delete();
  }
}

/**
 * The compiler's table of tool set limits (src/router/tool_set_limits.hpp), { name: value }: what
 * every set it writes keeps, and every browser core checks.
 * @returns {Record<string, number>}
 */
export function toolSetLimits(module) {
  let table = limits.get(module);
  if (!table) {
    table = Object.freeze(JSON.parse(module.toolSetLimits()));
    limits.set(module, table);
  }
  return table;
}
