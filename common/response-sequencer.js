// When a `response.create` may go out on a Realtime data channel: never while a response is under
// way, never while a tool call of the conversation still owes its output, and exactly one for
// however many were asked for in the meantime.
//
// Why: with server VAD (OpenAI's default) the person's speech starts a response on its own. A
// `response.create` sent during it is refused with `conversation_already_has_active_response`, and
// DeepChat ends the call on that error; a create sent before every output of a response's calls is
// in makes the model answer without reading them. So every create (DeepChat's, and the bridge's
// after tool outputs) is asked for here, held while the conversation is busy, and sent once it is
// not. If OpenAI still refuses one (its response started before ours reached it), the refusal is
// the bridge's to swallow, and the create goes out again after that response ends.
//
// No I/O and no timers: `send(event)` is the only way out, so the rules are testable on their own.

/**
 * @param {{ send: (event: object) => void, idPrefix?: string }} io `send` puts one client event on
 *   the channel; `idPrefix` starts the event_id of each create (the server's supervisor, on the same
 *   call, uses its own, so that OpenAI's echo of it in an error is never taken for the page's)
 */
export function createResponseSequencer({ send, idPrefix = 'rc_create_' }) {
  /** Responses under way (ids from response.created; `null` stands for one not yet named). */
  const active = new Set();
  /** Tool calls still owing their output. */
  const pending = new Set();
  /** The create to send once the conversation is free (the first asked for), or null. */
  let held = null;
  /** The event_id of the create sent and not yet answered by a response.created, or null. */
  let inFlight = null;
  /** Our creates that OpenAI may still refuse: sent since the last response.done (a race's refusal comes within one). */
  const unsettled = new Set();
  let serial = 0;
  let closed = false;

  const busy = () => active.size > 0 || pending.size > 0 || inFlight !== null;

  function flush() {
    if (closed || held === null || busy()) return;
    const event = { ...held, event_id: `${idPrefix}${++serial}` };
    held = null;
    inFlight = event.event_id;
    unsettled.add(event.event_id);
    send(event);
  }

  return {
    /** DeepChat or the bridge wants the model to respond; `event` is the client's `response.create`. */
    requestCreate(event = { type: 'response.create' }) {
      if (held === null) held = { ...event, type: 'response.create' };
      flush();
    },
    /** A tool call was started and will owe `function_call_output` (`callAnswered` when it is sent). */
    callStarted(callId) {
      pending.add(callId);
    },
    /** Its output went out (or it was dropped): the model should respond once the rest are in. */
    callAnswered(callId, { wantsResponse = true } = {}) {
      if (!pending.delete(callId)) return;
      if (wantsResponse && held === null) held = { type: 'response.create' };
      flush();
    },
    /** `response.created`: a response is under way (ours, or one server VAD started). */
    responseCreated(id) {
      inFlight = null;
      active.delete(null);
      active.add(typeof id === 'string' ? id : null);
    },
    /** `response.done`, whatever its status: that response is over. */
    responseDone(id) {
      if (!active.delete(typeof id === 'string' ? id : null)) active.delete(null);
      if (active.size === 0) unsettled.clear();
      // A done without a created seen (lost, or the channel opened mid-response) frees the channel too.
      if (active.size > 0 && ![...active].some((a) => a !== null)) active.clear();
      flush();
    },
    /**
     * `conversation_already_has_active_response`: OpenAI refused a create because a response was
     * under way. Returns true when it answered one of ours (the bridge swallows it): that create is
     * held again until the response ends. OpenAI echoes our event_id; where it sends none, the
     * refusal is taken for our latest create still unsettled.
     */
    refusedCreate(eventId) {
      const ours = typeof eventId === 'string' ? unsettled.delete(eventId) : unsettled.size > 0;
      if (!ours) return false;
      if (typeof eventId !== 'string') unsettled.clear();
      if (eventId === inFlight || typeof eventId !== 'string') inFlight = null;
      if (held === null) held = { type: 'response.create' };
      if (active.size === 0) active.add(null); // its response.created is still on its way
      return true;
    },
    /** Any other refusal of a client event: if it was our create, no response will come of it. */
    clientEventFailed(eventId) {
      if (typeof eventId !== 'string' || !unsettled.delete(eventId)) return;
      if (eventId === inFlight) inFlight = null;
      flush();
    },
    /** The channel is gone: nothing more is sent. */
    close() {
      closed = true;
      held = null;
      pending.clear();
      active.clear();
    },
  };
}
