// One deadline per tool call (the route's timeoutMs), covering every step
// that waits: the page's headers function, each redirect hop's fetch and the
// body read. A step that never settles cannot outlive it.

/**
 * Settles like `value` (a promise, a thenable or a plain value), or rejects
 * with the signal's reason once `signal` aborts, whichever comes first. A
 * late rejection of `value` is handled here, so it is never unhandled.
 * @template T
 * @param {T | PromiseLike<T>} value
 * @param {AbortSignal} signal
 * @returns {Promise<T>}
 */
export function beforeDeadline(value, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      new Promise((settle) => settle(value)).catch(() => {});
      reject(signal.reason);
      return;
    }
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (settle) => (outcome) => {
      signal.removeEventListener('abort', onAbort);
      settle(outcome);
    };
    // Resolving through a new promise never throws here, even for a thenable whose `then` getter does.
    new Promise((settle) => settle(value)).then(done(resolve), done(reject));
  });
}

/**
 * A call's deadline: a signal that aborts after `timeoutMs` (with a TimeoutError) or as soon as
 * `stop` aborts (with its reason), whichever comes first. `end()` clears the timer and stops
 * listening to `stop`; call it when the call is over.
 * @param {number} timeoutMs
 * @param {AbortSignal} [stop] the call's end (the voice session stopped, the call hung up)
 */
export function callDeadline(timeoutMs, stop) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`the tool took longer than ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  const onStop = () => controller.abort(stop.reason);
  if (stop?.aborted) onStop();
  else stop?.addEventListener('abort', onStop, { once: true });
  return {
    signal: controller.signal,
    end() {
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
    },
  };
}
