/**
 * A deadline on a function the site supplied (`authorize`, a rate-limit store, `fetch`): a hook
 * that never settles must not leave a request without an answer or an audit record. What the
 * hook does after its deadline changes nothing: its outcome is dropped (and a late rejection is
 * handled here, so it is never an unhandled rejection).
 * @module
 */

/**
 * Calls `fn` and waits for it at most `ms`.
 * @template T
 * @param {() => T | Promise<T>} fn
 * @param {number} ms
 * @returns {Promise<{ status: 'fulfilled', value: T } | { status: 'rejected', reason: unknown } | { status: 'timeout' }>}
 *   Never rejects; a synchronous throw is `rejected`.
 */
export function settleWithin(fn, ms) {
  let work;
  try {
    work = Promise.resolve(fn()).then(
      (value) => ({ status: 'fulfilled', value }),
      (reason) => ({ status: 'rejected', reason }),
    );
  } catch (reason) {
    return Promise.resolve({ status: 'rejected', reason });
  }
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ status: 'timeout' }), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** How long past `timeoutMs` an upstream call may take to give up after its abort signal fired. */
export const ABORT_GRACE_MS = 1000;

/**
 * An upstream call (through the site's `fetch`) with a backstop: the call aborts itself at
 * `timeoutMs`, but a `fetch` that ignores its signal would hold the request forever.
 * @template T
 * @param {() => Promise<T>} fn
 * @param {number} timeoutMs
 */
export async function upstreamWithin(fn, timeoutMs) {
  const r = await settleWithin(fn, timeoutMs + ABORT_GRACE_MS);
  if (r.status !== 'timeout') return r;
  return { status: 'timeout', detail: `no answer within ${timeoutMs} ms, and the fetch did not stop when aborted` };
}
