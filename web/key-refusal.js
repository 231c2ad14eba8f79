// Why attach does not hand a key from the page's key function to DeepChat. The rule is the key
// piece's (web/key-check.js); this names its refusals as attach's `key_refused` event does.

const REASON_BY_CODE = Object.freeze({ master_key_refused: 'master_key', key_expired_on_arrival: 'expired' });

/**
 * Why a key is not handed to DeepChat, or null: [reason, message, EphemeralKeyError]. Accepts a string,
 * `{ value, expires_at, model? }` or `{ value, expiresAt, model? }`.
 */
export function refuseKey(keyPiece, key, nowMs) {
  const error = keyPiece.checkKey(key, nowMs);
  if (error === null) return null;
  return [REASON_BY_CODE[error.code] ?? 'not_a_key', error.message, error];
}
