/**
 * Waiting on the stand-in: a test waits for a condition over what the stand-in recorded (an offer,
 * a session, a client event), re-checked each time something is recorded, instead of polling.
 */
export function createWaiters() {
  const waiters = new Set();

  /** Re-checks every waiter: call it after recording anything a test may wait for. */
  function notify() {
    for (const waiter of waiters) waiter();
  }

  /** Resolves with `predicate()`'s first truthy value; rejects if it throws or `timeoutMs` passes first. */
  function waitFor(predicate, { timeoutMs = 10000, what = 'a condition' } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value;
        try {
          value = predicate();
        } catch (error) {
          finish();
          return reject(error);
        }
        if (value) {
          finish();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`realtime stand-in: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }

  return { notify, waitFor };
}
