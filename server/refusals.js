/**
 * Every answer the handler gives other than a key, in one table: the HTTP status, the error code
 * the browser sees, the audit event, and a message that names no secret. One funnel
 * (`sendRefusal` in `respond.js`) turns a code into a response, so no path can improvise a body
 * that leaks something.
 * @module
 */

/** @type {Record<string, { status: number, event: string, message: string }>} */
export const REFUSALS = {
  /** The method is not GET or POST (or not in `methods`; the offer handler takes POST only). */
  method_not_allowed: { status: 405, event: 'refused', message: 'Method not allowed.' },
  /** The `Origin` header names a site outside `allowedOrigins`. */
  origin_not_allowed: { status: 403, event: 'refused', message: 'This origin may not use this endpoint.' },
  /** No `Origin`, and `Sec-Fetch-Site` says the request comes from another site. */
  cross_site: { status: 403, event: 'refused', message: 'Cross-site requests may not use this endpoint.' },
  /** The anti-CSRF header is missing: the request may come from a form, image or script tag. */
  csrf_header_missing: { status: 403, event: 'refused', message: 'Missing anti-CSRF request header.' },
  /** `authorize(req)` returned a falsy value. */
  unauthorized: { status: 401, event: 'refused', message: 'Not signed in or not allowed.' },
  /** `authorize(req)` threw. */
  authorize_failed: { status: 500, event: 'refused', message: 'Authorization check failed.' },
  /** `authorize(req)` did not settle within `hookTimeoutMs`; whatever it does later is ignored. */
  authorize_timeout: { status: 503, event: 'refused', message: 'Authorization check did not answer in time; retry later.' },
  /** The client's token bucket is empty; `Retry-After` says when the next key (or call) may be had. */
  rate_limited: { status: 429, event: 'rate_limited', message: 'Too many requests; retry later.' },
  /** Offer handler: the body is not an SDP offer, or not sent as `application/sdp`. */
  offer_invalid: { status: 400, event: 'refused', message: 'The request body must be an SDP offer (application/sdp).' },
  /** Offer handler: the body is larger than any SDP offer (64 KiB). */
  offer_too_large: { status: 413, event: 'refused', message: 'The SDP offer is too large.' },
  /**
   * The rate-limit store (Redis) could not be reached, failed, or did not answer within
   * `hookTimeoutMs`: fail closed rather than mint unlimited keys. The record's `detail` says why.
   */
  rate_limit_unavailable: { status: 503, event: 'refused', message: 'Rate limiter unavailable; retry later.' },
  /** Offer handler with `supervise.budget`: the client has spent its tokens or call seconds for now; `Retry-After` says when it has one again. */
  budget_exhausted: { status: 429, event: 'rate_limited', message: 'The call budget for this account is spent for now; retry later.' },
  /** The budget's store failed or did not answer: fail closed rather than start calls nobody can count. */
  budget_unavailable: { status: 503, event: 'refused', message: 'Call budget unavailable; retry later.' },
  /** OpenAI did not answer in `timeoutMs`. */
  upstream_timeout: { status: 504, event: 'upstream_error', message: 'OpenAI did not answer in time.' },
  /**
   * OpenAI answered with a 4xx/5xx status, or the connection failed. With a status, the body also
   * has `upstream_status` and `upstream_code`, and a message composed from that code
   * (`openai-error-codes.js`) replaces this one, which is for a connection that failed.
   */
  upstream_error: { status: 502, event: 'upstream_error', message: 'OpenAI refused or failed.' },
  /** OpenAI answered 2xx with something that is not a key (or not an SDP answer). */
  upstream_malformed: { status: 502, event: 'upstream_error', message: 'OpenAI gave an unexpected answer.' },
  /** A bug in this handler; the request is refused rather than answered half-way. */
  internal_error: { status: 500, event: 'refused', message: 'Internal error.' },
};
