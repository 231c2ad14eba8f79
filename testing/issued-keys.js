/**
 * The ephemeral keys the REST stand-in has minted, so that the realtime stand-in can tell a key it
 * may open a call with from a made-up or expired one (OpenAI answers those 401 at `/calls`).
 */
import { newId } from './ids.js';

/** @param {() => number} now the stand-in's clock, in ms (a fake clock for expiry tests). */
export function createIssuedKeys(now) {
  /** @type {Map<string, { expires_at: number, session: object }>} */
  const issued = new Map();
  return {
    issued,
    /** Mints a key for `session` that expires `seconds` from now: `{ value: 'ek_…', expires_at }`. */
    issue(session, seconds) {
      const value = newId('ek', 16);
      const expires_at = Math.floor(now() / 1000) + seconds;
      issued.set(value, { expires_at, session });
      return { value, expires_at };
    },
    /** Whether `key` was issued here and has not expired at `nowMs`. */
    isValid(key, nowMs = now()) {
      const k = issued.get(key);
      return k !== undefined && k.expires_at * 1000 > nowMs;
    },
  };
}
