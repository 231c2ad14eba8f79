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
