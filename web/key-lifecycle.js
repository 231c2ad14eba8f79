// The ephemeral-key lifecycle's shell: the core (src/keys/) decides when to
// fetch, what a response means and which key goes to whom; this file performs
// the fetches and the one timer it asks for, and settles the callers' promises.
import { extraHeaders } from './extra-headers.js';
import { readBoundedText } from './read-body.js';

// Key responses are small; a larger body is no key (the core says so).
const MAX_KEY_RESPONSE_BYTES = 256 * 1024;

/** A failure to get an ephemeral key. `code` is one of KEY_ERROR_CODES. */
export class EphemeralKeyError extends Error {
  constructor({ error, message, httpStatus, detail }) {
    super(`realtime-companion: ${message}${detail ? ` (${detail})` : ''}`);
    this.name = 'EphemeralKeyError';
    this.code = error;
    this.httpStatus = httpStatus || undefined;
  }
}

const now = () => performance.timeOrigin + performance.now();

/**
 * @param {object} module      the loaded WASM core
 * @param {{ keyEndpoint: URL, keys?: object, fetch: Function, headers?: object | Function }} config
 */
export function createKeyLifecycle(module, { keyEndpoint, keys = {}, fetch, headers }) {
  const seed = crypto.getRandomValues(new Uint32Array(2));
  const core = new module.CoreKeyManager(JSON.stringify(keys), now(), seed[0], seed[1]);
  const refusal = core.error();
  if (refusal) {
    core.delete();
    return { error: refusal };
  }

  const waiters = new Map(); // waiter id -> { resolve, reject }
  const fetches = new Map(); // fetch id -> AbortController
  const listeners = new Set();
  let timer;
  let disposed = false;

  function drain() {
    for (let command = core.nextCommand(); command.kind !== 'none'; command = core.nextCommand()) {
      perform(command);
    }
  }

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
        timer = setTimeout(() => report(() => core.onTimer(now())), Math.max(0, Math.ceil(command.atMs - now())));
        break;
      case 'clear_timer':
        clearTimeout(timer);
        timer = undefined;
        break;
      case 'resolve':
        waiters.get(command.id)?.resolve(command.key);
        waiters.delete(command.id);
        break;
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
    let text;
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
      const body = await readBoundedText(response, MAX_KEY_RESPONSE_BYTES, { truncate: true });
      text = body.text;
    } catch {
      if (controller.signal.aborted || !fetches.has(id)) return; // the core aborted it: it knows
      fetches.delete(id);
      report(() => core.onFetchFailed(id, now()));
      return;
    }
    if (!fetches.has(id)) return;
    fetches.delete(id);
    report(() =>
      core.onFetchResponse(id, response.status, response.headers.get('date') ?? '',
        response.headers.get('content-type') ?? '', text, now()));
  }

  function emit(command) {
    const event = { type: command.event, at: Date.now() };
    for (const field of ['keyId', 'previousKeyId', 'error', 'detail']) if (command[field]) event[field] = command[field];
    for (const field of ['expiresAtMs', 'ttlMs', 'clockSkewMs', 'attempts', 'httpStatus']) if (command[field]) event[field] = command[field];
    if (command.event === 'handed_out') event.waiterId = command.id;
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

  return {
    fetchEphemeralKey() {
      if (disposed) return Promise.reject(new EphemeralKeyError({ error: 'disposed', message: 'the companion was disposed' }));
      return new Promise((resolve, reject) => {
        const id = core.requestKey(now());
        waiters.set(id, { resolve, reject });
        drain();
      });
    },
    keyStatus() {
      return disposed ? { state: 'disposed' } : core.status(now());
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
