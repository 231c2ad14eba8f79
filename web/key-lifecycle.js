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
  const k = {
    core: construct(module, CoreKeyManager, JSON.stringify(keys), now(), seed[0], seed[1]),
    keyEndpoint, fetch, headers,
    waiters: new Map(), // waiter id -> { resolve, reject, whole } (whole: fetchKey's object, else the string)
    fetches: new Map(), // fetch id -> AbortController
    listeners: new Set(),
    timer: undefined,
    disposed: false,
  };
  const onVisibility = () => report(k, () => k.core.setVisible(document.visibilityState !== 'hidden', now()));
  globalThis.document?.addEventListener?.('visibilitychange', onVisibility);
  drain(k); // the warm-up fetch, if prefetchOnCreate

  return {
    /** The key for DeepChat's fetchEphemeralKey: a string. */
    fetchEphemeralKey: () => requestKey(k, false),
    /**
     * The same hand-out with what is known of the key: `{ value, expiresAt, model }`, `expiresAt` in
     * epoch seconds on this page's clock (corrected for the server's), `model` the endpoint's or null.
     */
    fetchKey: () => requestKey(k, true),
    keyStatus() {
      if (k.disposed) return { state: 'disposed' };
      const status = k.core.status(now());
      return { ...status, lastError: status.lastError === 'none' ? null : status.lastError };
    },
    onKeyEvent(listener) {
      if (typeof listener !== 'function') throw new TypeError('onKeyEvent needs a function');
      k.listeners.add(listener);
      return () => k.listeners.delete(listener);
    },
    setSessionActive(active) {
      report(k, () => k.core.setSessionActive(Boolean(active), now()));
    },
    dispose() {
      if (k.disposed) return;
      k.core.dispose();
      drain(k); // rejects the waiters, aborts the fetches, clears the timer
      k.disposed = true;
      clearTimeout(k.timer);
      k.listeners.clear();
      globalThis.document?.removeEventListener?.('visibilitychange', onVisibility);
      k.core.delete();
    },
  };
}

/** Does what the core asks, until it asks nothing more. */
function drain(k) {
  for (let command = k.core.nextCommand(); command.kind !== 'none'; command = k.core.nextCommand()) {
    perform(k, command);
  }
}

/** Every report to the core is followed by doing what it asks. */
function report(k, action) {
  if (k.disposed) return;
  action();
  drain(k);
}

// A KeyCommand (bindings/keys/key_wire.hpp), enums by name: every field is there; each kind reads its own.
function perform(k, command) {
  switch (command.kind) {
    case 'start_fetch':
      startFetch(k, command.id);
      break;
    case 'abort_fetch':
      k.fetches.get(command.id)?.abort();
      k.fetches.delete(command.id);
      break;
    case 'set_timer':
      setTimer(k, command.atMs);
      break;
    case 'clear_timer':
      clearTimeout(k.timer);
      k.timer = undefined;
      break;
    case 'resolve':
      resolveWaiter(k, command);
      break;
    case 'reject':
      k.waiters.get(command.id)?.reject(new EphemeralKeyError(command));
      k.waiters.delete(command.id);
      break;
    case 'event':
      emit(k, keyEventOf(command));
      break;
  }
}

function setTimer(k, atMs) {
  clearTimeout(k.timer);
  // Rounded up: platforms truncate fractional delays, and an early call only costs a re-arm.
  k.timer = setTimeout(() => report(k, () => k.core.onTimer(now())),
    Math.min(MAX_TIMER_DELAY_MS, Math.max(0, Math.ceil(atMs - now()))));
}

function resolveWaiter(k, command) {
  const waiter = k.waiters.get(command.id);
  k.waiters.delete(command.id);
  if (!waiter) return;
  waiter.resolve(waiter.whole
    ? { value: command.key, expiresAt: Math.floor(command.expiresAtMs / 1000), model: command.model || null }
    : command.key);
}

/** One fetch of the key endpoint; what came back (or that nothing did) goes to the core. */
async function startFetch(k, id) {
  const controller = new AbortController();
  k.fetches.set(id, controller);
  let response;
  let body;
  try {
    response = await fetchKeyEndpoint(k, controller.signal);
    body = await readBodyTextLossy(response, MAX_KEY_RESPONSE_BYTES);
  } catch {
    if (controller.signal.aborted || !k.fetches.has(id)) return; // the core aborted it: it knows
    k.fetches.delete(id);
    report(k, () => k.core.onFetchFailed(id, now()));
    return;
  }
  if (!k.fetches.has(id)) return;
  k.fetches.delete(id);
  const header = (name) => response.headers.get(name) ?? '';
  report(k, () =>
    k.core.onFetchResponse(id, response.status, header('date'), header('content-type'), header('retry-after'),
      Boolean(body.tooLarge), body.text ?? '', now()));
}

async function fetchKeyEndpoint({ keyEndpoint, fetch, headers }, signal) {
  return fetch(keyEndpoint.href, {
    method: 'GET',
    headers: {
      accept: 'application/json, text/plain;q=0.9',
      // The server helper's anti-CSRF check: cross-site forms cannot set it.
      'x-requested-with': 'fetch',
      ...(await extraHeaders(headers, { name: 'fetchEphemeralKey', method: 'GET', url: keyEndpoint.href })),
    },
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  });
}

/** The page's event for an `event` command, which carries the fields its kind sets: the others are empty or zero. */
function keyEventOf(command) {
  const type = command.event;
  const event = { type, at: Date.now() };
  if (command.error !== 'none') event.error = command.error;
  for (const field of ['keyId', 'previousKeyId', 'detail', 'model']) if (command[field]) event[field] = command[field];
  for (const field of ['expiresAtMs', 'ttlMs', 'clockSkewMs', 'attempts', 'httpStatus']) if (command[field]) event[field] = command[field];
  if (type === 'handed_out') event.waiterId = command.id;
  return event;
}

function emit(k, event) {
  for (const listener of k.listeners) {
    try {
      listener(event);
    } catch {
      // A page's logging bug must not break key handling.
    }
  }
}

// One hand-out either way: the core does not know which form the caller wants.
function requestKey(k, whole) {
  if (k.disposed) return Promise.reject(new EphemeralKeyError({ error: 'disposed', message: 'the companion was disposed' }));
  return new Promise((resolve, reject) => {
    const id = k.core.requestKey(now());
    k.waiters.set(id, { resolve, reject, whole });
    drain(k);
  });
}
