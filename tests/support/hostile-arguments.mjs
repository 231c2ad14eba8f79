// The hostile inputs of the evaluation budget (docs/validator.md), shared by
// the tests on the WASM build, the server middleware's and
// bench/speed/hostile-schemas-vs-ajv.mjs. The same shapes as
// tests/native/schema/evaluation_budget_test.cpp.

/**
 * `count` distinct objects over the keys a..h, each holding a permutation of 1..8: equal key sets
 * and equal value multisets, which an order-independent sum of key and value hashes cannot tell apart.
 */
export function permutations(count) {
  const p = [1, 2, 3, 4, 5, 6, 7, 8];
  const out = [];
  for (let n = 0; n < count; n++) {
    out.push(Object.fromEntries(p.map((v, k) => [String.fromCharCode(97 + k), v])));
    nextPermutation(p);
  }
  return out;
}

function nextPermutation(p) {
  let i = p.length - 2;
  while (i >= 0 && p[i] >= p[i + 1]) i--;
  if (i < 0) return p.reverse();
  let j = p.length - 1;
  while (p[j] <= p[i]) j--;
  [p[i], p[j]] = [p[j], p[i]];
  for (let a = i + 1, b = p.length - 1; a < b; a++, b--) [p[a], p[b]] = [p[b], p[a]];
  return p;
}

/**
 * Both branches recurse into `next` before `kind` tells them apart (properties are checked in the
 * schema's order by ajv, in the instance's by us: `next` comes first in both), so each level
 * doubles an evaluation without a memo. About 340 bytes, like the reported schema.
 */
export const recursiveOneOf = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  oneOf: [
    { properties: { next: { $ref: '#' }, kind: { const: 'a' } } },
    { properties: { next: { $ref: '#' }, kind: { const: 'b' } } },
  ],
};

/** The same through $dynamicRef, which reads the dynamic scope: no memo is sound, the budget stops it. */
export const dynamicRecursiveOneOf = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $dynamicAnchor: 'node',
  type: 'object',
  oneOf: [
    { properties: { next: { $dynamicRef: '#node' }, kind: { const: 'a' } } },
    { properties: { next: { $dynamicRef: '#node' }, kind: { const: 'b' } } },
  ],
};

/** {"next":{"next":...,"kind":"a"},"kind":"a"} `levels` deep; the innermost is `last` (`{kind:'c'}` matches neither branch). */
export function chain(levels, last = { kind: 'a' }) {
  let value = last;
  for (let i = 1; i < levels; i++) value = { next: value, kind: 'a' };
  return value;
}
