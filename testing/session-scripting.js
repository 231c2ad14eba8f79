/**
 * The test hooks that make a session's "model" act: speak, call tools, be interrupted by the
 * user's speech, have its response cancelled. Each is a response made by `responses.js`; these
 * give them to the session, as the project's tests and `call.js` script them.
 */
import * as responses from './responses.js';

/** @param {object} session the session (`session.js`) these methods are given to */
export function scriptingOf(session) {
  return {
    /**
     * A spoken answer: `response.created`, the message's events, `response.done`; with `durationMs`
     * the rest comes that long after `response.created`. Resolves with the response.
     */
    say(text, options) {
      return responses.say(session, text, options);
    },
    /**
     * One response with a function call per entry (`[{ name, arguments, status? }]`); returns their
     * `call_id`s at once, with `.done` (a promise of the response). Options: `status`
     * (`completed` | `cancelled` | `incomplete` | `failed`), `reason`, `error`, `preamble`, `phase`, `durationMs`.
     */
    callTools(calls, options) {
      return responses.callTools(session, calls, options);
    },
    /** One function call in a response of its own; returns its `call_id`. */
    callTool(name, argumentsText, options) {
      return session.callTools([{ name, arguments: argumentsText }], options)[0];
    },
    /** The user speaks (server VAD); resolves when the model's answer is done. See responses.bargeIn. */
    bargeIn(options) {
      return responses.bargeIn(session, options);
    },
    /** Calls cut by the user's speech; returns their ids with `.cancelled` and `.done`. See responses.interruptCalls. */
    interruptCalls(calls, options) {
      return responses.interruptCalls(session, calls, options);
    },
    /** Cancels the active response (`turn_detected` | `client_cancelled`); whether there was one. */
    cancelResponse(reason = 'client_cancelled') {
      return responses.cancelResponse(session, reason);
    },
  };
}
