// The page's one stream of events (`createCompanion({ onEvent })`, `companion.onEvent`, attach's
// `onEvent`): every event is a plain object with `type` and `at`, named once here or where it fires.
// Events are safe to log: they name keys by keyId and calls by name and callId, never a key, the
// model's arguments or a tool's result (onToolCall's record has those, for a debug panel).
import { TOOL_ERROR_CODES } from '../common/errors.js';
import { ignoreRejection } from './listeners.js';

/**
 * Calls the page's event listener. A throw is reported (console.error) and goes no further: a
 * logging bug must not break the voice session. A rejected promise it returns is ignored.
 */
export function callEventListener(listener, event) {
  try {
    ignoreRejection(listener(event));
  } catch (error) {
    console.error('realtime-companion: an onEvent listener threw', error);
  }
}

/** Listeners that each get every event emitted, in the order they subscribed. */
export function createEventStream() {
  const listeners = new Set();
  return {
    emit(event) {
      // A copy: a listener that unsubscribes (or subscribes) while called changes the next event's list.
      for (const listener of [...listeners]) callEventListener(listener, event);
    },
    /** @returns {() => boolean} unsubscribes `listener` */
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      listeners.clear();
    },
  };
}

/**
 * The key lifecycle's events (onKeyEvent's bare names) as the stream names them: `key_` first, and
 * the two whose bare names attach already uses for the key function said precisely.
 */
const KEY_EVENT_TYPES = Object.freeze({
  fetched: 'key_fetched',
  handed_out: 'key_handed_out',
  refreshed: 'key_refreshed',
  expired: 'key_expired',
  refused: 'key_response_refused', // the endpoint's answer was not a usable key (attach's key_refused: the key function's)
  failed: 'key_fetch_failed', // fetching gave up (attach's key_failed: the key function threw)
});

/** A KeyEvent as the stream carries it: the same fields under the stream's type. */
export function keyStreamEvent(event) {
  return { ...event, type: KEY_EVENT_TYPES[event.type] ?? `key_${event.type}` };
}

/**
 * `tool_call_finished`: what a spinner and a log need of a finished call of the page's. `errorCode`
 * is read off the result only when it is one of the companion's codes (ToolErrorCode or `aborted`):
 * a backend's JSON with some other `error.code` of its own is an answer, and stays out of the logs.
 */
export function toolCallFinished({ name, callId, result, durationMs, runsOn = 'page' }) {
  const code = result?.error?.code;
  const errorCode = typeof code === 'string' && (TOOL_ERROR_CODES.includes(code) || code === 'aborted') ? code : null;
  const status = errorCode === 'http_error' ? result.error.status : undefined;
  return {
    name, callId, runsOn, ok: errorCode === null, errorCode, durationMs,
    ...(typeof status === 'number' ? { httpStatus: status } : {}),
  };
}
