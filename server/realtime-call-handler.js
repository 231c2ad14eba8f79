import { resolveCallOptions } from './options.js';
import { MintError } from './openai-post.js';
import { createCall, isSdp, MAX_SDP_BYTES } from './upstream-call.js';
import { sessionSummary } from './audit.js';
import { admit, startRecord } from './admission.js';
import { readRequestBody } from './request-body.js';
import { upstreamWithin } from './deadline.js';

/** Whether a request carries an SDP body (`application/sdp`, parameters allowed). */
const isSdpRequest = (req) => /^application\/sdp\s*(;|$)/i.test(String(req.headers['content-type'] ?? ''));

/**
 * Creates the handler behind `POST /realtime/call` (OpenAI's unified interface): the page posts
 * DeepChat's SDP offer here (`attach(chat, { offerEndpoint })`), the server posts it with its fixed
 * session settings and the master key to `/v1/realtime/calls`, and answers `201` with OpenAI's SDP
 * answer. Session settings from the page are never read. Same checks, rate limit and audit as the
 * key handler (`admission.js`); an audit record per request, with the call id, never the SDP.
 * @param {import('./index.js').RealtimeCallHandlerOptions} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function createRealtimeCallHandler(options) {
  const o = resolveCallOptions(options);
  const summary = sessionSummary({ api: 'calls', ...o.session });

  return async function realtimeCallHandler(req, res) {
    const audit = startRecord(req, res, o, { session: summary, call_id: null });
    try {
      if ((await admit(req, res, o, audit)) === null) {
        req.resume?.();
        return;
      }
      if (!isSdpRequest(req)) {
        req.resume?.();
        return audit.refuse('offer_invalid', { detail: 'Content-Type is not application/sdp' });
      }
      const offer = await readRequestBody(req, MAX_SDP_BYTES);
      if (!offer.ok && offer.reason === 'aborted') return; // no one to answer; no record of a request that never arrived
      if (!offer.ok && offer.reason === 'too_large') return audit.refuse('offer_too_large');
      if (!offer.ok || !isSdp(offer.text)) return audit.refuse('offer_invalid', { detail: 'body is not an SDP offer' });

      const created = await upstreamWithin(
        () => createCall({ baseURL: o.baseURL, apiKey: o.apiKey, timeoutMs: o.timeoutMs, sdp: offer.text, session: o.session, fetch: o.fetch }),
        o.timeoutMs,
      );
      if (created.status === 'timeout') return audit.refuse('upstream_timeout', { detail: created.detail });
      if (created.status === 'rejected') {
        const err = created.reason;
        if (err instanceof MintError) {
          return audit.refuse(err.code, { upstreamStatus: err.upstreamStatus, upstream: err.upstream, detail: err.message, attempt: 'call' });
        }
        throw err;
      }
      const call = created.value;
      if (!res.headersSent) {
        res.writeHead(201, { 'Content-Type': 'application/sdp', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        res.end(call.sdp);
      }
      Object.assign(audit.record, { event: 'call_created', status: 201, call_id: call.callId });
    } catch {
      audit.refuse('internal_error');
    } finally {
      audit.finish();
    }
  };
}
