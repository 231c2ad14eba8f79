// Calls the page's listeners (onToolCall, onKeyEvent, attach's onEvent) so
// that nothing a listener does reaches the caller: a throw is swallowed, and
// so is the rejection of what an async listener returns, which would
// otherwise be an unhandled rejection (fatal in Node).

/** Calls `listener(value)`; never throws, never leaves a rejection unhandled. */
export function callListener(listener, value) {
  try {
    ignoreRejection(listener(value));
  } catch {
    // A page's logging bug must not break the voice session.
  }
}

/** Marks `result`, when it is a promise or a thenable, as handled. */
export function ignoreRejection(result) {
  if (result !== null && (typeof result === 'object' || typeof result === 'function')) {
    // Resolving a new promise with it never throws, even when its `then` getter does.
    new Promise((settle) => settle(result)).catch(() => {});
  }
}
