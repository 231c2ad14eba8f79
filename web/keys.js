// The key piece's JavaScript (docs/ARCHITECTURE.md): the key lifecycle, the key-shape check, and
// the URL of their WebAssembly module (dist/realtime-companion-keys.wasm, standalone: no glue). Only web/key-piece.js
// imports this file, with import(), so that a bundler puts it in a chunk of its own: a page that
// never uses keys never downloads it.
import { checkKey } from './key-check.js';
import { createKeyLifecycle } from './key-lifecycle.js';
import { keyRefusalOf } from './key-refusal.js';
import { artifactOf, loadArtifact } from '../common/load-core.js';

const keyPiece = artifactOf(null, new URL('../dist/realtime-companion-keys.wasm', import.meta.url));

/**
 * The key piece, compiled and instantiated (once per source, as the other artifacts): its module,
 * a key lifecycle on it, and its key check (bare, and as attach's refusal). `wasm` as createCompanion's `keysWasm`.
 */
export async function loadKeys(wasm) {
  const module = await loadArtifact(keyPiece, wasm);
  return {
    module,
    /** @param {Parameters<typeof createKeyLifecycle>[1]} config */
    createKeyLifecycle: (config) => createKeyLifecycle(module, config),
    /** Why `key` must not be handed to DeepChat, or null (web/key-check.js). */
    checkKey: (key, nowMs) => checkKey(module, key, nowMs),
    /**
     * Why attach refuses `key` from a page's key function, or null: [reason, message,
     * EphemeralKeyError]. Accepts a string, `{ value, expires_at, model? }` or `{ value, expiresAt, model? }`.
     */
    refuseKey: (key, nowMs) => keyRefusalOf(checkKey(module, key, nowMs)),
  };
}
