// The one key-shape rule of the core (src/keys/key_shape.hpp), for keys that do
// not come through the key lifecycle: attach checks what a page's own key
// function returns with it, so a page never has a second, weaker copy. Part of
// the key piece (web/keys.js): `module` is its loaded WebAssembly module.
import { EphemeralKeyError } from './key-error.js';
import { checkKeyShape } from './core-keys.js';
import { wireOf } from '../common/marshal.js';

/**
 * Why `key` must not be handed to DeepChat, or null. `key` is a string, OpenAI's `{ value, expires_at }`
 * or fetchKey's `{ value, expiresAt }` (epoch seconds; checked against `nowMs`).
 * @returns {EphemeralKeyError | null}
 */
export function checkKey(module, key, nowMs) {
  const object = typeof key === 'object' && key !== null;
  const value = object ? key.value : key;
  if (typeof value !== 'string') return refusal('invalid_key_response', 'the key function returned no key string');
  const expires = object ? key.expires_at ?? key.expiresAt : undefined;
  if (expires !== undefined && expires !== null && typeof expires !== 'number') {
    return refusal('invalid_key_response', 'expires_at must be a number (epoch seconds)');
  }
  // Cut before the copy into WebAssembly memory; a longer value is refused as too long all the same.
  const cut = value.slice(0, wireOf(module).constants.maxKeyLength + 1);
  const verdict = checkKeyShape(module, cut, typeof expires === 'number' ? expires : NaN, nowMs);
  return verdict.error === 'none' ? null : new EphemeralKeyError(verdict);
}

const refusal = (error, message) => new EphemeralKeyError({ error, message });
