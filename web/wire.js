// The JavaScript side of the JS–WASM wire: how a core object is made. The
// browser core's objects (a router, a key manager) are C handles wrapped in
// web/core-router.js and web/core-keys.js; the compiler's own (CoreSchema,
// ToolSetCompilation, ToolRequestMatcher) are embind classes. Memory is read
// and written only by web/marshal.js, re-exported here.
import { CompanionConfigError } from './errors.js';
import { CoreKeyManager } from './core-keys.js';
import { CoreRouter } from './core-router.js';

export { codeOf, heapUsedBytes, memoryBytes, readRecord, textAt, wireOf, withInputs } from './marshal.js';

const WIRE_CLASSES = { CoreRouter, CoreKeyManager };

/**
 * Makes a core object. Every class answers `error()` with why it refused its
 * input, or ''; a refused object is freed at once and the refusal thrown as a
 * CompanionConfigError, so set-up fails one way everywhere.
 */
export function construct(module, className, ...args) {
  const wireClass = WIRE_CLASSES[className];
  const core = wireClass ? new wireClass(module, ...args) : new module[className](...args);
  const refusal = core.error();
  if (refusal) {
    core.delete();
    throw new CompanionConfigError(refusal);
  }
  return core;
}
