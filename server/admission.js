/**
 * The checks every browser-facing endpoint runs before it spends anything at OpenAI, in one place
 * for the key handler and the WebRTC offer handler, and the audit record each request leaves.
 *
 * Order: CORS preflight → method → Origin / Sec-Fetch-Site → anti-CSRF header → `authorize` →
 * rate limit. The cheap, anonymous checks come first; the rate limit needs the client id that
 * `authorize` returns. Both user-supplied steps (`authorize`, the store's `take`) have a deadline,
 * `hookTimeoutMs`: past it the request is refused with 503 and recorded, whatever the hook does later.
 * @module
 */
import { applyCors, checkBrowserAccess } from './access.js';
import { sendRefusal } from './respond.js';
import { REFUSALS } from './refusals.js';
import { emit } from './audit.js';
import { ipRateLimitKey } from './ip-rate-limit-key.js';
import { settleWithin } from './deadline.js';
import { RedisError } from './resp-client.js';

/**
 * Why a rate-limit store failed, for the record: the built-in Redis store's errors carry a detail
 * that names the cause and no secret; another store's error is not copied (it may hold anything).
 */
const storeFailure = (err) => (err instanceof RedisError ? err.detail : 'the rate-limit store failed');

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
 * One request's audit record and its refusal funnel. `refuse(code, extra)` answers from the table
 * in `refusals.js` and fills the record (OpenAI's error answer, already made safe, as
 * `upstream_error`); `finish()` hands the record to the sink (once, and only if an answer was
 * decided: a preflight leaves none).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ now: () => number, audit: Function }} o
 * @param {object} fields the endpoint's own record fields, with their empty values
 */
export function startRecord(req, res, o, fields) {
  const started = o.now();
  const record = {
    time: new Date(started).toISOString(),
    event: 'refused',
    reason: null,
    status: 0,
    client_id: null,
    origin: typeof req.headers.origin === 'string' ? req.headers.origin : null,
    method: req.method,
    ...fields,
  };
  return {
    record,
    refuse(code, extra = {}) {
      sendRefusal(res, code, extra);
      const refusal = REFUSALS[code] ?? REFUSALS.internal_error;
      record.event = refusal.event;
      record.reason = code;
      record.status = refusal.status;
      if (extra.retryAfterSeconds !== undefined) record.retry_after = extra.retryAfterSeconds;
      if (extra.upstreamStatus !== undefined) record.upstream_status = extra.upstreamStatus;
      if (extra.upstream) {
        const { code: c, type, param, message } = extra.upstream; // already made safe (openai-error.js)
        record.upstream_error = Object.freeze({ code: c, type, param, message });
      }
      if (extra.detail !== undefined) record.detail = extra.detail;
    },
    finish() {
      if (record.status === 0) return;
      record.duration_ms = o.now() - started;
      emit(o.audit, Object.freeze(record));
    },
  };
}

/**
 * Runs the checks. Resolves to the client id when the request may go on, or null when it has
 * been answered (a preflight, or a refusal through `refuse`).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {object} o resolved options (policy, authorize, rateLimit, trustProxy, hookTimeoutMs, now)
 * @param {ReturnType<typeof startRecord>} audit
 * @returns {Promise<string | null>}
 */
export async function admit(req, res, o, { record, refuse }) {
  if (applyCors(req, res, o.policy)) return null; // a preflight: nothing decided, no record
  if (!o.policy.methods.includes(req.method)) {
    refuse('method_not_allowed', { allow: o.policy.methods.join(', ') });
    return null;
  }
  const denied = checkBrowserAccess(req, o.policy);
  if (denied) {
    refuse(denied);
    return null;
  }

  let clientId = ipRateLimitKey(clientAddress(req, o.trustProxy)); // IPv6 by /64 (ip-rate-limit-key.js)
  if (o.authorize) {
    const asked = await settleWithin(() => o.authorize(req), o.hookTimeoutMs);
    if (asked.status === 'timeout') {
      refuse('authorize_timeout', { detail: `authorize did not settle within ${o.hookTimeoutMs} ms` });
      return null;
    }
    if (asked.status === 'rejected') {
      refuse('authorize_failed');
      return null;
    }
    const who = asked.value;
    if (!who) {
      refuse('unauthorized');
      return null;
    }
    if (typeof who === 'string' || typeof who === 'number') clientId = String(who);
  }
  record.client_id = clientId;

  if (o.rateLimit) {
    const taken = await settleWithin(() => o.rateLimit.store.take(clientId, o.rateLimit.limit, o.now()), o.hookTimeoutMs);
    let detail = null;
    if (taken.status === 'timeout') detail = `the rate-limit store did not answer within ${o.hookTimeoutMs} ms`;
    else if (taken.status === 'rejected') detail = storeFailure(taken.reason);
    else if (typeof taken.value?.allowed !== 'boolean') detail = 'the rate-limit store answered no decision';
    if (detail) {
      refuse('rate_limit_unavailable', { retryAfterSeconds: 1, detail });
      return null;
    }
    if (!taken.value.allowed) {
      const retryAfterMs = Number(taken.value.retryAfterMs);
      refuse('rate_limited', { retryAfterSeconds: Number.isFinite(retryAfterMs) ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : 1 });
      return null;
    }
  }
  return clientId;
}
