// createCompanion's options, checked before anything is loaded: a mistake is a
// CompanionConfigError at set-up, never at the first tool call or the first key.
import { CompanionConfigError } from '../common/errors.js';
import { refuseUnknownOptions } from '../common/option-names.js';
import { httpUrl, isHttp } from './http-url.js';
import { splitPageFunctions } from './page-tools.js';

/** Every option createCompanion reads (CompanionOptions in index.d.ts): the names destructured below. */
const OPTION_NAMES = Object.freeze([
  'tools', 'toolSet', 'baseUrl', 'fetch', 'headers', 'defaults', 'maxArgumentBytes', 'wasm', 'keyEndpoint', 'keys', 'keysWasm',
  'validation', 'execute', 'approve', 'onEvent',
]);

/**
 * The options as createCompanion uses them: the tools (with the page's functions split out of raw
 * tools), fetch, the base URL and the key endpoint resolved.
 */
export function readCompanionOptions(options) {
  if (options === null || typeof options !== 'object') throw new CompanionConfigError('options must be an object');
  refuseUnknownOptions(options, OPTION_NAMES, 'createCompanion', CompanionConfigError);
  const { tools: toolsOption, toolSet, baseUrl, fetch: fetchOption, headers, keyEndpoint, keys, keysWasm, approve } = options;
  const tools = toolsOption ?? (toolSet === undefined ? [] : undefined);
  if (approve !== undefined && typeof approve !== 'function') throw new CompanionConfigError('approve must be a function: (call) => boolean | Promise<boolean>');
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') throw new CompanionConfigError('onEvent must be a function: (event) => void');
  // The page's functions leave the tools here: the compiler reads JSON, where they are marks.
  const split = Array.isArray(tools) ? splitPageFunctions(tools) : undefined;
  if (headers !== undefined && typeof headers !== 'function' && (headers === null || typeof headers !== 'object')) {
    throw new CompanionConfigError('headers must be an object or a function returning one');
  }
  const fetchImpl = fetchOption ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchImpl !== 'function') throw new CompanionConfigError('no fetch: pass options.fetch');
  const base = resolveBaseUrl(baseUrl);
  // `keys` tunes the key lifecycle, which only keyEndpoint starts: alone it would be ignored.
  if (keys !== undefined && keyEndpoint === undefined) throw new CompanionConfigError('keys applies to keys fetched from keyEndpoint: give keyEndpoint too, or remove keys');
  const keyUrl = keyEndpoint === undefined ? undefined : resolveKeyEndpoint(keyEndpoint, base);
  checkWasmSource(keysWasm, 'keysWasm');
  return { tools, split, fetchImpl, base, keyUrl };
}

/** `keysWasm` takes what load-core.js loads: a mistake is caught here, at set-up, not at the first key. */
function checkWasmSource(source, name) {
  if (source === undefined || typeof source === 'string' || source instanceof URL || source instanceof ArrayBuffer
    || ArrayBuffer.isView(source) || (typeof Response !== 'undefined' && source instanceof Response)
    || source instanceof WebAssembly.Module) return;
  throw new CompanionConfigError(`${name} must be a URL, a string, bytes, a Response or a WebAssembly.Module`);
}

function resolveBaseUrl(baseUrl) {
  const fallback = globalThis.location?.origin;
  if (baseUrl === undefined && !fallback) {
    throw new CompanionConfigError('baseUrl is required where the page has no origin (e.g. in Node)');
  }
  let url;
  try {
    url = new URL(baseUrl ?? fallback, globalThis.location?.href);
  } catch {
    throw new CompanionConfigError(`baseUrl ${JSON.stringify(String(baseUrl))} is not a URL`);
  }
  if (!isHttp(url)) throw new CompanionConfigError('baseUrl must be an http(s) URL');
  if (url.username || url.password || url.search || url.hash) {
    throw new CompanionConfigError('baseUrl may not hold credentials, a query or a fragment');
  }
  return url;
}

function resolveKeyEndpoint(keyEndpoint, base) {
  if (!(keyEndpoint instanceof URL) && (typeof keyEndpoint !== 'string' || keyEndpoint.trim() === '')) {
    throw new CompanionConfigError('keyEndpoint must be a URL or a path (a string such as /ephemeral-key)');
  }
  const url = httpUrl(keyEndpoint, base);
  if (url) return url;
  throw new CompanionConfigError(`keyEndpoint ${JSON.stringify(String(keyEndpoint))} is not an http(s) URL or path`);
}
