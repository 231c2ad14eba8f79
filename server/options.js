import { normalizeOrigin } from './access.js';
import { createMemoryRateLimitStore } from './memory-store.js';
import { stdoutAuditSink } from './audit.js';
import { betaFieldsIn, BETA_SESSION_FIELDS, MODEL_NAME } from '../common/realtime-ga.js';
import { MAX_KEY_LIFETIME_SECONDS } from './key-shape.js';
import { refuseUnknownOptions } from '../common/option-names.js';
import { deepFreeze } from '../common/deep-freeze.js';

/** OpenAI's bounds for `expires_after.seconds` on `client_secrets`. */
export const EXPIRES_AFTER_MIN = 10;
export const EXPIRES_AFTER_MAX = MAX_KEY_LIFETIME_SECONDS;

/** The defaults, in one place (documented in `index.d.ts` and `docs/server.md`). */
export const DEFAULTS = Object.freeze({
  baseURL: 'https://api.openai.com/v1',
  model: 'gpt-realtime',
  expiresAfterSeconds: 60,
  csrfHeader: 'x-requested-with',
  methods: ['GET', 'POST'],
  rateLimit: { perMinute: 6, burst: 3 },
  timeoutMs: 10000,
  hookTimeoutMs: 5000,
});

/** The longest timer Node keeps (ms); a larger delay fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The names resolveCommonOptions reads as `options.…` besides those in DEFAULTS (RealtimeServerOptions
 * in index.d.ts; a test holds the three together). The key handler's own are in DEFAULTS too.
 */
export const COMMON_OPTION_NAMES = Object.freeze([
  'apiKey', 'api', 'session', 'allowedOrigins', 'authorize', 'voice', 'instructions', 'tools', 'trustProxy', 'audit', 'now', 'fetch',
  ...Object.keys(DEFAULTS).filter((n) => n !== 'expiresAfterSeconds' && n !== 'methods'),
]);

/**
 * The options both handlers share (the master key, OpenAI's address, the fixed session, who may
 * ask, the rate limit, the audit sink), validated once at start-up so that a misconfigured server
 * fails when it boots rather than on a user's first click. Messages name the option, never its value.
 * @param {string} name the factory, for messages
 * @param {object} options
 * @param {string[]} ownNames the options only this factory reads (an unknown name is refused)
 */
function resolveCommonOptions(name, options, ownNames) {
  const fail = (Type, message) => {
    throw new Type(`${name}: ${message}`);
  };
  refuseUnknownOptions(options, [...COMMON_OPTION_NAMES, ...ownNames], name);
  const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY;
  if (typeof apiKey !== 'string' || apiKey.length === 0) fail(TypeError, 'no API key (set OPENAI_API_KEY or pass `apiKey`)');
  const baseURL = options.baseURL ?? process.env.OPENAI_BASE_URL ?? DEFAULTS.baseURL;
  try {
    const u = new URL(baseURL);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error();
  } catch {
    fail(TypeError, '`baseURL` is not an http(s) URL');
  }

  if (options.api === 'sessions') {
    fail(TypeError, "`api: 'sessions'` is OpenAI's beta Realtime interface, which OpenAI switched off on 2026-05-12; remove `api` (keys come from /v1/realtime/client_secrets)");
  }
  if (options.api !== undefined && options.api !== 'client_secrets') fail(TypeError, "`api` may only be 'client_secrets' (the default); remove it");

  const model = options.model ?? DEFAULTS.model;
  if (typeof model !== 'string' || !MODEL_NAME.test(model)) fail(TypeError, '`model` must be a model name such as gpt-realtime');
  if (options.session !== undefined && (options.session === null || typeof options.session !== 'object' || Array.isArray(options.session))) {
    fail(TypeError, '`session` must be an object of GA session fields');
  }
  const beta = betaFieldsIn(options.session);
  if (beta.length > 0) {
    const hints = beta.map((f) => `${f} → ${BETA_SESSION_FIELDS[f] ?? '(no GA equivalent)'}`);
    fail(TypeError, `\`session\` holds beta field names that OpenAI refuses since 2026-05-12: ${hints.join(', ')}`);
  }
  for (const fixed of ['type', 'model', 'instructions', 'tools']) {
    if (options.session && Object.hasOwn(options.session, fixed)) fail(TypeError, `set \`${fixed}\` with its own option, not inside \`session\``);
  }

  if (!Array.isArray(options.allowedOrigins) || options.allowedOrigins.length === 0) {
    fail(TypeError, '`allowedOrigins` must list the origins of the pages allowed to call this endpoint');
  }
  const allowedOrigins = new Set();
  for (const o of options.allowedOrigins) {
    const n = normalizeOrigin(o);
    if (!n) fail(TypeError, 'an entry of `allowedOrigins` is not an http(s) origin');
    allowedOrigins.add(n);
  }
  const csrfHeader = options.csrfHeader === undefined ? DEFAULTS.csrfHeader : options.csrfHeader;
  if (csrfHeader !== false && (typeof csrfHeader !== 'string' || !/^[a-z0-9-]+$/i.test(csrfHeader))) {
    fail(TypeError, '`csrfHeader` must be a header name or false');
  }
  if (options.authorize !== undefined && typeof options.authorize !== 'function') fail(TypeError, '`authorize` must be a function');

  let rateLimit = null;
  if (options.rateLimit !== false) {
    refuseUnknownOptions(options.rateLimit, [...Object.keys(DEFAULTS.rateLimit), 'store'], `${name}: \`rateLimit\``);
    const r = { ...DEFAULTS.rateLimit, ...options.rateLimit };
    if (!(r.perMinute > 0) || !Number.isInteger(r.burst) || r.burst < 1) {
      fail(RangeError, '`rateLimit` needs perMinute > 0 and an integer burst >= 1');
    }
    rateLimit = { limit: { perMinute: r.perMinute, burst: r.burst }, store: r.store ?? createMemoryRateLimitStore() };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) fail(RangeError, '`timeoutMs` must be > 0');
  const hookTimeoutMs = options.hookTimeoutMs ?? DEFAULTS.hookTimeoutMs;
  if (typeof hookTimeoutMs !== 'number' || !(hookTimeoutMs > 0 && hookTimeoutMs <= MAX_TIMER_MS)) fail(RangeError, '`hookTimeoutMs` must be a number of ms > 0');

  const session = deepFreeze(structuredClone({
    model,
    voice: options.voice,
    instructions: options.instructions,
    tools: options.tools,
    extra: options.session,
  }));

  return {
    apiKey,
    baseURL,
    session,
    csrfHeader: csrfHeader && csrfHeader.toLowerCase(),
    allowedOrigins,
    authorize: options.authorize,
    trustProxy: options.trustProxy === true,
    rateLimit,
    audit: options.audit ?? stdoutAuditSink,
    timeoutMs,
    hookTimeoutMs,
    now: options.now ?? Date.now,
    fetch: options.fetch ?? globalThis.fetch,
  };
}

