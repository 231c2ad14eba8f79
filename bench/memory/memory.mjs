// `npm run bench:memory`: 1,000,000 tool calls (mixed valid and invalid) and
// 100,000 key cycles through the WASM build, printing the WASM heap at the
// start, along the way and at the end. It must stay flat.
import { createCompanion } from '../../web/index.js';
import { loadCore } from '../../common/load-core.js';
import { heapUsedBytes, memoryBytes } from '../../common/wire.js';
import { inMemoryFetch, keyAnswer } from '../../tests/support/in-memory-fetch.mjs';

const CALLS = Number(process.argv[2] ?? 1_000_000);
const KEY_CYCLES = Number(process.argv[3] ?? 100_000);

const tools = [{
  type: 'function', name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'], additionalProperties: false },
}];
const fetch = inMemoryFetch((url) => {
  if (url.includes('/ephemeral-key')) return keyAnswer();
  if (url.includes('city=Fail')) return { status: 500, body: '{"detail":"down"}' };
  return { body: '{"temp":21,"conditions":"sunny"}' };
});
// Mixed: valid, schema violations, invalid JSON, unknown tools, backend failures.
const calls = [
  { name: 'get_weather', arguments: '{"city":"Paris","days":3}' },
  { name: 'get_weather', arguments: '{"city":"São Paulo"}' },
  { name: 'get_weather', arguments: '{"city":42}' },
  { name: 'get_weather', arguments: '{"city":"x","extra":true}' },
  { name: 'get_weather', arguments: '{"city":' },
  { name: 'no_such_tool', arguments: '{}' },
  { name: 'get_weather', arguments: '{"city":"Fail"}' },
  { name: '../escape', arguments: '{}' },
];

const core = await loadCore();
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const row = (label, done) =>
  console.log(`${label.padEnd(28)} ${String(done).padStart(9)}   heap in use ${kib(heapUsedBytes(core)).padStart(10)}   WASM memory ${kib(memoryBytes(core)).padStart(10)}`);

const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:1', tools, fetch, keyEndpoint: '/ephemeral-key' });
for (let i = 0; i < 10_000; i++) await companion.functionHandler(calls[i % calls.length]); // warm-up
row('tool calls: start', 0);
const started = performance.now();
for (let i = 1; i <= CALLS; i++) {
  await companion.functionHandler(calls[i % calls.length]);
  if (i % (CALLS / 4) === 0) row('tool calls', i);
}
const callSeconds = (performance.now() - started) / 1000;

row('key cycles: start', 0);
const keysStarted = performance.now();
for (let i = 1; i <= KEY_CYCLES; i++) {
  await companion.fetchEphemeralKey();
  if (i % (KEY_CYCLES / 4) === 0) row('key cycles', i);
}
const keySeconds = (performance.now() - keysStarted) / 1000;
companion.dispose();
row('after dispose()', 0);
console.log(`\n${CALLS} calls in ${callSeconds.toFixed(1)} s (${((callSeconds * 1e6) / CALLS).toFixed(1)} µs/call, in-memory fetch included); ` +
  `${KEY_CYCLES} key cycles in ${keySeconds.toFixed(1)} s`);
