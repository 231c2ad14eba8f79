// The key piece (docs/ARCHITECTURE.md): the key manager and the key-shape rule, in a WebAssembly
// module of their own with their JavaScript (web/keys.js), imported the first time a page uses
// keys. The dynamic import() is what makes a bundler split them into a chunk of their own: a page
// without keys (the unified interface, or no voice at all) never downloads them, and a key page
// starts loading them when it names its key endpoint or key function, not on its way to the
// first tool call.
import { EphemeralKeyError } from './key-error.js';
import { cutText } from '../common/cut-text.js';

const byText = new Map(); // the key piece by the text of its source (undefined: the package's own file)
const byObject = new WeakMap(); // by its bytes, Response or WebAssembly.Module
const sources = new WeakMap(); // a companion -> its keysWasm option

const remembered = (wasm) => (wasm !== null && typeof wasm === 'object' && !(wasm instanceof URL) ? byObject : byText);
const textOf = (wasm) => (wasm === undefined ? '' : String(wasm));

/**
 * The key piece, loaded from `wasm` (createCompanion's `keysWasm`; undefined: the file next to
 * this package): `{ module, createKeyLifecycle(config), checkKey(key, nowMs) }`. Fails closed: any
 * failure (the chunk, the .wasm, its compile) rejects with one EphemeralKeyError, `keys_unavailable`,
 * and does not stick: the next call tries again.
 */
export async function loadKeyPiece(wasm) {
  const known = loadedKeyPiece(wasm);
  if (known) return known;
  let piece;
  try {
    const { loadKeys } = await import('./keys.js');
    piece = await loadKeys(wasm);
  } catch (error) {
    throw keysUnavailable(error);
  }
  const map = remembered(wasm);
  map.set(map === byText ? textOf(wasm) : wasm, piece);
  return piece;
}

/** The key piece if it is already loaded from `wasm`, else undefined (nothing is started). */
export function loadedKeyPiece(wasm) {
  const map = remembered(wasm);
  return map.get(map === byText ? textOf(wasm) : wasm);
}

/** createCompanion tells which key piece its companion uses, so that attach's key check uses it too. */
export function rememberKeySource(companion, wasm) {
  if (wasm !== undefined) sources.set(companion, wasm);
}
/** The `keysWasm` of the companion (undefined: the package's own file, or not a companion). */
export const keySourceOf = (companion) => sources.get(companion);

/** The refusal of every key when the key piece could not be loaded (or started), saying why. */
export function keysUnavailable(error) {
  return new EphemeralKeyError({
    error: 'keys_unavailable',
    message: 'the key manager could not be loaded, so no key is fetched or used',
    detail: reasonOf(error),
  });
}

function reasonOf(error) {
  try {
    return cutText(String(error?.message ?? error).replace(/^realtime-companion: /, ''), 300);
  } catch {
    return 'an error that cannot be described';
  }
}
