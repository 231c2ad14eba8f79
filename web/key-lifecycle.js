// The ephemeral-key lifecycle's shell: the core (src/keys/) decides when to
// fetch, what a response means and which key goes to whom; this file performs
// the fetches and the one timer it asks for, and settles the callers' promises.
import { CoreKeyManager } from './core-keys.js';
import { EphemeralKeyError } from './key-error.js';
import { extraHeaders } from './extra-headers.js';
import { readBodyTextLossy } from '../common/read-body.js';
import { construct } from '../common/wire.js';

export { EphemeralKeyError };

// Key responses are small; a larger body is not read on, and the core is told
// it was too large (invalid_key_response).
const MAX_KEY_RESPONSE_BYTES = 256 * 1024;
// setTimeout fires at once for a delay above 2^31-1 ms (Node after 1 ms): a
// longer wait is cut, and the core, told of an early wake-up, re-arms.
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

const now = () => performance.timeOrigin + performance.now();

/**
 * Throws CompanionConfigError when the core refuses the `keys` options.
 * @param {object} module      the loaded key piece (web/keys.js)
 * @param {{ keyEndpoint: URL, keys?: object, fetch: Function, headers?: object | Function }} config
 */
export function createKeyLifecycle(module, { keyEndpoint, keys = {}, fetch, headers }) {
  const seed = crypto.getRandomValues(new Uint32Array(2));
  const core = construct(module, CoreKeyManager, JSON.stringify(keys), now(), seed[0], seed[1]);

  const waiters = new Map(); // waiter id -> { resolve, reject, whole } (whole: fetchKey's object, else the string)
  const fetches = new Map(); // fetch id -> AbortController
  const listeners = new Set();
  let timer;
  let disposed = false;

  function drain() {
    for (let command = core.nextCommand(); command.kind !== 'none'; command = core.nextCommand()) {
      perform(command);
    }
  }

  // A KeyCommand (bindings/keys/key_wire.hpp), enums by name: every field is there; each kind reads its own.
  function perform(command) {
    switch (command.kind) {
      case 'start_fetch':
        startFetch(command.id);
        break;
      case 'abort_fetch':
        fetches.get(command.id)?.abort();
        fetches.delete(command.id);
        break;
      case 'set_timer':
        clearTimeout(timer);
        // Rounded up: platforms truncate fractional delays, and an early call only costs a re-arm.
        timer = setTimeout(() => report(() => core.onTimer(now())),
          Math.min(MAX_TIMER_DELAY_MS, Math.max(0, Math.ceil(command.atMs - now()))));
        break;
      case 'clear_timer':
        clearTimeout(timer);
        timer = undefined;
        break;
      case 'resolve': {
        const waiter = waiters.get(command.id);
        waiters.delete(command.id);
        if (!waiter) break;
        waiter.resolve(waiter.whole
          ? { value: command.key, expiresAt: Math.floor(command.expiresAtMs / 1000), model: command.model || null }
          : command.key);
        break;
      }
      case 'reject':
        waiters.get(command.id)?.reject(new EphemeralKeyError(command));
        waiters.delete(command.id);
        break;
      case 'event':
        emit(command);
        break;
    }
  }

  // Every report to the core is followed by doing what it asks.
  function report(action) {
    if (disposed) return;
    action();
    drain();
  }

  async function startFetch(id) {
    const controller = new AbortController();
    fetches.set(id, controller);
    let response;
    let body;
    try {
      response = await fetch(keyEndpoint.href, {
        method: 'GET',
        headers: {
          accept: 'application/json, text/plain;q=0.9',
          // The server helper's anti-CSRF check: cross-site forms cannot set it.
          'x-requested-with': 'fetch',
          ...(await extraHeaders(headers, { name: 'fetchEphemeralKey', method: 'GET', url: keyEndpoint.href })),
        },
        credentials: 'same-origin',
        cache: 'no-store',
        signal: controller.signal,
      });
      body = await readBodyTextLossy(response, MAX_KEY_RESPONSE_BYTES);
    } catch {
      if (controller.signal.aborted || !fetches.has(id)) return; // the core aborted it: it knows
      fetches.delete(id);
      report(() => core.onFetchFailed(id, now()));
      return;
    }
    if (!fetches.has(id)) return;
    fetches.delete(id);
    const header = (name) => response.headers.get(name) ?? '';
    report(() =>
      core.onFetchResponse(id, response.status, header('date'), header('content-type'), header('retry-after'),
        Boolean(body.tooLarge), body.text ?? '', now()));
  }

  // An event carries the fields its kind sets: the others are empty or zero.
  function emit(command) {
    const type = command.event;
    const event = { type, at: Date.now() };
    if (command.error !== 'none') event.error = command.error;
    for (const field of ['keyId', 'previousKeyId', 'detail', 'model']) if (command[field]) event[field] = command[field];
    for (const field of ['expiresAtMs', 'ttlMs', 'clockSkewMs', 'attempts', 'httpStatus']) if (command[field]) event[field] = command[field];
    if (type === 'handed_out') event.waiterId = command.id;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A page's logging bug must not break key handling.
      }
    }
  }

  const onVisibility = () => report(() => core.setVisible(document.visibilityState !== 'hidden', now()));
  globalThis.document?.addEventListener?.('visibilitychange', onVisibility);
  drain(); // the warm-up fetch, if prefetchOnCreate

  // One hand-out either way: the core does not know which form the caller wants.
  function requestKey(whole) {
    if (disposed) return Promise.reject(new EphemeralKeyError({ error: 'disposed', message: 'the companion was disposed' }));
    return new Promise((resolve, reject) => {
      const id = core.requestKey(now());
      waiters.set(id, { resolve, reject, whole });
      drain();
    });
  }

  return {
    /** The key for DeepChat's fetchEphemeralKey: a string. */
    fetchEphemeralKey: () => requestKey(false),
    /**
     * The same hand-out with what is known of the key: `{ value, expiresAt, model }`, `expiresAt` in
     * epoch seconds on this page's clock (corrected for the server's), `model` the endpoint's or null.
     */
    fetchKey: () => requestKey(true),
    keyStatus() {
      if (disposed) return { state: 'disposed' };
      const status = core.status(now());
      return { ...status, lastError: status.lastError === 'none' ? null : status.lastError };
    },
    onKeyEvent(listener) {
      if (typeof listener !== 'function') throw new TypeError('onKeyEvent needs a function');
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setSessionActive(active) {
      report(() => core.setSessionActive(Boolean(active), now()));
    },
    dispose() {
      if (disposed) return;
      core.dispose();
      drain(); // rejects the waiters, aborts the fetches, clears the timer
      disposed = true;
      clearTimeout(timer);
      listeners.clear();
      globalThis.document?.removeEventListener?.('visibilitychange', onVisibility);
      core.delete();
    },
  };
}
