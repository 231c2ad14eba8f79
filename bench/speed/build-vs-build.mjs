// Two builds of the package timed against each other in one process, rounds
// alternating: `node bench/speed/build-vs-build.mjs <before> <after>`, where each is a
// package folder with its own web/, common/ and dist/ (copies of web/ and common/ beside a dist/ built
// with -DRC_DIST_DIR=...). Each folder's modules load their own glue and .wasm,
// so a flag's cost is read as after / before on the rows of validator-vs-ajv.mjs
// and tool-call-vs-ajv.mjs, free of the minute-to-minute drift that separate runs
// on a shared machine see. Each round is timed in the process's CPU time, not
// wall time, so other jobs on a loaded machine do not land in one side's round.
// Ratio below 1: the second build is faster.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { bookingParameters, bookingValue, formatNs, machine, orderParameters, orderValue, segmentsFor } from './ajv-compare.mjs';

const cpuNs = () => { const { user, system } = process.cpuUsage(); return (user + system) * 1000; };
function measure(fn, minNs) {
  let runs = 0;
  const started = cpuNs();
  let spent = 0;
  while (spent < minNs) {
    for (let i = 0; i < 8; i++) fn();
    runs += 8;
    spent = cpuNs() - started;
  }
  return spent / runs;
}
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
function compare(after, before, rounds = 31, roundNs = 20e6) {
  for (let i = 0; i < 50; i++) { after(); before(); }
  const [afterNs, beforeNs, ratios] = [[], [], []];
  for (let round = 0; round < rounds; round++) {
    // Alternate which side goes first, so neither always follows the other's garbage.
    const [x, y] = round % 2 ? [measure(after, roundNs), measure(before, roundNs)] : [measure(before, roundNs), measure(after, roundNs)].reverse();
    afterNs.push(x); beforeNs.push(y); ratios.push(x / y);
  }
  return { oursNs: median(afterNs), theirsNs: median(beforeNs), ratio: median(ratios) };
}

const [before, after] = process.argv.slice(2).map((dir) => pathToFileURL(`${resolve(dir)}/`));
if (!after) {
  console.error('usage: node bench/speed/build-vs-build.mjs <before package folder> <after package folder>');
  process.exit(2);
}
const origin = 'http://127.0.0.1:8080';

async function pipelines(root) {
  const { compileSchema } = await import(new URL('web/index.js', root));
  const { loadCore } = await import(new URL('common/load-core.js', root));
  // A tree from before the crossing's rename names it plan-call.js.
  const { planCall } = await import(new URL('common/router-crossing.js', root)).catch(() => import(new URL('common/plan-call.js', root)));
  const { compileWith } = await import(new URL('common/tool-set.js', root));
  const { CoreRouter } = await import(new URL('common/core-router.js', root));
  const schema = await compileSchema(bookingParameters, { maxErrors: 1 });
  const order = await compileSchema(orderParameters, { maxErrors: 1 });
  const core = await loadCore();
  const tools = ['POST', 'GET'].map((method) => ({ type: 'function', name: method.toLowerCase(), parameters: bookingParameters, route: { method } }));
  tools.push({ type: 'function', name: 'order', parameters: orderParameters, route: { method: 'POST' } });
  const router = new CoreRouter(core, compileWith(core, { tools }).bytes, JSON.stringify({ baseOrigin: origin, basePath: '' }));
  return {
    validate: (text) => schema.validate(text),
    validateOrder: (text) => order.validate(text),
    validateValue: (value) => schema.validateValue(value),
    plan: (tool, text) => planCall(core, router, tool, text),
  };
}

const [a, b] = [await pipelines(before), await pipelines(after)];
const text = (bytes) => JSON.stringify(bookingValue(segmentsFor(bytes)));
const invalid = (bytes) => JSON.stringify(bookingValue(segmentsFor(bytes), ''));
const rows = [
  ['validate text, valid, 240 B', 'validate', text(240)],
  ['validate text, valid, 100 KB', 'validate', text(100_000)],
  ['validate text, invalid, 240 B', 'validate', invalid(240)],
  ['validate text, invalid, 100 KB', 'validate', invalid(100_000)],
  ['validateValue, valid, 240 B', 'validateValue', bookingValue(segmentsFor(240))],
  ['tool call POST, 240 B', 'plan', text(240), 'post'],
  ['tool call POST, 100 KB', 'plan', text(100_000), 'post'],
  ['tool call GET, 240 B', 'plan', text(240), 'get'],
  ['tool call GET, 3 KB', 'plan', text(3_000), 'get'],
  ['validate text, valid, order', 'validateOrder', JSON.stringify(orderValue())],
  ['validate text, invalid, order', 'validateOrder', JSON.stringify(orderValue('yes'))],
  ['tool call POST, invalid, 240 B', 'plan', invalid(240), 'post'],
  ['tool call POST, valid, order', 'plan', JSON.stringify(orderValue()), 'order'],
  ['tool call POST, invalid, order', 'plan', JSON.stringify(orderValue('yes')), 'order'],
].filter(([label]) => !process.env.ROWS || new RegExp(process.env.ROWS).test(label));
console.log(`${after.pathname} against ${before.pathname} (${machine()})`);
console.log(`${'case'.padEnd(34)} ${'before'.padStart(10)} ${'after'.padStart(10)}  after/before (CPU time, median of 31 rounds)`);
for (const [label, fn, input, tool] of rows) {
  const call = (p) => (tool ? () => p.plan(tool, input) : () => p[fn](input));
  const r = compare(call(b), call(a));
  console.log(`${label.padEnd(34)} ${formatNs(r.theirsNs).padStart(10)} ${formatNs(r.oursNs).padStart(10)}  ${r.ratio.toFixed(3)}`);
}
console.log(`loadavg at the end: ${machine().split('loadavg ')[1]}`);
