/**
 * One call the page opened at the stand-in, as a test scripts it: what the model says and calls,
 * and what OpenAI does to a call (an interruption, an error event, the end of the session). A thin
 * face over the stand-in's session (`session.js`): the session keeps every hook the project's own
 * tests use; this keeps the few an author's CI needs, with arguments as a test writes them.
 */

/** A call's arguments as the model streams them: JSON text (a string is sent as it is, to test bad JSON). */
const argumentsText = (args) => (typeof args === 'string' ? args : JSON.stringify(args ?? {}));

/** The page's output for a call, parsed: the companion always answers JSON text. */
function parsedOutput(name, text) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`realtime-companion/testing: the page answered ${name} with text that is not JSON: ${String(text).slice(0, 120)}`);
  }
}

/**
 * @param {object} session a stand-in session (`session.js`)
 * @param {(predicate: () => unknown, options: { timeoutMs?: number, what: string }) => Promise<any>} waitFor
 *   the realtime stand-in's waiter, re-checked after every offer and client event
 * @returns {import('./index').StandInCall}
 */
export function callOf(session, waitFor) {
  const ended = () => session.state === 'closed';
  /** Waits for `predicate` while the call lasts: a call that ends first fails the wait at once. */
  const whileOpen = (predicate, what, timeoutMs) => waitFor(() => {
    const value = predicate();
    if (!value && ended()) throw new Error(`realtime-companion/testing: the call ended before ${what}`);
    return value;
  }, { timeoutMs, what });
  const open = (action) => {
    if (session.state !== 'open') throw new Error(`realtime-companion/testing: cannot ${action}: the call is ${session.state}`);
  };

  const call = Object.freeze({
    callId: session.callId,
    /** The session as OpenAI holds it now (what session.updated would show). */
    get session() {
      return session.describe();
    },
    /** Every client event the call received (data channel and sidebands), in order. */
    get events() {
      return session.events.map((record) => record.event);
    },
    async say(text) {
      open('say anything');
      await session.say(String(text));
    },
    async callTools(calls, { timeoutMs = 10_000 } = {}) {
      open('call a tool');
      const ids = session.callTools(calls.map(({ name, arguments: args }) => ({ name: String(name), arguments: argumentsText(args) })));
      return Promise.all(ids.map(async (callId, i) => {
        const { name } = calls[i];
        const record = await whileOpen(() => session.events.find((r) => r.event.type === 'conversation.item.create' && r.event.item?.call_id === callId),
          `the page answered ${name}`, timeoutMs);
        return parsedOutput(name, record.event.item.output);
      }));
    },
    async callTool(name, args, options) {
      const [output] = await call.callTools([{ name, arguments: args }], options);
      return output;
    },
    async interrupt({ transcript, answer } = {}) {
      open('interrupt');
      await session.bargeIn({ transcript, answer });
    },
    sendError(code, { message = code, type = 'invalid_request_error', param = null } = {}) {
      open('send an error');
      session.sendError(String(code), { message, type, param });
    },
    async expire() {
      open('expire');
      await session.expire();
    },
    async waitForEvent(type, { timeoutMs = 10_000 } = {}) {
      const record = await whileOpen(() => session.events.find((r) => r.event.type === type), `a ${type} event`, timeoutMs);
      return record.event;
    },
  });
  return call;
}
