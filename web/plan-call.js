// The per-call crossing into the core. Arguments and answers go in through
// TextEncoder.encodeInto into a reused WASM buffer (10-20% cheaper than
// embind's string copy); plans and verdicts come back as a report in WASM
// memory (bindings/router_bindings.cpp, Report), read here, because embind's
// string return scans every byte in JavaScript and a JSON round trip of the
// plan cost more than the rest of a small call.
// Text the fast lane would change (lone surrogates become U+FFFD in
// encodeInto) or that is over the limit takes embind's copy, and the core decides.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const KIND = [ // by the number the core returns
  'request', 'result', 'body', 'response', 'text'];
const NO_BODY = 0;
const BODY_IS_ARGUMENTS = 2;

// The input buffer each router has: { address, capacity }. It only grows, so
// a call that fits skips asking the core.
const inputBuffers = new WeakMap();

// Writes `text` into the core's input buffer; its length in bytes, or -1 when
// the text must take embind's lane.
function writeInput(module, core, text, maxBytes) {
  if (text.length > maxBytes || !(text.isWellFormed?.() ?? false)) return -1;
  // UTF-8 takes at least one byte per UTF-16 unit and at most three.
  const needed = Math.min(text.length * 3, maxBytes + 1);
  let buffer = inputBuffers.get(core);
  if (!buffer || buffer.capacity < needed) {
    // May grow the memory: HEAPU8 is read only after it.
    buffer = { address: core.inputBuffer(needed), capacity: needed };
    inputBuffers.set(core, buffer);
  }
  const { read, written } = encoder.encodeInto(text, module.HEAPU8.subarray(buffer.address, buffer.address + needed));
  return read < text.length ? -1 : written;
}

// Field indexes in the report (32-bit words; word 0 is the kind, which the call
// also returns; maxResponseBytes is a double at byte 32).
const METHOD = 1, TEXT_AT = 2, TEXT_LENGTH = 3, BODY_AT = 4, BODY_LENGTH = 5, BODY = 6, TIMEOUT_MS = 7;

// The report's address never changes for a router; it is asked once.
const reportAddresses = new WeakMap();
function reportAddress(core) {
  let address = reportAddresses.get(core);
  if (address === undefined) reportAddresses.set(core, (address = core.report()));
  return address;
}

// Read after the call: the memory may have grown, so the views are fetched fresh.
const word = (module, address, field) => module.HEAPU32[(address >>> 2) + field];
const textAt = (module, address, at, length) =>
  decoder.decode(module.HEAPU8.subarray(word(module, address, at), word(module, address, at) + word(module, address, length)));

/** The next step of a tool call: { request } to make, or { result } for the model. */
export function planCall(module, core, name, argumentsText, maxArgumentBytes) {
  const length = writeInput(module, core, argumentsText, maxArgumentBytes);
  const kind = KIND[length < 0 ? core.plan(name, argumentsText) : core.planInput(name, length)];
  const at = reportAddress(core);
  const text = textAt(module, at, TEXT_AT, TEXT_LENGTH);
  if (kind === 'result') return { result: JSON.parse(text) };
  const body = word(module, at, BODY);
  return {
    request: {
      method: METHODS[word(module, at, METHOD)],
      url: text,
      timeoutMs: word(module, at, TIMEOUT_MS),
      maxResponseBytes: module.HEAPF64[(at + 32) >>> 3],
      // The model's own text when the core sends it unchanged: no decoding.
      body: body === BODY_IS_ARGUMENTS && length >= 0 ? argumentsText
        : body !== NO_BODY ? textAt(module, at, BODY_AT, BODY_LENGTH) : null,
    },
  };
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
  return JSON.parse(textAt(module, reportAddress(core), TEXT_AT, TEXT_LENGTH));
}
