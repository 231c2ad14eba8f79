// The one reader and writer of WebAssembly memory for the core's plain C ABI
// (bindings/browser/exports.txt): text in, records out. Every layout is read
// by the declaration the core exports (bindings/browser/wire_declaration.cpp,
// the structs in wire.hpp): offsets, types and enum names are never restated
// here. Views are fetched after each call, since a call may grow the memory.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const wires = new WeakMap();

/**
 * What the core declared, read once per loaded module:
 * - `constants`: the limits JavaScript checks before text crosses;
 * - `names[Enum]`: each enum's names by number, `codes[Enum]` the numbers by name;
 * - `messages.KeyError`: each key error's sentence for the page author;
 * - `layouts[Record]`: each record's fields as [name, offset, type];
 * - `offsets[Record][field]`: the same offsets by name, for hot paths that read one field at a time
 *   (`report` is `offsets.Report`, the plan report's).
 */
export function wireOf(module) {
  let wire = wires.get(module);
  if (!wire) {
    if (typeof module._rc_wire_declaration !== 'function') {
      throw new Error('realtime-companion: the WebAssembly core declares no wire (rc_wire_declaration)');
    }
    const { constants, enums: names, messages, layouts: declared } = JSON.parse(textAt(module, module._rc_wire_declaration()));
    // A first tool call reads the constants, the names and the report's offsets; the tables by name
    // serve refusals, the key manager and the validator, and are built on first use: building them
    // all cost more than the rest of reading the declaration.
    let codes;
    let layouts;
    let offsets;
    wire = {
      constants, names, messages,
      // The key piece declares no plan report.
      report: declared.Report && mapValues(declared.Report, ([offset]) => offset),
      get codes() { return (codes ??= mapValues(names, (list) => Object.fromEntries(list.map((name, i) => [name, i])))); },
      get layouts() { return (layouts ??= mapValues(declared, (fields) => Object.entries(fields).map(([field, [offset, type]]) => [field, offset, type]))); },
      get offsets() { return (offsets ??= mapValues(declared, (fields) => mapValues(fields, ([offset]) => offset))); },
    };
    wires.set(module, wire);
  }
  return wire;
}

const mapValues = (object, f) => Object.fromEntries(Object.entries(object).map(([key, value]) => [key, f(value)]));

/** The text a `Text` record at `address` points at (bindings/browser/wire.hpp). */
export function textAt(module, address) {
  const heap = module.HEAPU32;
  const at = heap[address >>> 2];
  // The Text layout is { address, length }: the length's offset is declared, but the record is read before the declaration is.
  const length = heap[(address + 4) >>> 2];
  // A view made by the constructor: subarray() looks up a species constructor first, about 20 ns a call.
  return length === 0 ? '' : decoder.decode(new Uint8Array(module.HEAPU8.buffer, at, length));
}

/** The record of layout `name` at `address` as an object: enums by name, texts decoded, booleans as booleans, an error record as readErrorRecord reads it. */
export function readRecord(module, name, address) {
  const wire = wireOf(module);
  const out = {};
  for (const [field, offset, type] of wire.layouts[name]) {
    const at = address + offset;
    switch (type) {
      case 'f64': out[field] = module.HEAPF64[at >>> 3]; break;
      case 'u32': out[field] = module.HEAPU32[at >>> 2]; break;
      case 'i32': out[field] = module.HEAP32[at >>> 2]; break;
      case 'bool': out[field] = module.HEAPU32[at >>> 2] !== 0; break;
      case 'text': out[field] = textAt(module, at); break;
      case 'ErrorRecord': out[field] = readErrorRecord(module, wire.offsets.ErrorRecord, at); break;
      default: out[field] = wire.names[type][module.HEAPU32[at >>> 2]];
    }
  }
  return out;
}

/**
 * A validation's errors as the core laid them out (rc::schema::ErrorRecord), as
 * `{ valid, errors, truncated?, tooComplex? }`: `span` is where its words and its text are
 * (rc::wire::ErrorRecord, at the declared offsets `layout`: `offsets.ErrorRecord`). compileSchema's
 * validate() returns it; an invalid tool call's answer takes its `errors` (common/router-crossing.js).
 * One decode, then each string is a slice at the UTF-16 lengths the words give. The list is made at
 * its length and the result with its flags in one literal: on a small invalid text, growing an empty
 * array by push() and adding `truncated` afterwards were a tenth of the JavaScript around the call.
 */
export function readErrorRecord(module, layout, span) {
  const heap = module.HEAPU32; // read after the call: growing the memory replaces the view
  const words = heap[(span + layout.words) >>> 2] >>> 2;
  const text = textAt(module, span + layout.text);
  const flags = heap[words];
  const count = heap[words + 1];
  const errors = new Array(count);
  let from = 0;
  for (let i = 0, w = words + 2; i < count; i++, w += 3) {
    const instanceLocation = text.slice(from, (from += heap[w]));
    const keywordLocation = text.slice(from, (from += heap[w + 1]));
    errors[i] = { instanceLocation, keywordLocation, error: text.slice(from, (from += heap[w + 2])) };
  }
  const valid = (flags & 1) === 1;
  // A budget that ran out (4, tooComplex) refused the text rather than judged it (docs/validator.md).
  switch (flags & 6) {
    case 0: return { valid, errors };
    case 2: return { valid, errors, truncated: true };
    case 4: return { valid, errors, tooComplex: true };
    default: return { valid, errors, truncated: true, tooComplex: true };
  }
}

/** An enum value's number by name (an unknown name throws: it is a bug here, not input). */
export function codeOf(module, enumName, name) {
  const code = wireOf(module).codes[enumName][name];
  if (code === undefined) throw new Error(`realtime-companion: ${enumName} has no ${name}`);
  return code;
}

/**
 * Calls `call` with a (pointer, length) pair per input, each a string (as UTF-8; callers bound its
 * length and refuse ill-formed text first) or bytes, copied into one allocation freed after the call.
 */
export function withInputs(module, inputs, call) {
  let size = 0;
  for (const input of inputs) size += typeof input === 'string' ? input.length * 3 : input.length;
  const start = module._malloc(Math.max(size, 1));
  if (!start) throw new Error(`realtime-companion: the core could not allocate ${size} bytes`);
  try {
    const heap = module.HEAPU8; // after the allocation, which may have grown the memory
    const args = [];
    let at = start;
    for (const input of inputs) {
      let length;
      if (typeof input === 'string') {
        length = encoder.encodeInto(input, heap.subarray(at, at + input.length * 3)).written;
      } else {
        heap.set(input, at);
        length = input.length;
      }
      args.push(at, length);
      at += length;
    }
    return call(...args);
  } finally {
    module._free(start);
  }
}

/** Bytes the core's allocator has handed out and not taken back (for memory tests and benchmarks). */
export const heapUsedBytes = (module) => module._rc_heap_used_bytes();
/** The WebAssembly memory's size in bytes. */
export const memoryBytes = (module) => module._rc_memory_bytes();
