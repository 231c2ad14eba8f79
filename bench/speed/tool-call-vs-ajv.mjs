// `npm run bench` (the tool-call path): what functionHandler does before its
// fetch (validate the model's arguments text and plan the request:
// common/router-crossing.js) against JSON.parse + ajv (Ajv2020 + ajv-formats, compiled
// once) + building the same request in JavaScript, side by side in one
// process, rounds interleaved, medians. POST sends the arguments text as the
// body (both sides send the model's text unchanged); GET puts them in the
// query, at sizes a real server accepts (the whole URL under 8 KB, nginx's
// default: Node stops at 16 KiB, Apache at 8,190 bytes). Invalid rows: the
// error object the model receives (the companion's invalid_arguments) against
// the same object built in JavaScript from ajv's first error; one has its error
// in the first property, the other a wrong type four levels deep in a nested
// order (bench/speed/ajv-compare.mjs).
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { loadCore } from '../../common/load-core.js';
import { planCall } from '../../common/router-crossing.js';
import { compileWith } from '../../common/tool-set.js';
import { CoreRouter } from '../../common/core-router.js';
import { bookingParameters, bookingValue, compare, machine, orderParameters, orderValue, printRows, segmentsFor } from './ajv-compare.mjs';

const origin = 'http://127.0.0.1:8080';
const MAX_GET_URL = 8000;

export async function toolCallRows() {
  const core = await loadCore();
  const tools = [
    { type: 'function', name: 'book_trip', parameters: bookingParameters, route: { method: 'POST' } },
    { type: 'function', name: 'find_trip', parameters: bookingParameters, route: { method: 'GET' } },
    { type: 'function', name: 'place_order', parameters: orderParameters, route: { method: 'POST' } },
  ];
  const router = new CoreRouter(core, compileWith(core, { tools }).bytes, JSON.stringify({ baseOrigin: origin, basePath: '' }));
  const ajv = new Ajv2020({ allErrors: false });
  addFormats(ajv);
  const validate = ajv.compile(bookingParameters);
  const validateOrder = ajv.compile(orderParameters);
  // What the model is told when its arguments are invalid, built from ajv's first error.
  const invalidArguments = (name, errors) => {
    const list = errors.map((e) => ({ instanceLocation: e.instancePath, keywordLocation: e.schemaPath.slice(1), error: e.message }));
    const first = list[0];
    return { result: { error: {
      code: 'invalid_arguments', tool: name, errors: list,
      message: `The arguments for "${name}" are not valid: ${first.instanceLocation}: ${first.error}. Fix the arguments and call the tool again.`,
    } } };
  };
  const ajvPost = (text) => {
    const value = JSON.parse(text);
    if (!validate(value)) return invalidArguments('book_trip', validate.errors);
    return { method: 'POST', url: `${origin}/book_trip`, body: text };
  };
  const ajvPostOrder = (text) => {
    const value = JSON.parse(text);
    if (!validateOrder(value)) return invalidArguments('place_order', validateOrder.errors);
    return { method: 'POST', url: `${origin}/place_order`, body: text };
  };
  const ajvGet = (text) => {
    const value = JSON.parse(text);
    if (!validate(value)) return validate.errors;
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(value)) query.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
    return { method: 'GET', url: `${origin}/find_trip?${query}` };
  };

  const rows = [];
  const row = (label, tool, text, theirs, expectValid = true) => {
    const ours = () => planCall(core, router, tool, text);
    const { request: plan, result } = ours();
    const agree = expectValid ? plan && theirs(text).url
      : result?.error?.code === 'invalid_arguments' && result.error.errors.length === 1 && theirs(text).result.error.errors.length === 1;
    if (!agree) throw new Error(`${label}: the pipelines disagree`);
    if (plan?.method === 'GET' && plan.url.length > MAX_GET_URL) throw new Error(`${label}: a ${plan.url.length}-character URL no server takes`);
    rows.push({ label: `${label}${plan?.method === 'GET' ? `, URL ${plan.url.length} chars` : ''}`, bytes: Buffer.byteLength(text), ...compare(ours, () => theirs(text)) });
  };
  for (const [size, bytes] of [['240 B', 240], ['100 KB', 100_000]]) row(`POST, ${size}`, 'book_trip', JSON.stringify(bookingValue(segmentsFor(bytes))), ajvPost);
  for (const [size, bytes] of [['240 B', 240], ['3 KB', 3_000]]) row(`GET, ${size}`, 'find_trip', JSON.stringify(bookingValue(segmentsFor(bytes))), ajvGet);
  row('POST, invalid (first error)', 'book_trip', JSON.stringify(bookingValue(segmentsFor(240), '')), ajvPost, false);
  row('POST, valid, order', 'place_order', JSON.stringify(orderValue()), ajvPostOrder);
  row('POST, invalid (deep type), order', 'place_order', JSON.stringify(orderValue('yes')), ajvPostOrder, false);
  router.delete();
  return rows;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  console.log(`The tool-call path against ajv (${machine()})`);
  const rows = await toolCallRows();
  printRows('validate + plan; medians of 9 alternating rounds', 'companion', 'JSON.parse + ajv + request', rows);
  console.log(`\nloadavg at the end: ${machine().split('loadavg ')[1]}`);
}
