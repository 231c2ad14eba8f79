// Why attach does not hand a key from the page's key function to DeepChat: the key piece's check
// (web/key-check.js) as attach's `key_refused` event names it. Part of the key piece (web/keys.js),
// which attach has loaded before any key is checked.

const REASON_BY_CODE = Object.freeze({ master_key_refused: 'master_key', key_expired_on_arrival: 'expired' });

/**
 * The refusal for checkKey's verdict: null (the key may be used), or [reason, message, EphemeralKeyError].
 * @param {import('./key-error.js').EphemeralKeyError | null} error
 */
export function keyRefusalOf(error) {
  if (error === null) return null;
  return [REASON_BY_CODE[error.code] ?? 'not_a_key', error.message, error];
}
