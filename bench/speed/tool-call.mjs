// `npm run bench`: the WASM part of one functionHandler call (plan: parse +
// validate + build the request; interpret: parse the answer), and the shipped
// sizes. A benchmark prints figures; it passes or fails nothing.
import { loadCore } from '../../common/load-core.js';
import { interpretAnswer, planCall } from '../../common/router-crossing.js';
import { compileWith } from '../../common/tool-set.js';
import { CoreRouter } from '../../common/core-router.js';
import { shippedSizes } from '../../scripts/measure/shipped-size.mjs';
import { ajvBundleSize } from '../size/ajv-bundle-size.mjs';
import { pageBundleSizes } from '../../scripts/measure/page-bundle.mjs';

const tools = [{
  type: 'function',
  name: 'get_weather',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer' } },
    required: ['city'],
    additionalProperties: false,
  },
}];
const smallArguments = '{"city":"São Paulo","unit":"celsius","days":3}';
const smallAnswer = '{"city":"São Paulo","temperature":21,"unit":"celsius","conditions":"sunny"}';

function measure(label, fn, { minMs = 1000 } = {}) {
  for (let i = 0; i < 2000; i++) fn(); // warm-up: let the JIT and the WASM tiers settle
  let runs = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 1000; i++) fn();
    runs += 1000;
    elapsed = performance.now() - started;
  }
  const ns = (elapsed * 1e6) / runs;
  console.log(`${label.padEnd(58)} ${(ns / 1000).toFixed(2).padStart(8)} µs/call  (${runs} calls)`);
  return ns;
}

const loadStarted = performance.now();
const module = await loadCore();
const loadMs = performance.now() - loadStarted;
const core = new CoreRouter(module, compileWith(module, { tools }).bytes, JSON.stringify({ baseOrigin: 'http://127.0.0.1:8080', basePath: '' }));

console.log(`Node ${process.version}; arguments ${Buffer.byteLength(smallArguments)} B, answer ${Buffer.byteLength(smallAnswer)} B\n`);
console.log(`load (read + compile + instantiate the .wasm, first call): ${loadMs.toFixed(1)} ms\n`);
const plan = () => planCall(module, core, 'get_weather', smallArguments);
measure('plan (parse + validate + URL), read back as an object', plan);
measure('interpret (check the JSON answer), JSON.parse of result', () =>
  interpretAnswer(module, core, 'get_weather', 200, 'application/json', smallAnswer));
measure('plan + interpret (the whole WASM part of one call)', () => {
  plan();
  interpretAnswer(module, core, 'get_weather', 200, 'application/json', smallAnswer);
});
measure('for scale: JSON.parse of the arguments in JS', () => JSON.parse(smallArguments));
core.delete();

const row = ({ path, part, raw, gzip }) => console.log(`  ${(path ? `${path}: ${part}` : part).padEnd(50)} ${String(raw).padStart(8)} B raw  ${String(gzip).padStart(7)} B gzip -9`);
console.log('\nshipped bytes, as published (sources)');
shippedSizes().forEach(row);
console.log('as a page ships them (the artifact\'s .wasm + the esbuild --minify --splitting files it loads)');
(await pageBundleSizes()).forEach(row);
console.log('for scale: Ajv2020 + ajv-formats, esbuild --minify');
row({ part: 'total', ...(await ajvBundleSize()) });
