// compileSchema: the companion's JSON Schema validator for direct use
// (draft 2020-12 by default, draft-07 by $schema or defaultDialect).
import { loadCore } from '../common/load-core.js';
import { CompanionConfigError } from '../common/errors.js';
import { loneSurrogateAt, writeInput } from '../common/input-lane.js';
import { construct, readErrorRecord, wireOf } from '../common/wire.js';
import { jsonText } from '../common/json-text.js';
import { toolSetLimits } from '../common/tool-set.js';
import { cutText } from '../common/cut-text.js';

/**
 * Compiles `schema` once; the validator's calls are synchronous.
 * @param {object | boolean} schema
 * @param {{ defaultDialect?: 'draft2020-12' | 'draft7', formats?: 'assert' | 'annotation',
 *           remotes?: Record<string, object | boolean>, maxErrors?: number, wasm?: unknown }} [options]
 */
export async function compileSchema(schema, options = {}) {
  const { wasm, ...compileOptions } = options ?? {};
  const module = await loadCore(wasm);
  const schemaText = jsonText(schema, 'the schema', toolSetLimits(module).jsonDepth);
  if (schemaText === undefined) throw new CompanionConfigError('the schema must be JSON (an object or a boolean)');
  const core = construct(module, 'CoreSchema', schemaText, JSON.stringify(compileOptions));
  const maxTextBytes = core.maxTextBytes();
  const self = core.address(); // for the plain export rc_schema_validate_input
  const recordLayout = wireOf(module).offsets.ErrorRecord; // looked up once: an invalid call only reads it
  let deleted = false;
  const check = () => {
    if (deleted) throw new Error('realtime-companion: this validator was deleted');
  };
  // The text goes in through the input lane; a valid verdict comes back as 0,
  // and errors are read from where the core laid them out.
  const validateText = (text) => {
    const lone = loneSurrogateAt(text);
    if (lone >= 0) return invalid(`the text holds ill-formed UTF-16 (a lone surrogate at index ${lone}), which has no UTF-8 form; it was not read`);
    const length = writeInput(module, core, text, maxTextBytes);
    const span = module._rc_schema_validate_input(self, length);
    return span === 0 ? { valid: true, errors: [] } : readErrorRecord(module, recordLayout, span);
  };
  const validator = {
    /** Validates JSON text (like the model's arguments string); a value is validateValue's. */
    validate(jsonText) {
      check();
      if (typeof jsonText !== 'string' && !(jsonText instanceof String)) {
        return invalid(`validate() takes JSON text and was given ${kindOf(jsonText)}; for a value, use validateValue()`);
      }
      return validateText(String(jsonText));
    },
    /** Validates a JavaScript value (serialised with JSON.stringify first). */
    validateValue(value) {
      check();
      let text;
      try {
        text = JSON.stringify(value);
      } catch (e) {
        return invalid(`the value could not be serialised (${cutText(String(e?.message ?? e), 200)})`);
      }
      if (text === undefined) return invalid('the value is not representable as JSON');
      return validateText(text);
    },
    /** Frees the compiled schema in WebAssembly memory. */
    delete() {
      if (deleted) return;
      deleted = true;
      core.delete();
    },
  };
  if (Symbol.dispose) validator[Symbol.dispose] = validator.delete;
  return validator;
}

/** What was given where text was expected, in words (never the value itself). */
function kindOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'undefined' ? 'undefined' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

const invalid = (error) => ({ valid: false, errors: [{ instanceLocation: '', keywordLocation: '', error }] });

/**
 * What OpenAI would reject, or what would break at run time, in tool definitions:
 * `{ errors, warnings }`, each `{ tool, path, message }`. createCompanion rejects on errors.
 * @param {object[]} tools
 * @param {{ defaultDialect?: string, formats?: string, remotes?: object, wasm?: unknown }} [options]
 */
export async function lintTools(tools, options = {}) {
  const { wasm, ...validation } = options ?? {};
  const module = await loadCore(wasm);
  return lintWithCore(module, tools, validation);
}

export function lintWithCore(module, tools, validation = {}) {
  const text = jsonText(tools, 'the tools', toolSetLimits(module).jsonDepth);
  if (text === undefined) return { errors: [{ tool: '', path: '', message: 'tools must be JSON' }], warnings: [] };
  return JSON.parse(module.lintTools(text, JSON.stringify(validation ?? {})));
}
