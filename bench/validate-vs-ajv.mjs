// `npm run bench` (part 2): the companion's validate + plan on the WASM build
// against JSON.parse + ajv (Ajv2020 with ajv-formats, compiled once) + building
// the URL in JS, side by side in one process, for one realistic tool schema on
// a ~230-byte and a ~100 KB argument string. Prints ns per call and the ratio.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { loadCore } from '../web/load-core.js';
import { planCall } from '../web/plan-call.js';
import { compileWith } from '../web/tool-set.js';

export const bookingTool = {
  type: 'function',
  name: 'book_trip',
  parameters: {
    type: 'object',
    properties: {
      traveller: { type: 'string', minLength: 1, maxLength: 80 },
      email: { type: 'string', format: 'email' },
      cabin: { type: 'string', enum: ['economy', 'premium', 'business', 'first'] },
      flight: { type: 'string', pattern: '^[A-Z]{2}[0-9]{1,4}$' },
      passengers: { type: 'integer', minimum: 1, maximum: 9 },
      contact: {
        type: 'object',
        properties: { phone: { type: 'string', maxLength: 20 }, country: { type: 'string', minLength: 2, maxLength: 2 } },
        required: ['country'],
        additionalProperties: false,
      },
      segments: {
        type: 'array',
        items: {
          type: 'object',
          properties: { from: { type: 'string', minLength: 3, maxLength: 3 }, to: { type: 'string', minLength: 3, maxLength: 3 }, date: { type: 'string', format: 'date' } },
          required: ['from', 'to', 'date'],
        },
      },
    },
    required: ['traveller', 'email', 'cabin', 'flight', 'passengers'],
    additionalProperties: false,
  },
};

const segment = (i) => ({ from: 'CDG', to: ['JFK', 'NRT', 'GRU'][i % 3], date: `2027-0${1 + (i % 9)}-1${i % 10}` });
const argumentsOf = (segments) => JSON.stringify({
  traveller: 'Ana María', email: 'ana@example.com', cabin: 'business', flight: 'AF1234', passengers: 2,
  contact: { phone: '+33 1 23 45 67 89', country: 'FR' }, segments: Array.from({ length: segments }, (_, i) => segment(i)),
});
export const smallArguments = argumentsOf(1);
export const largeArguments = argumentsOf(1900);

function measure(fn, minMs) {
  let runs = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    runs++;
    elapsed = performance.now() - started;
  }
  return (elapsed * 1e6) / runs;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Rounds alternate between the two pipelines, so that a slow moment of the
// machine hits both; the figures are the medians over the rounds.
function compare(companion, ajv, rounds = 9, roundMs = 200) {
  for (let i = 0; i < 300; i++) {
    companion();
    ajv();
  }
  const companionNs = [];
  const ajvNs = [];
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    companionNs.push(measure(companion, roundMs));
    ajvNs.push(measure(ajv, roundMs));
    ratios.push(companionNs.at(-1) / ajvNs.at(-1));
  }
  return { companionNs: median(companionNs), ajvNs: median(ajvNs), ratio: median(ratios) };
}

export async function compareWithAjv() {
  const core = await loadCore();
  const router = new core.CoreRouter(compileWith(core, { tools: [bookingTool] }).bytes, JSON.stringify({ baseOrigin: 'http://127.0.0.1:8080', basePath: '' }));
  const ajv = new Ajv2020({ allErrors: false });
  addFormats(ajv);
  const validate = ajv.compile(bookingTool.parameters);
  const ajvPipeline = (text) => {
    const value = JSON.parse(text);
    if (!validate(value)) return validate.errors;
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(value)) query.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
    return `http://127.0.0.1:8080/book_trip?${query}`;
  };
  // What functionHandler does before its fetch (web/plan-call.js: the plan as an object).
  const companionPipeline = (text) => planCall(core, router, 'book_trip', text);

  // Same verdict on both sides before timing anything.
  for (const text of [smallArguments, largeArguments]) {
    if (typeof ajvPipeline(text) !== 'string' || !companionPipeline(text).request) throw new Error('the pipelines disagree');
  }
  const rows = [];
  for (const [label, text] of [['~230 B', smallArguments], ['~100 KB', largeArguments]]) {
    const figures = compare(() => companionPipeline(text), () => ajvPipeline(text));
    rows.push({ label, bytes: Buffer.byteLength(text), ...figures });
  }
  router.delete();
  return rows;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const rows = await compareWithAjv();
  console.log('arguments            companion (WASM)    JSON.parse + ajv + URL    ratio (≤ 1.0 is the goal; medians of 9 alternating rounds)');
  for (const r of rows) {
    const fmt = (ns) => (ns >= 1e5 ? `${(ns / 1000).toFixed(0)} µs` : `${(ns / 1000).toFixed(2)} µs`);
    console.log(`${`${r.label} (${r.bytes} B)`.padEnd(20)} ${fmt(r.companionNs).padStart(16)} ${fmt(r.ajvNs).padStart(25)} ${r.ratio.toFixed(2).padStart(12)}`);
  }
}
