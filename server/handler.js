import { resolveOptions } from './options.js';
import { applyCors, checkBrowserAccess } from './access.js';
import { buildRequestBody, mintKey, MintError } from './upstream.js';
import { emit, keyId, sessionSummary } from './audit.js';
import { sendKey, sendRefusal } from './respond.js';
import { REFUSALS } from './refusals.js';
import { addressKey } from './client-key.js';

/**
 * The client's network address: the socket's peer, or with `trustProxy` the address the (one,
 * trusted) reverse proxy appended last to `X-Forwarded-For`; earlier entries are client-supplied.
 * @param {import('node:http').IncomingMessage} req
 * @param {boolean} trustProxy
 */
function clientAddress(req, trustProxy) {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for'];
    const last = typeof xff === 'string' ? xff.split(',').pop().trim() : '';
    if (last) return last;
  }
  return req.socket?.remoteAddress ?? 'unknown';
}

/**
 * Creates the handler behind `GET|POST /ephemeral-key`. It answers `{ value, expires_at }` (a key
 * minted with the server's own model, voice, instructions and tools) or a refusal, and writes one
 * audit record per request. Works as a `node:http` request listener and as express middleware
 * (it never calls `next`, and ignores any request body).
 *
 * Order of checks: method → Origin / Sec-Fetch-Site → anti-CSRF header → `authorize` → rate
 * limit → OpenAI. The cheap, anonymous checks come first; the rate limit needs the client id
 * that `authorize` returns.
 * @param {import('./index.js').EphemeralKeyHandlerOptions} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function createEphemeralKeyHandler(options) {
  const o = resolveOptions(options);
  const summary = sessionSummary({ api: o.api, ...o.session, expiresAfterSeconds: o.expiresAfterSeconds });
  const body = buildRequestBody(o.api, o.session, o.expiresAfterSeconds);
  const allow = o.policy.methods.join(', ');

  return async function ephemeralKeyHandler(req, res) {
    const started = o.now();
    const record = {
      time: new Date(started).toISOString(),
      event: 'refused',
      reason: null,
      status: 0,
      client_id: null,
      origin: typeof req.headers.origin === 'string' ? req.headers.origin : null,
      method: req.method,
      session: summary,
      expires_at: null,
      key_id: null,
    };
    const refuse = (code, extra = {}) => {
      sendRefusal(res, code, extra);
      record.event = REFUSALS[code].event;
      record.reason = code;
      record.status = REFUSALS[code].status;
      if (extra.retryAfterSeconds !== undefined) record.retry_after = extra.retryAfterSeconds;
      if (extra.upstreamStatus !== undefined) record.upstream_status = extra.upstreamStatus;
      if (extra.detail !== undefined) record.detail = extra.detail;
    };

    try {
      req.resume?.(); // the body is never used; drain it so keep-alive connections stay usable
      if (applyCors(req, res, o.policy)) return; // a preflight: no decision about a key, no record
      if (!o.policy.methods.includes(req.method)) return refuse('method_not_allowed', { allow });

      const denied = checkBrowserAccess(req, o.policy);
      if (denied) return refuse(denied);

      let clientId = addressKey(clientAddress(req, o.trustProxy)); // IPv6 by /64 (client-key.js)
      if (o.authorize) {
        let who;
        try {
          who = await o.authorize(req);
        } catch {
          return refuse('authorize_failed');
        }
        if (!who) return refuse('unauthorized');
        if (typeof who === 'string' || typeof who === 'number') clientId = String(who);
      }
      record.client_id = clientId;

      if (o.rateLimit) {
        let taken;
        try {
          taken = await o.rateLimit.store.take(clientId, o.rateLimit.limit, o.now());
        } catch {
          return refuse('rate_limit_unavailable', { retryAfterSeconds: 1 });
        }
        if (!taken.allowed) {
          return refuse('rate_limited', { retryAfterSeconds: Math.max(1, Math.ceil(taken.retryAfterMs / 1000)) });
        }
      }

      let key;
      try {
        key = await mintKey({ api: o.api, baseURL: o.baseURL, apiKey: o.apiKey, timeoutMs: o.timeoutMs, body, fetch: o.fetch });
      } catch (err) {
        if (err instanceof MintError) return refuse(err.code, { upstreamStatus: err.upstreamStatus, detail: err.message });
        throw err;
      }
      sendKey(res, key);
      record.event = 'issued';
      record.status = 200;
      record.expires_at = key.expires_at;
      record.key_id = keyId(key.value);
    } catch {
      refuse('internal_error');
    } finally {
      if (record.status !== 0) {
        record.duration_ms = o.now() - started;
        emit(o.audit, Object.freeze(record));
      }
    }
  };
}
