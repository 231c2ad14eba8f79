// `npm run bench:hostile`: the evaluation budget's inputs (docs/validator.md),
// compileSchema on the WASM build against ajv 8 (Ajv2020, compiled once), side
// by side in one process, rounds interleaved, medians: uniqueItems over
// permutations of one 8-member object (several n) and the recursive oneOf
// whose branches both recurse (several depths). Slow cells get fewer rounds;
// the rounds are printed. Plus how noisy the machine was (loadavg before and
// after). A benchmark, not a test: nothing here fails on a figure.
import os from 'node:os';
import Ajv2020 from 'ajv/dist/2020.js';

import { compileSchema } from '../../web/index.js';
import { formatNs, machine } from './ajv-compare.mjs';
import { chain, dynamicRecursiveOneOf, permutations, recursiveOneOf } from '../../tests/support/hostile-arguments.mjs';

const ROUNDS = 7;
const SLOW_MS = 20_000; // a side that has spent this long on one row stops there (at least one round)

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// One round of a side: at least one call, repeated up to ~100 ms; ns per call.
function once(fn) {
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    runs++;
    elapsed = performance.now() - start;
  } while (elapsed < 100);
  return (elapsed * 1e6) / runs;
}

function row(label, ours, theirs) {
  ours();
  if (theirs) theirs(); // warm both once
  const o = [];
  const t = [];
  let oursSpent = 0;
  let theirsSpent = 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (oursSpent < SLOW_MS || o.length === 0) {
      const ns = once(ours);
      o.push(ns);
      oursSpent += ns / 1e6;
    }
    if (theirs && (theirsSpent < SLOW_MS || t.length === 0)) {
      const ns = once(theirs);
      t.push(ns);
      theirsSpent += ns / 1e6;
    }
  }
  const oursNs = median(o);
  const theirsNs = t.length ? median(t) : undefined;
  const cell = (ns, n) => (ns === undefined ? 'not run' : `${formatNs(ns)} (${n})`);
  console.log(`${label.padEnd(40)} ${cell(oursNs, o.length).padStart(18)} ${cell(theirsNs, t.length).padStart(18)} ${
    theirsNs === undefined ? '' : (oursNs / theirsNs).toFixed(3).padStart(8)}`);
}

function header(title) {
  console.log(`\n${title}`);
  console.log(`${'case'.padEnd(40)} ${'companion (rounds)'.padStart(18)} ${'ajv (rounds)'.padStart(18)} ${'ratio'.padStart(8)}`);
}

const loadBefore = os.loadavg();
console.log(`Hostile schemas against ajv (${machine()})`);
console.log(`medians of up to ${ROUNDS} alternating rounds; a side stops after ${SLOW_MS / 1000} s on a row. Ratio = ours / ajv.`);

const ajv = new Ajv2020({ allErrors: false });

header('uniqueItems over n permutations of one 8-member object (all distinct: valid)');
{
  const ours = await compileSchema({ type: 'array', uniqueItems: true });
  const theirs = ajv.compile({ type: 'array', uniqueItems: true });
  for (const n of [1000, 5000, 20_000]) {
    const value = permutations(n);
    const text = JSON.stringify(value);
    if (!ours.validate(text).valid) throw new Error(`uniqueItems ${n}: ours says invalid`);
    const ajvToo = n <= 20_000;
    row(`n = ${n} (${(text.length / 1e6).toFixed(2)} MB), text`, () => ours.validate(text), ajvToo ? () => theirs(JSON.parse(text)) : undefined);
  }
  ours.delete();
}

header('recursive oneOf, both branches recurse ($ref), valid chain of the given depth');
{
  const ours = await compileSchema(recursiveOneOf);
  const theirs = ajv.compile(recursiveOneOf);
  for (const depth of [12, 16, 20, 21, 40]) {
    const text = JSON.stringify(chain(depth));
    if (!ours.validate(text).valid) throw new Error(`oneOf ${depth}: ours says invalid`);
    // ajv has no memo: 2^40 evaluations would not end, so it is not run there.
    row(`depth ${depth}`, () => ours.validate(text), depth <= 21 ? () => theirs(JSON.parse(text)) : undefined);
  }
  ours.delete();
}

header('ours alone: refusals at the budget (arguments_too_complex / tooComplex)');
{
  const ours = await compileSchema(dynamicRecursiveOneOf);
  const deep = JSON.stringify(chain(40));
  if (!ours.validate(deep).tooComplex) throw new Error('the $dynamicRef chain was not refused');
  row('$dynamicRef oneOf, depth 40 (the floor)', () => ours.validate(deep));
  // The cap: as many chains of depth 40 as fit in 1 MB (the default argument limit), every one exponential.
  const chains = Math.floor(1_000_000 / JSON.stringify(chain(40)).length) - 1;
  const wide = JSON.stringify({ forest: Array.from({ length: chains }, () => chain(40)) });
  const { $schema, ...node } = dynamicRecursiveOneOf; // $schema only at a resource's root
  const forest = await compileSchema({ type: 'object', properties: { forest: { type: 'array', items: node } } });
  if (!forest.validate(wide).tooComplex) throw new Error('the forest was not refused');
  row(`${chains} such chains, ${(wide.length / 1e6).toFixed(2)} MB (the cap)`, () => forest.validate(wide));
  ours.delete();
  forest.delete();
}

const loadAfter = os.loadavg();
const fmt = (l) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`\nloadavg before: ${fmt(loadBefore)}; after: ${fmt(loadAfter)} (1, 5, 15 min; 2 cores)`);
