/**
 * `supervise` (createRealtimeCallHandler): how the server holds the calls it starts. Validated at
 * creation like every other option; messages name the option, never a value.
 * @module
 */

export const SUPERVISE_DEFAULTS = Object.freeze({
  /** Put a changed session back (`restore`) or end the call (`hangup`). */
  onTamper: 'restore',
  /** The sideband could not be opened, or dropped: end the call (`hangup`, fail closed) or let it go on unsupervised (`continue`). */
  onSidebandFailure: 'hangup',
  /** The longest a call may run (OpenAI's own limit is 60 minutes); 0 for OpenAI's. */
  maxCallSeconds: 1800,
  /** Hang up after this long without the person speaking or the model responding; 0 for never. */
  idleSeconds: 300,
  /** Hang up once the call's responses have used more tokens than this; 0 for no limit. */
  maxTokens: 0,
  /** How long the sideband's opening handshake may take. */
  connectTimeoutMs: 5000,
});

const ENUMS = { onTamper: ['restore', 'hangup'], onSidebandFailure: ['hangup', 'continue'] };
const LIMITS = { maxCallSeconds: 3600, idleSeconds: 3600, maxTokens: 1e9, connectTimeoutMs: 60000 };

/**
 * @param {unknown} supervise `true` / undefined (the defaults), `false` (no supervision) or an object
 * @param {string} name the factory, for messages
 * @returns {null | Readonly<typeof SUPERVISE_DEFAULTS>}
 */
export function resolveSuperviseOptions(supervise, name) {
  if (supervise === false) return null;
  if (supervise === undefined || supervise === true) return SUPERVISE_DEFAULTS;
  if (supervise === null || typeof supervise !== 'object' || Array.isArray(supervise)) {
    throw new TypeError(`${name}: \`supervise\` must be true, false or an object`);
  }
  for (const key of Object.keys(supervise)) {
    if (!Object.hasOwn(SUPERVISE_DEFAULTS, key)) throw new TypeError(`${name}: \`supervise.${key}\` is not an option (${Object.keys(SUPERVISE_DEFAULTS).join(', ')})`);
  }
  const resolved = { ...SUPERVISE_DEFAULTS, ...supervise };
  for (const [key, values] of Object.entries(ENUMS)) {
    if (!values.includes(resolved[key])) throw new TypeError(`${name}: \`supervise.${key}\` must be ${values.map((v) => `'${v}'`).join(' or ')}`);
  }
  for (const [key, max] of Object.entries(LIMITS)) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
      throw new RangeError(`${name}: \`supervise.${key}\` must be a number from 0 to ${max}`);
    }
  }
  if (resolved.connectTimeoutMs < 100) throw new RangeError(`${name}: \`supervise.connectTimeoutMs\` must be at least 100`);
  return Object.freeze(resolved);
}
