// The per-call crossing into the core. Arguments and answers go in through
// TextEncoder.encodeInto into a reused WASM buffer (10-20% cheaper than
// embind's string copy); plans (first steps and redirects) and verdicts come
// back as a report in WASM memory (bindings/router_bindings.cpp, Report), read
// here, because embind's string return scans every byte in JavaScript and a
// JSON round trip of the plan cost more than the rest of a small call.
// Text the fast lane would change (lone surrogates become U+FFFD in
// encodeInto) or that is over the limit takes embind's copy, and the core decides.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const KIND = [ // by the number the core returns
  'request', 'result', 'body', 'response', 'text'];
const NO_BODY = 0;
const BODY_IS_ARGUMENTS = 2;

// What JavaScript keeps per router: the report's address (fixed for the
// router's life) and the input buffer's address and capacity (it only grows,
// so a call that fits skips asking the core).
const lanes = new WeakMap();
function laneOf(core) {
  let lane = lanes.get(core);
  if (!lane) lanes.set(core, (lane = { report: core.report(), input: 0, capacity: 0 }));
  return lane;
}

// Writes `text` into the core's input buffer; its length in bytes, or -1 when
// the text must take embind's lane.
function writeInput(module, core, text, maxBytes) {
  if (text.length > maxBytes || !(text.isWellFormed?.() ?? false)) return -1;
  // UTF-8 takes at least one byte per UTF-16 unit and at most three.
  const needed = Math.min(text.length * 3, maxBytes + 1);
  const lane = laneOf(core);
  if (lane.capacity < needed) {
    lane.input = core.inputBuffer(needed); // may grow the memory: HEAPU8 is read only after it
    lane.capacity = needed;
  }
  const { read, written } = encoder.encodeInto(text, module.HEAPU8.subarray(lane.input, lane.input + needed));
  return read < text.length ? -1 : written;
}

// The report's fields: 32-bit words after maxResponseBytes, a double at byte 0.
const METHOD = 2, TEXT_AT = 3, TEXT_LENGTH = 4, BODY_AT = 5, BODY_LENGTH = 6, BODY = 7, TIMEOUT_MS = 8;

// Read after the call: the memory may have grown, so the views are fetched fresh.
const word = (module, address, field) => module.HEAPU32[(address >>> 2) + field];
const textAt = (module, address, at, length) =>
  decoder.decode(module.HEAPU8.subarray(word(module, address, at), word(module, address, at) + word(module, address, length)));

// The step the core reported: { request } to make, or { result } for the
// model. `argumentsText` is the text the core read from the input buffer, or
// undefined when it did not (its body is then decoded from the report).
function readPlan(module, core, kind, argumentsText) {
  const at = laneOf(core).report;
  const text = textAt(module, at, TEXT_AT, TEXT_LENGTH);
  if (KIND[kind] === 'result') return { result: JSON.parse(text) };
  const body = word(module, at, BODY);
  return {
    request: {
      method: METHODS[word(module, at, METHOD)],
      url: text,
      timeoutMs: word(module, at, TIMEOUT_MS),
      maxResponseBytes: module.HEAPF64[at >>> 3],
      // The model's own text when the core sends it unchanged: no decoding.
      body: body === BODY_IS_ARGUMENTS && argumentsText !== undefined ? argumentsText
        : body !== NO_BODY ? textAt(module, at, BODY_AT, BODY_LENGTH) : null,
    },
  };
}

/** The first step of a tool call: { request } to make, or { result } for the model. */
export function planCall(module, core, name, argumentsText, maxArgumentBytes) {
  const length = writeInput(module, core, argumentsText, maxArgumentBytes);
  return length < 0
    ? readPlan(module, core, core.plan(name, argumentsText))
    : readPlan(module, core, core.planInput(name, length), argumentsText);
}

/** The step after a redirect: { request } to the new location, or { result } (refused, too many). */
export function planRedirect(module, core, name, method, status, location, redirectsSoFar) {
  return readPlan(module, core, core.followRedirect(name, method, status, location, redirectsSoFar));
}

/**
 * The object for the model from a backend's answer. The core checks the body
 * (and builds every error); a JSON or text body it accepts is turned into the
 * result here, from the text JavaScript already holds.
 */
export function interpretAnswer(module, core, name, status, contentType, body) {
  const length = writeInput(module, core, body, Number.MAX_SAFE_INTEGER);
  const kind = KIND[length < 0
    ? core.interpret(name, status, contentType, body)
    : core.interpretInput(name, status, contentType, length)];
  if (kind === 'text') return { response: body };
  if (kind === 'body') return JSON.parse(body);
  if (kind === 'response') return { response: JSON.parse(body) };
  return JSON.parse(textAt(module, laneOf(core).report, TEXT_AT, TEXT_LENGTH));
}