/**
 * `createEphemeralKeyHandler`'s options.
 * @param {import('./index.js').EphemeralKeyHandlerOptions} options
 */
export function resolveOptions(options = {}) {
  const name = 'createEphemeralKeyHandler';
  const common = resolveCommonOptions(name, options ?? {}, ['expiresAfterSeconds', 'methods']);
  const expiresAfterSeconds = options.expiresAfterSeconds ?? DEFAULTS.expiresAfterSeconds;
  if (!Number.isInteger(expiresAfterSeconds) || expiresAfterSeconds < EXPIRES_AFTER_MIN || expiresAfterSeconds > EXPIRES_AFTER_MAX) {
    throw new RangeError(`${name}: \`expiresAfterSeconds\` must be an integer in ${EXPIRES_AFTER_MIN}-${EXPIRES_AFTER_MAX}`);
  }
  const methods = (options.methods ?? DEFAULTS.methods).map((m) => String(m).toUpperCase());
  if (methods.length === 0 || methods.some((m) => m !== 'GET' && m !== 'POST')) {
    throw new TypeError(`${name}: \`methods\` may hold GET and/or POST`);
  }
  const { csrfHeader, allowedOrigins, ...rest } = common;
  return Object.freeze({
    ...rest,
    expiresAfterSeconds,
    policy: Object.freeze({ allowedOrigins, csrfHeader, methods, allowHeaders: csrfHeader ? [csrfHeader] : [] }),
  });
}

/**
 * `createRealtimeCallHandler`'s options: the shared ones; the page's offer comes by POST only.
 * @param {import('./index.js').RealtimeCallHandlerOptions} options
 */
export function resolveCallOptions(options = {}) {
  const name = 'createRealtimeCallHandler';
  // supervise is read (and checked) by the handler itself; the key handler's two are refused below.
  const common = resolveCommonOptions(name, options ?? {}, ['supervise', 'expiresAfterSeconds', 'methods']);
  for (const unused of ['expiresAfterSeconds', 'methods']) {
    if (options[unused] !== undefined) throw new TypeError(`${name}: \`${unused}\` does not apply to WebRTC offers; remove it`);
  }
  const { csrfHeader, allowedOrigins, ...rest } = common;
  return Object.freeze({
    ...rest,
    // application/sdp is not a CORS-safelisted type: a cross-origin page's offer is preflighted.
    policy: Object.freeze({ allowedOrigins, csrfHeader, methods: ['POST'], allowHeaders: ['content-type', ...(csrfHeader ? [csrfHeader] : [])] }),
  });
}
