// `npm run bench` (the validator): compileSchema(...) on the WASM build against
// ajv 8 (Ajv2020 + ajv-formats, compiled once, allErrors off: it stops at the
// first error), side by side in one process, rounds interleaved, medians.
// Ratio = ours / ajv; below 1 is faster. Text rows: our validate(text) against
// JSON.parse + ajv. Value rows: our validateValue(value), which serialises the
// value to cross into WebAssembly, against ajv on the object itself; the
// JSON.stringify row is the floor that crossing sets. Number rows: 100 KB of
// measurements, as prices (short decimals) and as doubles JSON.stringify
// prints with 16-17 digits (the slower path of the number parser). Order rows:
// a second schema shape, objects nested in an array in an object, whose
// invalid text has its one error (a wrong type) four levels deep, after the
// rest has been checked.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { compileSchema } from '../../web/index.js';
import { bookingParameters, bookingValue, compare, machine, orderParameters, orderValue, printRows, segmentsFor } from './ajv-compare.mjs';

const sizes = [['240 B', 240], ['100 KB', 100_000], ['1 MB', 1_000_000]];

const readingsParameters = { type: 'object', properties: { readings: { type: 'array', items: { type: 'number' } } }, required: ['readings'] };
/** About `bytes` of JSON: numbers from a fixed sequence, as `shape` prints them. */
function readingsText(bytes, shape) {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const readings = [];
  let length = 16;
  while (length < bytes) {
    const x = shape === 'price' ? Math.round(next() * 100000) / 100 : next() * 1000;
    readings.push(x);
    length += String(x).length + 1;
  }
  return JSON.stringify({ readings });
}

export async function validatorRows() {
  const ours = await compileSchema(bookingParameters);
  const oursFirstError = await compileSchema(bookingParameters, { maxErrors: 1 });
  const ajv = new Ajv2020({ allErrors: false });
  addFormats(ajv);
  const theirs = ajv.compile(bookingParameters);

  const rows = [];
  const row = (label, text, oursFn, theirsFn, expectValid) => {
    // The same verdict on both sides before anything is timed.
    if (oursFn().valid !== expectValid || theirsFn() !== expectValid) throw new Error(`${label}: the validators disagree`);
    rows.push({ label, bytes: text === undefined ? undefined : Buffer.byteLength(text), ...compare(oursFn, theirsFn) });
  };
  for (const [size, bytes] of sizes) {
    const valid = bookingValue(segmentsFor(bytes));
    const text = JSON.stringify(valid);
    row(`text, valid, ${size}`, text, () => ours.validate(text), () => theirs(JSON.parse(text)), true);
  }
  for (const [size, bytes] of sizes) {
    // The error is in the first property: a validator that stops there reads little else.
    const text = JSON.stringify(bookingValue(segmentsFor(bytes), ''));
    row(`text, invalid (first error), ${size}`, text, () => oursFirstError.validate(text), () => theirs(JSON.parse(text)), false);
  }
  const order = await compileSchema(orderParameters);
  const orderFirstError = await compileSchema(orderParameters, { maxErrors: 1 });
  const theirOrder = ajv.compile(orderParameters);
  const orderValid = JSON.stringify(orderValue());
  row('text, valid, order', orderValid, () => order.validate(orderValid), () => theirOrder(JSON.parse(orderValid)), true);
  const orderInvalid = JSON.stringify(orderValue('yes'));
  row('text, invalid (deep type), order', orderInvalid, () => orderFirstError.validate(orderInvalid), () => theirOrder(JSON.parse(orderInvalid)), false);
  order.delete();
  orderFirstError.delete();
  const readings = await compileSchema(readingsParameters);
  const theirReadings = ajv.compile(readingsParameters);
  for (const shape of ['price', 'double']) {
    const text = readingsText(100_000, shape);
    const label = `text, valid, ${shape === 'price' ? 'prices' : '17-digit doubles'}, 100 KB`;
    row(label, text, () => readings.validate(text), () => theirReadings(JSON.parse(text)), true);
  }
  readings.delete();
  for (const [size, bytes] of sizes.slice(0, 2)) {
    const value = bookingValue(segmentsFor(bytes));
    const text = JSON.stringify(value);
    row(`value, valid, ${size}`, text, () => ours.validateValue(value), () => theirs(value), true);
    rows.push({ label: `  floor: JSON.stringify alone, ${size}`, bytes: Buffer.byteLength(text),
      ...compare(() => JSON.stringify(value), () => theirs(value)) });
  }
  ours.delete();
  oursFirstError.delete();
  return rows;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  console.log(`Validator against ajv (${machine()})`);
  const rows = await validatorRows();
  printRows('compileSchema: validate(text) / validateValue(value); medians of 9 alternating rounds', 'companion', 'ajv (JSON.parse + ajv)', rows);
  console.log(`\nloadavg at the end: ${machine().split('loadavg ')[1]}`);
}
