/**
 * One supervised call: the server joins the call it started over the sideband and holds it to the
 * server's promises whatever the page does.
 *
 * - Session guard: a `session.updated` (or `session.created`) that differs from the server's
 *   session in model, instructions, tools, tool choice or voice is put back with the server's
 *   `session.update`, or the call is hung up (`onTamper`); either way an audit record
 *   `session_tampered` names the fields, never their values. If putting it back does not hold
 *   (three times without a match), the call is hung up: the guard fails closed.
 * - Leash: `maxCallSeconds` from the start, and `idleSeconds` without the person speaking or the
 *   model responding; the application can `hangup(reason)` too.
 * - Usage: every `response.done`'s `usage` is summed; the call's last record, `call_ended`, says
 *   how long it ran, what it cost, how many tool calls the model made and why it ended.
 * - Budget (`supervise.budget`, budget.js): the tokens of each response and the call's seconds
 *   (every few seconds, and at the end) are charged to the client's budget; a charge that leaves
 *   it spent hangs the call up (`budget_exhausted`), and so does a store that fails (fail closed).
 * - Server tools: calls of the tools the server runs are run here and answered on the sideband
 *   (server-tool-calls.js); the page never sees their handlers.
 * - Faults: a sideband that drops is joined again (at most three times a call); if it cannot be
 *   opened, or joining again fails, `onSidebandFailure` decides: `hangup`
 *   (default: an unsupervised call is not allowed to go on) or `continue` (audited as unsupervised).
 *
 * Time comes from `now()`; timers are the only I/O besides the sideband and the hang-up request.
 * @module
 */
import { openSideband } from './sideband.js';
import { guardedSession, restoringSession, tamperedFields } from './session-guard.js';
import { addUsage, emptyUsage } from './usage.js';
import { hangUpCall } from './hangup.js';
import { createServerToolCalls } from './server-tool-calls.js';

/** Restores in a row that did not bring the session back before the guard gives up and hangs up. */
const MAX_RESTORES = 3;
/** Joins after a drop in one call's life: a sideband that keeps dropping is a fault, not bad luck. */
const MAX_REJOINS = 3;
/** How often a running call's seconds are charged to a budget: a call overruns it by at most this. */
const BUDGET_TICK_MS = 5000;
/** What the guard puts back when it cannot know what changed (on joining, and joining again). */
const WHOLE_SESSION = Object.freeze(['instructions', 'tools', 'tool_choice']);

/** Timers that do not hold the process open, all cleared at once when the call ends. */
function createTimers() {
  const pending = new Set();
  return {
    after(ms, fn) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        fn();
      }, ms);
      timer.unref?.();
      pending.add(timer);
      return timer;
    },
    cancel(timer) {
      if (!timer) return;
      clearTimeout(timer);
      pending.delete(timer);
    },
    clear() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}

/**
 * Charges a call's budget with what the call spent since the last charge: the tokens summed in
 * `usage` and the seconds since `startedAt`. Resolves to the budget's verdict.
 */
function createBudgetMeter({ budget, clientId, now, startedAt }) {
  const charged = { tokens: 0, ms: 0 };
  return (usage) => {
    const spentMs = now() - startedAt;
    const spent = { tokens: usage.total_tokens - charged.tokens, seconds: Math.max(0, spentMs - charged.ms) / 1000 };
    charged.tokens = usage.total_tokens;
    charged.ms = Math.max(charged.ms, spentMs);
    return budget.charge(clientId, spent, now());
  };
}

/** How many function calls a `response.done`'s response made. */
function functionCallsIn(response) {
  const output = Array.isArray(response?.output) ? response.output : [];
  return output.filter((item) => item?.type === 'function_call').length;
}

/**
 * @param {object} o the call handler's resolved options (`baseURL`, `apiKey`, `timeoutMs`, `fetch`,
 *   `now`, `session`, `audit` via `record`) and `o.supervise` (see index.d.ts `SuperviseOptions`)
 * @param {{ callId: string, clientId: string | null, record: (fields: object) => void,
 *   onEnd: () => void }} call
 */
