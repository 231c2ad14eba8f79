// Frees the caller from trusting a nested value's depth: the walk keeps its own stack, so a value
// nested deeper than the call stack allows (a page's session options, a core's tool list) freezes
// all the same. A value already frozen is taken as frozen all the way down, which also ends cycles.

/**
 * Freezes `value` and every object reachable from it; returns `value`.
 * @template T
 * @param {T} value
 * @returns {T}
 */
export function deepFreeze(value) {
  const pending = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next && typeof next === 'object' && !Object.isFrozen(next)) {
      Object.freeze(next);
      for (const child of Object.values(next)) pending.push(child);
    }
  }
  return value;
}
