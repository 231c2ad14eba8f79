import { resolveCallOptions } from './options.js';
import { refuseUpstreamFailure } from './post-to-openai.js';
import { startCall, isSdp, MAX_SDP_BYTES } from './start-call.js';
import { sessionSummary } from './audit.js';
import { admit, startRecord } from './admission.js';
import { readRequestBody } from './request-body.js';
import { cutText } from '../common/cut-text.js';
import { upstreamWithin } from './deadline.js';
import { emit } from './audit.js';
import { resolveSuperviseOptions } from './supervision/options.js';
import { superviseCall } from './supervision/call-supervisor.js';
import { createServerTools, splitTools } from './supervision/server-tools.js';
import { createCallBudget } from './supervision/budget.js';

const NAME = 'createRealtimeCallHandler';
/** Tells the page which tools the server runs (their calls are the server's to answer). */
export const SERVER_TOOLS_HEADER = 'X-Realtime-Companion-Server-Tools';

/** Whether a request carries an SDP body (`application/sdp`, parameters allowed). */
const isSdpRequest = (req) => /^application\/sdp\s*(;|$)/i.test(String(req.headers['content-type'] ?? ''));

/**
 * Creates the handler behind `POST /realtime/call` (OpenAI's unified interface): the page posts
 * DeepChat's SDP offer here (`attach(chat, { offerEndpoint })`), the server posts it with its fixed
 * session settings and the master key to `/v1/realtime/calls`, and answers `201` with OpenAI's SDP
 * answer. Session settings from the page are never read. Same checks, rate limit and audit as the
 * key handler (`admission.js`); an audit record per request, with the call id, never the SDP.
 *
 * Each call it starts is then supervised (`supervise`, on by default; supervision/): the server
 * joins it over the sideband and holds it to the server's session, time limits and token budget,
 * and its last audit record (`call_ended`) says how long it ran, what it cost and why it ended.
 * A tool with a `handler` runs on the server (supervision/server-tools.js): its calls are answered
 * from the sideband, so supervision is required for it.
 * @param {import('./index.js').RealtimeCallHandlerOptions} options
 * @returns {import('./index.js').RealtimeCallHandler}
 */
export function createRealtimeCallHandler(options) {
  const { supervise, tools, ...callOptions } = options ?? {};
  const { sessionTools, serverTools } = splitTools(tools, NAME);
  const o = {
    ...resolveCallOptions({ ...callOptions, ...(sessionTools !== undefined && { tools: sessionTools }) }),
    supervise: resolveSuperviseOptions(supervise, NAME),
    serverTools: createServerTools(serverTools),
  };
  if (o.serverTools && (!o.supervise || o.supervise.onSidebandFailure === 'continue')) {
    // Without the sideband nobody would answer their calls, and the model would wait for ever.
    throw new TypeError(`${NAME}: tools with a \`handler\` run on the server over the call's sideband: they need \`supervise\` on, with \`onSidebandFailure: 'hangup'\``);
  }
  const budget = o.supervise ? createCallBudget(o.supervise.budget, NAME) : null;
  const serverToolsHeader = o.serverTools ? { [SERVER_TOOLS_HEADER]: o.serverTools.names.join(', '), 'Access-Control-Expose-Headers': SERVER_TOOLS_HEADER } : {};
  const summary = sessionSummary({ api: 'calls', ...o.session });
  /** The calls under supervision: call id → supervisor. */
  const calls = new Map();

  function startSupervision(callId, clientId) {
    const record = (fields) => emit(o.audit, Object.freeze({ time: new Date(o.now()).toISOString(), call_id: callId, client_id: clientId, ...fields }));
    if (callId === null) {
      // OpenAI named no call (no Location): there is nothing to join.
      record({ event: 'call_unsupervised', detail: 'OpenAI answered without a call id' });
      return;
    }
    calls.set(callId, superviseCall(o, { callId, clientId, record, budget, onEnd: () => calls.delete(callId) }));
  }

  async function realtimeCallHandler(req, res) {
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

      if (budget) {
        // Asked without spending: what a call costs is charged as OpenAI reports it (call-supervisor.js).
        const admitted = await budget.admit(audit.record.client_id, o.now());
        if (!admitted.ok && admitted.reason === 'budget_exhausted') {
          return audit.refuse('budget_exhausted', { retryAfterSeconds: Math.max(1, Math.ceil(admitted.retryAfterMs / 1000)), detail: `no ${admitted.budget} left` });
        }
        if (!admitted.ok) return audit.refuse('budget_unavailable', { retryAfterSeconds: 1, detail: admitted.detail });
      }
      if (o.serverTools) {
        try {
          await o.serverTools.ready;
        } catch (error) {
          return audit.refuse('internal_error', { detail: `the server's tools could not be compiled: ${cutText(String(error?.message), 300)}` });
        }
      }
      const created = await upstreamWithin(
        () => startCall({ baseURL: o.baseURL, apiKey: o.apiKey, timeoutMs: o.timeoutMs, sdp: offer.text, session: o.session, fetch: o.fetch }),
        o.timeoutMs,
      );
      if (created.status !== 'fulfilled') return refuseUpstreamFailure(created, audit, 'call');
      const call = created.value;
      if (!res.headersSent) {
        res.writeHead(201, { 'Content-Type': 'application/sdp', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...serverToolsHeader });
        res.end(call.sdp);
      }
      Object.assign(audit.record, { event: 'call_created', status: 201, call_id: call.callId });
      if (o.supervise) startSupervision(call.callId, audit.record.client_id);
    } catch {
      audit.refuse('internal_error');
    } finally {
      audit.finish();
    }
  }

  const ready = o.serverTools ? o.serverTools.ready.then(() => undefined) : Promise.resolve();
  ready.catch(() => {});
  return Object.assign(realtimeCallHandler, {
    /** Settles when the server's tools are compiled; rejects (CompanionConfigError) for a schema the compiler refuses. Await it at start-up. */
    ready,
    /** Hangs up a supervised call (audited with `reason`); false if it is not one of this handler's. */
    async hangup(callId, reason = 'application') {
      const call = calls.get(callId);
      if (!call) return false;
      await call.hangup(typeof reason === 'string' && /^[a-z0-9_]{1,40}$/.test(reason) ? reason : 'application');
      return true;
    },
    /** The ids of the calls under supervision now. */
    activeCalls: () => [...calls.keys()],
    /** For shutdown (SIGTERM): hang up every supervised call (default), or let them go on unsupervised (`{ hangup: false }`). */
    async close({ hangup = true } = {}) {
      await Promise.all([...calls.values()].map((call) => (hangup ? call.hangup('shutdown') : call.detach())));
    },
  });
}
