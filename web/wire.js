// The JavaScript side of the JS–WASM wire, which bindings/browser/wire_bindings.cpp
// declares: the names of the core's enums, the report's layout, and the one way
// a core object is made. Nothing here restates what the core declared; it is
// read from the loaded module once.
import { CompanionConfigError } from './errors.js';

// Every enum the wire declares. Each arrives as embind's enum object: a
// property per name, each holding an object whose `value` is the number.
const ENUMS = [
  'ReportKind', 'ReportBody', 'HttpMethod', 'CallRefusal', 'ErrorCode',
  'KeyError', 'CommandKind', 'EventKind', 'KeyState', 'KeyMode',
];
const REPORT_FIELDS = [
  'maxResponseBytes', 'method', 'textAddress', 'textLength', 'bodyAddress', 'bodyLength', 'body', 'timeoutMs',
];

const wires = new WeakMap();

/**
 * What the core declared, read once per loaded module:
 * - `names[Enum]`: the names by number (what a call returns as a plain number);
 * - `nameOf(value)`: the name of an enum value in a value object (a KeyCommand's kind, ...);
 * - `report`: each report field's byte offset.
 */
export function wireOf(module) {
  let wire = wires.get(module);
  if (!wire) {
    wire = readWire(module);
    wires.set(module, wire);
  }
  return wire;
}

function readWire(module) {
  const names = {};
  const byValue = new Map();
  for (const enumName of ENUMS) {
    const declared = module[enumName];
    if (typeof declared !== 'function') throw new Error(`realtime-companion: the WebAssembly core declares no ${enumName}`);
    names[enumName] = [];
    for (const name of Object.keys(declared)) {
      if (name === 'values') continue; // embind's own index by number
      names[enumName][declared[name].value] = name;
      byValue.set(declared[name], name);
    }
  }
  const report = {};
  for (const field of REPORT_FIELDS) {
    const offset = module[`report${field[0].toUpperCase()}${field.slice(1)}Offset`];
    if (typeof offset !== 'number') throw new Error(`realtime-companion: the WebAssembly core declares no offset for ${field}`);
    report[field] = offset;
  }
  return { names, nameOf: (value) => byValue.get(value), report };
}

/**
 * Makes a core object. Every class the core exposes answers `error()` with why
 * it refused its input, or ''; a refused object is freed at once and the
 * refusal thrown as a CompanionConfigError, so set-up fails one way everywhere.
 */
export function construct(module, className, ...args) {
  const core = new module[className](...args);
  const refusal = core.error();
  if (refusal) {
    core.delete();
    throw new CompanionConfigError(refusal);
  }
  return core;
}
