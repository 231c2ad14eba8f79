/**
 * What a test holds of the realtime stand-in: the records (offers, sessions, client events,
 * hang-ups, sidebands), the faults it can queue, the project's entitlement, and the scripting API
 * that makes the newest open session's model call tools and waits for the page's answers.
 */
import { MODELS } from './ga-protocol.js';

/**
 * Waits for the client's `function_call_output` for each call id (`ids`, of `calls`, in `session`);
 * resolves with them parsed, in call order.
 */
function outputsOf(standIn, session, ids, calls, timeoutMs) {
  return Promise.all(ids.map(async (call_id, i) => {
    const record = await standIn.waitFor(() => session.events.find((r) => r.event.type === 'conversation.item.create' && r.event.item?.call_id === call_id),
      { timeoutMs, what: `function_call_output for ${calls[i].name}` });
    return { call_id, item: record.event.item, output: JSON.parse(record.event.item.output) };
  }));
}

/**
 * @param {object} standIn the stand-in's state (`offers`, `sessions`, `events`, `hangups`, `faults`,
 *   `entitled`, `sessionOf`, `waitFor`)
 * @param {{ origin: string, sidebands: object, close: () => Promise<void> }} server
 */
export function realtimeControls(standIn, { origin, sidebands, close }) {
  const { sessions, waitFor } = standIn;
  const current = () => sessions.findLast((s) => s.state === 'open');
  return {
    /** `http://127.0.0.1:<port>`; offers go to `${origin}/v1/realtime/calls`. */
    origin,
    offers: standIn.offers,
    sessions,
    events: standIn.events,
    /** Every `POST /v1/realtime/calls/{id}/hangup`: { callId, at, status }. */
    hangups: standIn.hangups,
    /**
     * Per call id, its sidebands: `{ open, sockets: [{ frames, closed }] }` (`open`: how many are open
     * now; `frames`: the text of every frame a socket received, in order; `closed`: `{ code, reason }`).
     */
    sidebands: sidebands.byCall,
    /** The call id (`rtc_…`) of a session. */
    callIdOf: (session) => session.callId,
    /** The session of a call id, or undefined. */
    sessionOf: standIn.sessionOf,
    /** The next sideband upgrade is refused with `status` (and OpenAI's error JSON). */
    refuseNextSideband(status = 401) {
      sidebands.refuseNext(status);
    },
    /** The next sideband upgrade is answered only after `ms`. */
    slowNextSideband(ms) {
      sidebands.slowNext(ms);
    },
    /** Terminates a call's sideband sockets abruptly (no close frame); the call goes on. */
    dropSideband(callId) {
      sidebands.drop(callId);
    },
    waitFor,
    /**
     * Answers the next offer with `status` instead of a session, and `error` as the body's `error`
     * (OpenAI's error object, e.g. `insufficient_quota`; default a generic one for the status).
     */
    failNextOffer(status = 401, error) {
      standIn.faults.push({ status, error });
    },
    /**
     * The realtime models the project may use from now on (others answer 403 `model_not_found`);
     * `undefined`: all of them again.
     */
    setEntitled(models = MODELS) {
      standIn.entitled = new Set(models);
    },
    /** The realtime models the project may use. */
    get entitledModels() {
      return standIn.entitled;
    },
    /** The newest session whose data channel is open, or undefined. */
    get session() {
      return current();
    },
    /** Waits for an open session (newer than `after` sessions, if given). */
    waitForSession({ after = 0, timeoutMs } = {}) {
      return waitFor(() => sessions.slice(after).find((s) => s.state === 'open'), { timeoutMs, what: 'open session' });
    },
    /** The model calls a tool in the newest open session; resolves with the client's parsed output. */
    async callTool(name, argumentsText, { timeoutMs = 10000 } = {}) {
      const [result] = await this.callTools([{ name, arguments: argumentsText }], { timeoutMs });
      return result;
    },
    /**
     * Several calls in one response; resolves with each call's output, parsed, in call order. Other
     * options go to `session.callTools` (a call that is never answered times out).
     */
    async callTools(calls, { timeoutMs = 10000, ...options } = {}) {
      const session = current();
      if (!session) throw new Error('realtime stand-in: no open session to call a tool in');
      return outputsOf(standIn, session, session.callTools(calls, options), calls, timeoutMs);
    },
    close,
  };
}
