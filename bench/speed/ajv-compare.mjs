// What every "against ajv" benchmark shares: the tool schema and argument
// texts of realistic size, and the interleaved side-by-side timing (both
// pipelines measured in one process, rounds alternating, medians).
import os from 'node:os';

export const bookingParameters = {
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
};

const segment = (i) => ({ from: 'CDG', to: ['JFK', 'NRT', 'GRU'][i % 3], date: `2027-0${1 + (i % 9)}-1${i % 10}` });

/** The booking arguments as a value, with `segments` trip segments (about 46 bytes each as JSON). */
export const bookingValue = (segments, traveller = 'Ana María') => ({
  traveller, email: 'ana@example.com', cabin: 'business', flight: 'AF1234', passengers: 2,
  contact: { phone: '+33 1 23 45 67 89', country: 'FR' }, segments: Array.from({ length: segments }, (_, i) => segment(i)),
});

// A second shape: an order whose arguments nest objects in an array in an
// object, so that an error can sit four levels deep (the booking's first
// error is in its first property).
export const orderParameters = {
  type: 'object',
  properties: {
    customer: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 80 },
        email: { type: 'string', format: 'email' },
        address: {
          type: 'object',
          properties: {
            street: { type: 'string', maxLength: 120 },
            city: { type: 'string', maxLength: 80 },
            postcode: { type: 'string', maxLength: 12 },
            country: { type: 'string', minLength: 2, maxLength: 2 },
          },
          required: ['street', 'city', 'country'],
          additionalProperties: false,
        },
      },
      required: ['name', 'address'],
      additionalProperties: false,
    },
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string', pattern: '^[A-Z]{2}-[0-9]{4}$' },
          quantity: { type: 'integer', minimum: 1, maximum: 99 },
          options: {
            type: 'object',
            properties: { giftWrap: { type: 'boolean' }, note: { type: 'string', maxLength: 200 } },
            additionalProperties: false,
          },
        },
        required: ['sku', 'quantity'],
        additionalProperties: false,
      },
    },
    delivery: { type: 'string', enum: ['standard', 'express', 'pickup'] },
  },
  required: ['customer', 'items'],
  additionalProperties: false,
};

/**
 * The order's arguments as a value (about 256 bytes as JSON). `giftWrap: "yes"` makes them invalid
 * with one error, a wrong type at /items/0/options/giftWrap, found after the whole customer is checked.
 */
export const orderValue = (giftWrap = true) => ({
  customer: { name: 'Ana María', email: 'ana@example.com', address: { street: '12 rue de la Paix', city: 'Paris', postcode: '75002', country: 'FR' } },
  items: [{ sku: 'BK-1042', quantity: 2, options: { giftWrap, note: 'For Léa' } }],
  delivery: 'express',
});

/** Segments for arguments of about `bytes` bytes of JSON. */
export const segmentsFor = (bytes) => Math.max(1, Math.round((bytes - 180) / 46));

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

/**
 * Times `ours` and `theirs` in alternating rounds (a slow moment of the machine hits both);
 * returns the medians (ns per call) and the median of the per-round ratios.
 */
export function compare(ours, theirs, { rounds = 9, roundMs = 200 } = {}) {
  const warm = performance.now();
  while (performance.now() - warm < 100) {
    ours();
    theirs();
  }
  const oursNs = [];
  const theirsNs = [];
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    oursNs.push(measure(ours, roundMs));
    theirsNs.push(measure(theirs, roundMs));
    ratios.push(oursNs.at(-1) / theirsNs.at(-1));
  }
  return { oursNs: median(oursNs), theirsNs: median(theirsNs), ratio: median(ratios) };
}

export const formatNs = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e5 ? `${(ns / 1000).toFixed(0)} µs` : `${(ns / 1000).toFixed(2)} µs`);

export const machine = () =>
  `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}; Node ${process.version}; loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;

/** Prints rows { label, bytes, oursNs, theirsNs, ratio } under a header naming both sides. */
export function printRows(title, oursName, theirsName, rows) {
  console.log(`\n${title}`);
  console.log(`${'case'.padEnd(44)} ${oursName.padStart(14)} ${theirsName.padStart(24)} ${'ratio'.padStart(7)}`);
  for (const r of rows) {
    const label = r.bytes === undefined ? r.label : `${r.label} (${r.bytes} B)`;
    console.log(`${label.padEnd(44)} ${formatNs(r.oursNs).padStart(14)} ${formatNs(r.theirsNs).padStart(24)} ${r.ratio.toFixed(2).padStart(7)}`);
  }
}
