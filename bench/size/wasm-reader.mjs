// A minimal reader of the WebAssembly binary format, for bench/size/wasm-parts.mjs:
// the sections and their sizes, the code section's function bodies, and the
// function names of the "name" custom section (a --profiling-funcs build has it).
const SECTION_KINDS = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start',
  'element', 'code', 'data', 'data count', 'tag'];

class Cursor {
  constructor(bytes, at) {
    this.bytes = bytes;
    this.at = at;
  }

  byte() {
    return this.bytes[this.at++];
  }

  u32() {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = this.byte();
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  }

  name() {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  }
}

/**
 * @param {Uint8Array} bytes a .wasm file
 * @returns {{ sections: { kind: string, bytes: Uint8Array }[], functions: { name: string, body: Uint8Array }[],
 *   firstFunctionIndex: number }}
 *   bytes: the whole section, its id and length included, so the sections add up to the file;
 *   firstFunctionIndex: the index of functions[0] (imported functions are numbered first)
 */
export function readWasm(bytes) {
  const sections = [];
  const cursor = new Cursor(bytes, 8); // after the magic number and the version
  while (cursor.at < bytes.length) {
    const begin = cursor.at;
    const id = cursor.byte();
    const length = cursor.u32();
    const contents = bytes.subarray(cursor.at, cursor.at + length);
    const kind = id === 0 ? `custom "${new Cursor(contents, 0).name()}"` : SECTION_KINDS[id] ?? `section ${id}`;
    sections.push({ kind, contents, bytes: bytes.subarray(begin, cursor.at + length) });
    cursor.at += length;
  }
  const contentsOf = (kind) => sections.find((section) => section.kind === kind)?.contents;
  const firstIndex = importedFunctionCount(contentsOf('import'));
  const names = functionNames(contentsOf('custom "name"'));
  const functions = functionBodies(contentsOf('code')).map((body, i) => (
    { name: names.get(firstIndex + i) ?? `(function ${firstIndex + i}, unnamed)`, body }));
  return { sections: sections.map(({ kind, bytes: whole }) => ({ kind, bytes: whole })), functions, firstFunctionIndex: firstIndex };
}

// Function indices count the imported functions first.
function importedFunctionCount(contents) {
  if (!contents) return 0;
  const cursor = new Cursor(contents, 0);
  let functions = 0;
  for (let count = cursor.u32(); count > 0; count--) {
    cursor.name();
    cursor.name();
    const kind = cursor.byte();
    if (kind === 0) {
      functions++;
      cursor.u32(); // its type
    } else if (kind === 1) {
      cursor.byte(); // element type
      skipLimits(cursor);
    } else if (kind === 2) {
      skipLimits(cursor);
    } else if (kind === 3) {
      cursor.byte(); // value type
      cursor.byte(); // mutability
    } else {
      throw new Error(`unknown import kind ${kind}`);
    }
  }
  return functions;
}

function skipLimits(cursor) {
  const flags = cursor.byte();
  cursor.u32();
  if (flags & 1) cursor.u32();
}

// Each body whole (its size prefix included), as it counts towards the file.
function functionBodies(contents) {
  if (!contents) return [];
  const cursor = new Cursor(contents, 0);
  const bodies = [];
  for (let count = cursor.u32(); count > 0; count--) {
    const begin = cursor.at;
    const size = cursor.u32();
    bodies.push(contents.subarray(begin, cursor.at + size));
    cursor.at += size;
  }
  return bodies;
}

// The "name" section's subsection 1: function index -> name.
function functionNames(contents) {
  const names = new Map();
  if (!contents) return names;
  const cursor = new Cursor(contents, 0);
  cursor.name(); // "name"
  while (cursor.at < contents.length) {
    const id = cursor.byte();
    const end = cursor.u32() + cursor.at;
    if (id === 1) {
      for (let count = cursor.u32(); count > 0; count--) names.set(cursor.u32(), cursor.name());
    }
    cursor.at = end;
  }
  return names;
}