export function superviseCall(o, { callId, clientId, record, onEnd, budget = null, budgetTickMs = BUDGET_TICK_MS }) {
  const s = o.supervise;
  const guarded = guardedSession(o.session);
  const startedAt = o.now();
  const usage = emptyUsage();
  const meter = budget ? createBudgetMeter({ budget, clientId, now: o.now, startedAt }) : null;
  let toolCalls = 0;
  let sideband = null;
  let ended = false;
  /** A hang-up is under way: OpenAI closing the sideband meanwhile is its doing, not a fault. */
  let hangingUp = false;
  let restoresInARow = 0;
  /** Times the sideband was joined again after a drop. */
  let rejoins = 0;
  let supervised = false;
  /** The server's tool calls on this call (null: the server runs no tools, or the sideband is not open yet). */
  let serverToolCalls = null;
  const timers = createTimers();
  let idleTimer = null;
  const resetIdle = () => {
    if (!s.idleSeconds || ended) return;
    timers.cancel(idleTimer);
    idleTimer = timers.after(s.idleSeconds * 1000, () => hangup('idle'));
  };
  const joinSideband = () => openSideband({ baseURL: o.baseURL, apiKey: o.apiKey, callId, timeoutMs: s.connectTimeoutMs, onEvent, onClose });

  /**
   * Charges what the call spent since the last charge; hangs up when the budget is spent or its
   * store failed. At the end (`final`) the charge is made and nothing more is done.
   */
  async function chargeBudget({ final = false } = {}) {
    if (!meter) return;
    const verdict = await meter(usage);
    if (final || !verdict.exhausted || ended) return;
    if (verdict.reason === 'store_failed') {
      record({ event: 'budget_unavailable', detail: verdict.detail });
      hangup('budget_unavailable');
    } else {
      hangup('budget_exhausted');
    }
  }
  const budgetTick = () => timers.after(budgetTickMs, () => {
    chargeBudget();
    if (!ended) budgetTick();
  });

  /** Ends supervision once: the summary record, timers cleared, the sideband closed. */
  function finish(reason) {
    if (ended) return;
    ended = true;
    timers.clear();
    chargeBudget({ final: true });
    serverToolCalls?.close();
    sideband?.close();
    record({
      event: 'call_ended',
      reason,
      supervised,
      duration_ms: o.now() - startedAt,
      usage: { ...usage },
      tool_calls: toolCalls,
    });
    onEnd();
  }

  /** Hangs the call up at OpenAI (audited), then ends supervision. Resolves when both are done. */
  async function hangup(reason) {
    if (ended || hangingUp) return;
    hangingUp = true;
    const result = await hangUpCall({ baseURL: o.baseURL, apiKey: o.apiKey, callId, timeoutMs: o.timeoutMs, fetch: o.fetch });
    record({ event: 'call_hung_up', reason, ...(result.ok ? { status: result.status } : { status: result.status ?? 0, detail: result.detail }) });
    finish(reason);
  }

  function onSession(session) {
    const changed = tamperedFields(guarded, session);
    if (changed.length === 0) {
      restoresInARow = 0;
      return;
    }
    const restore = s.onTamper !== 'hangup' && !changed.includes('model') && restoresInARow < MAX_RESTORES;
    record({ event: 'session_tampered', changed, action: restore ? 'restored' : 'hung_up' });
    if (!restore) {
      hangup('session_tampered');
      return;
    }
    restoresInARow += 1;
    sideband.send({ type: 'session.update', event_id: `rc_guard_${restoresInARow}`, session: restoringSession(guarded, changed) });
  }

  function onEvent(event) {
    if (ended) return;
    serverToolCalls?.onEvent(event);
    switch (event.type) {
      case 'session.created':
      case 'session.updated':
        onSession(event.session);
        break;
      case 'response.done': {
        addUsage(usage, event.response?.usage);
        toolCalls += functionCallsIn(event.response);
        resetIdle();
        if (s.maxTokens && usage.total_tokens > s.maxTokens) hangup('max_tokens');
        else chargeBudget();
        break;
      }
      case 'input_audio_buffer.speech_started':
      case 'response.created':
        resetIdle();
        break;
      default:
    }
  }

  function onClose({ code }) {
    if (ended || hangingUp) return;
    // OpenAI closes the sideband normally when the call ends (the page stopped, or OpenAI ended it);
    // anything else (no close frame, an error code) is a drop mid-call: a fault.
    if (code === 1000 || code === 1001) {
      finish('call_over');
      return;
    }
    rejoin();
  }

  /**
   * A dropped sideband is joined again (OpenAI takes a sideband for a call that is still on), up
   * to MAX_REJOINS times in the call's life; events sent in the gap are not seen again, so the
   * server's session is put back at once. Only if that fails does `onSidebandFailure` decide.
   */
  async function rejoin() {
    let detail = 'the sideband closed';
    while (rejoins < MAX_REJOINS && !ended && !hangingUp) {
      rejoins += 1;
      try {
        sideband = await joinSideband();
      } catch (error) {
        detail = `the sideband closed, and joining again failed: ${error.message}`;
        continue;
      }
      if (ended || hangingUp) {
        sideband.close();
        return;
      }
      record({ event: 'sideband_rejoined', attempt: rejoins });
      sideband.send({ type: 'session.update', event_id: `rc_guard_rejoin_${rejoins}`, session: restoringSession(guarded, WHOLE_SESSION) });
      return;
    }
    if (ended || hangingUp) return;
    if (s.onSidebandFailure === 'continue') {
      record({ event: 'call_unsupervised', detail });
      finish('sideband_closed');
    } else {
      record({ event: 'sideband_failed', detail });
      hangup('sideband_closed');
    }
  }

  async function start() {
    try {
      sideband = await joinSideband();
    } catch (error) {
      record({ event: 'sideband_failed', detail: error.message });
      if (s.onSidebandFailure === 'continue') {
        record({ event: 'call_unsupervised', detail: error.message });
        finish('unsupervised');
      } else {
        await hangup('sideband_failed');
      }
      return;
    }
    if (ended) {
      sideband.close();
      return;
    }
    supervised = true;
    if (o.serverTools) {
      serverToolCalls = createServerToolCalls({ tools: o.serverTools, send: (event) => sideband.send(event), record, context: { callId, clientId }, now: o.now });
    }
    // The page may have changed the session before the sideband joined: put the server's back.
    sideband.send({ type: 'session.update', event_id: 'rc_guard_join', session: restoringSession(guarded, WHOLE_SESSION) });
    if (s.maxCallSeconds) timers.after(s.maxCallSeconds * 1000, () => hangup('max_call_seconds'));
    if (budget) budgetTick();
    resetIdle();
  }

  start();
  return {
    callId,
    clientId,
    hangup: (reason = 'application') => hangup(reason),
    /** Ends supervision without hanging up (the server is shutting down and leaves the call be). */
    detach: () => finish('detached'),
    get ended() {
      return ended;
    },
  };
}
