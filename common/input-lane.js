// The one way text goes into the core on a hot path: TextEncoder.encodeInto
// straight into a buffer the core owns (its `inputBuffer(capacity)` returns
// the address, 0 past its limit). No per-character copy loop in the glue, and
// no lone surrogate merged with the next character as embind's string
// conversion does: callers refuse ill-formed text first (loneSurrogateAt).
// Used by the router's calls (common/router-crossing.js) and the validator (web/schema.js).

const encoder = new TextEncoder();

// A lone surrogate: a high one not followed by a low one, or a low one not
// preceded by a high one (the regex works on UTF-16 units: no `u` flag).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The index of the first lone surrogate in `text`, or -1 when it is well-formed UTF-16. */
export function loneSurrogateAt(text) {
  if (typeof text.isWellFormed === 'function' && text.isWellFormed()) return -1;
  return text.search(LONE_SURROGATE);
}

/** `text` with each lone surrogate shown as U+FFFD. */
export function wellFormed(text) {
  return loneSurrogateAt(text) < 0 ? text : text.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

// core -> { input, capacity }: the buffer only grows, so a text that fits skips asking the core.
const buffers = new WeakMap();

/**
 * Writes well-formed `text` into the core's input buffer (the buffer grows to at most maxBytes + 1
 * bytes for it); returns its whole UTF-8 length (larger than maxBytes: not all of it was written).
 */
export function writeInput(module, core, text, maxBytes) {
  // UTF-8 takes at least one byte per UTF-16 unit and at most three.
  const needed = Math.min(text.length * 3, maxBytes + 1);
  let buffer = buffers.get(core);
  if (!buffer) buffers.set(core, (buffer = { input: 0, capacity: 0, view: null }));
  if (buffer.capacity < needed) {
    const address = core.inputBuffer(needed); // may grow the memory: HEAPU8 is read only after it
    if (!address) throw new Error(`the core refused an input buffer of ${needed} bytes`);
    buffer.input = address;
    buffer.capacity = needed;
    buffer.view = null;
  }
  // The view over the whole buffer is kept while the memory has not grown:
  // growing detaches every view of the old ArrayBuffer, and a detached view
  // has length 0, a check cheaper than comparing the ArrayBuffers on every call.
  if (!buffer.view || buffer.view.length !== buffer.capacity) {
    buffer.view = module.HEAPU8.subarray(buffer.input, buffer.input + buffer.capacity);
  }
  // The whole buffer is the target: when it is larger than `needed` (an earlier, larger text), the
  // text may be written whole, and its length is then exact all the same.
  const { read, written } = encoder.encodeInto(text, buffer.view);
  return read < text.length ? written + utf8Length(text, read) : written;
}

// UTF-8 bytes of well-formed `text` from unit `from` on.
function utf8Length(text, from) {
  let bytes = 0;
  for (let i = from; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) (bytes += 4), i++; // a pair: well-formed text has its low half next
    else bytes += 3;
  }
  return bytes;
}
