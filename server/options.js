import { normalizeOrigin } from './access.js';
import { createMemoryRateLimitStore } from './memory-store.js';
import { stdoutAuditSink } from './audit.js';

/** OpenAI's bounds for `expires_after.seconds` on `client_secrets`. */
export const EXPIRES_AFTER_MIN = 10;
export const EXPIRES_AFTER_MAX = 7200;

/** The defaults, in one place (documented in `index.d.ts` and `docs/server.md`). */
export const DEFAULTS = Object.freeze({
  baseURL: 'https://api.openai.com/v1',
  api: 'client_secrets',
  modelFor: { client_secrets: 'gpt-realtime', sessions: 'gpt-4o-realtime-preview' },
  expiresAfterSeconds: 60,
  csrfHeader: 'x-requested-with',
  methods: ['GET', 'POST'],
  rateLimit: { perMinute: 6, burst: 3 },
  timeoutMs: 10000,
});

function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Validates the options once, at start-up, so a misconfigured server fails when it boots rather
 * than on a user's first click. Error messages name the option, never its value.
 * @param {import('./index.js').EphemeralKeyHandlerOptions} options
 */
export function resolveOptions(options = {}) {
  const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY;
  if (typeof apiKey !== 'string' || apiKey.length === 0) {
    throw new TypeError('createEphemeralKeyHandler: no API key (set OPENAI_API_KEY or pass `apiKey`)');
  }
  const baseURL = options.baseURL ?? process.env.OPENAI_BASE_URL ?? DEFAULTS.baseURL;
  try {
    const u = new URL(baseURL);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
  } catch {
    throw new TypeError('createEphemeralKeyHandler: `baseURL` is not an http(s) URL');
  }

  const api = options.api ?? DEFAULTS.api;
  if (api !== 'client_secrets' && api !== 'sessions') {
    throw new TypeError("createEphemeralKeyHandler: `api` must be 'client_secrets' or 'sessions'");
  }
  const expiresAfterSeconds = options.expiresAfterSeconds ?? DEFAULTS.expiresAfterSeconds;
  if (!Number.isInteger(expiresAfterSeconds) || expiresAfterSeconds < EXPIRES_AFTER_MIN || expiresAfterSeconds > EXPIRES_AFTER_MAX) {
    throw new RangeError(`createEphemeralKeyHandler: \`expiresAfterSeconds\` must be an integer in ${EXPIRES_AFTER_MIN}-${EXPIRES_AFTER_MAX}`);
  }
  if (api === 'sessions' && options.expiresAfterSeconds !== undefined) {
    throw new TypeError("createEphemeralKeyHandler: the beta 'sessions' endpoint has a fixed expiry; drop `expiresAfterSeconds`");
  }

  if (!Array.isArray(options.allowedOrigins) || options.allowedOrigins.length === 0) {
    throw new TypeError('createEphemeralKeyHandler: `allowedOrigins` must list the origins of the pages allowed to ask for keys');
  }
  const allowedOrigins = new Set();
  for (const o of options.allowedOrigins) {
    const n = normalizeOrigin(o);
    if (!n) throw new TypeError('createEphemeralKeyHandler: an entry of `allowedOrigins` is not an http(s) origin');
    allowedOrigins.add(n);
  }

  const csrfHeader = options.csrfHeader === undefined ? DEFAULTS.csrfHeader : options.csrfHeader;
  if (csrfHeader !== false && (typeof csrfHeader !== 'string' || !/^[a-z0-9-]+$/i.test(csrfHeader))) {
    throw new TypeError('createEphemeralKeyHandler: `csrfHeader` must be a header name or false');
  }
  const methods = (options.methods ?? DEFAULTS.methods).map((m) => String(m).toUpperCase());
  if (methods.length === 0 || methods.some((m) => m !== 'GET' && m !== 'POST')) {
    throw new TypeError('createEphemeralKeyHandler: `methods` may hold GET and/or POST');
  }
  if (options.authorize !== undefined && typeof options.authorize !== 'function') {
    throw new TypeError('createEphemeralKeyHandler: `authorize` must be a function');
  }

  let rateLimit = null;
  if (options.rateLimit !== false) {
    const r = { ...DEFAULTS.rateLimit, ...options.rateLimit };
    if (!(r.perMinute > 0) || !Number.isInteger(r.burst) || r.burst < 1) {
      throw new RangeError('createEphemeralKeyHandler: `rateLimit` needs perMinute > 0 and an integer burst >= 1');
    }
    rateLimit = { limit: { perMinute: r.perMinute, burst: r.burst }, store: r.store ?? createMemoryRateLimitStore() };
  }

  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  if (!(timeoutMs > 0)) throw new RangeError('createEphemeralKeyHandler: `timeoutMs` must be > 0');

  const session = deepFreeze(structuredClone({
    model: options.model ?? DEFAULTS.modelFor[api],
    voice: options.voice,
    instructions: options.instructions,
    tools: options.tools,
    extra: options.session,
  }));

  return Object.freeze({
    apiKey,
    baseURL,
    api,
    expiresAfterSeconds,
    session,
    policy: Object.freeze({ allowedOrigins, csrfHeader: csrfHeader && csrfHeader.toLowerCase(), methods }),
    authorize: options.authorize,
    trustProxy: options.trustProxy === true,
    rateLimit,
    audit: options.audit ?? stdoutAuditSink,
    timeoutMs,
    now: options.now ?? Date.now,
    fetch: options.fetch ?? globalThis.fetch,
  });
}
