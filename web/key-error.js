// The error every key failure rejects with. It lives apart from the key piece (web/keys.js) so
// that a page can name it, and a key piece that could not load can be refused with it.

/** A failure to get an ephemeral key. `code` is the core's KeyError name (KeyErrorCode in index.d.ts). */
export class EphemeralKeyError extends Error {
  constructor({ error, message, httpStatus, detail }) {
    super(`realtime-companion: ${message}${detail ? ` (${detail})` : ''}`);
    this.name = 'EphemeralKeyError';
    this.code = error;
    this.httpStatus = httpStatus || undefined;
  }
}
