// The JavaScript side of the JS–WASM wire: how a core object is made. The
// browser core's router is a C handle wrapped in common/core-router.js, the key
// piece's key manager one wrapped in web/core-keys.js (passed as its class, so
// that the key code stays in its own chunk); the compiler's own (CoreSchema,
// ToolSetCompilation, ToolRequestMatcher) are embind classes. Memory is read
// and written only by common/marshal.js, re-exported here.
import { CompanionConfigError } from './errors.js';
import { CoreRouter } from './core-router.js';

export { codeOf, heapUsedBytes, memoryBytes, readErrorRecord, readRecord, textAt, wireOf, withInputs } from './marshal.js';

const WIRE_CLASSES = { CoreRouter };

/**
 * Makes a core object: `type` is a handle class (CoreKeyManager), or a class's name (CoreRouter, or
 * one of the compiler's embind classes). Every class answers `error()` with why it refused its
 * input, or ''; a refused object is freed at once and the refusal thrown as a CompanionConfigError,
 * so set-up fails one way everywhere.
 */
export function construct(module, type, ...args) {
  const wireClass = typeof type === 'function' ? type : WIRE_CLASSES[type];
  const core = wireClass ? new wireClass(module, ...args) : new module[type](...args);
  const refusal = core.error();
  if (refusal) {
    core.delete();
    throw new CompanionConfigError(refusal);
  }
  return core;
}
