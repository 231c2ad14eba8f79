// The page's value (tools, a schema) as JSON text for the core, or a
// CompanionConfigError. JSON.stringify recurses, so a value nested 20,000
// levels deep would end in a bare RangeError; the core reads at most
// `maxDepth` levels anyway (kDefaultMaxDepth, src/json/limits.hpp, counted as
// its parser does: the outermost object or array is level 1), so deeper
// values are refused here first, by a walk that keeps its own stack.
import { CompanionConfigError } from './errors.js';

/**
 * @param {unknown} value
 * @param {string} what how a refusal names the value (`the tools`, `the schema`)
 * @param {number} maxDepth the most levels of nesting the core reads
 * @returns {string | undefined} the text (undefined where JSON.stringify gives none)
 */
export function jsonText(value, what, maxDepth) {
  if (nestingDepth(value, maxDepth) > maxDepth) {
    throw new CompanionConfigError(`${what}: nested deeper than ${maxDepth} levels of JSON (the limit jsonDepth)`);
  }
  try {
    return JSON.stringify(value);
  } catch (error) {
    // What the walk cannot see: a toJSON that builds deeper values on every call, or text past V8's longest string.
    if (error instanceof RangeError) throw new CompanionConfigError(`${what} cannot be written as JSON (${error.message})`);
    throw error;
  }
}

/**
 * How many objects and arrays deep `value` is, as JSON.stringify would write it (toJSON applied),
 * stopping once past `limit`. Shared objects are walked once (their height is remembered), so a
 * value that is small in memory but enormous as text costs no more than its size in memory; a
 * cycle is left to JSON.stringify, which names it.
 */
export function nestingDepth(value, limit) {
  const root = asJson(value, '');
  if (!isContainer(root)) return 0;
  const heights = new WeakMap();
  const onPath = new Set([root]);
  const stack = [{ node: root, keys: Object.keys(root), next: 0, height: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next === frame.keys.length) {
      stack.pop();
      onPath.delete(frame.node);
      const height = frame.height + 1;
      heights.set(frame.node, height);
      if (stack.length === 0) return height;
      const parent = stack[stack.length - 1];
      parent.height = Math.max(parent.height, height);
      continue;
    }
    const key = frame.keys[frame.next++];
    const child = asJson(frame.node[key], key);
    if (!isContainer(child) || onPath.has(child)) continue;
    const known = heights.get(child);
    if (known !== undefined) {
      frame.height = Math.max(frame.height, known);
      if (stack.length + known > limit) return stack.length + known;
      continue;
    }
    if (stack.length + 1 > limit) return stack.length + 1;
    onPath.add(child);
    stack.push({ node: child, keys: Object.keys(child), next: 0, height: 0 });
  }
  return 0;
}

function asJson(value, key) {
  return value !== null && typeof value === 'object' && typeof value.toJSON === 'function' ? value.toJSON(key) : value;
}

// Boxed strings, numbers and booleans are written as their values.
function isContainer(value) {
  return value !== null && typeof value === 'object'
    && !(value instanceof String || value instanceof Number || value instanceof Boolean);
}
