// The `keys` options, checked by the core that reads the tools (the browser core or the compiler:
// bindings/browser/key_options_bindings.cpp) when the companion is created, so that a mistake is
// refused at set-up although the key piece that runs them loads later. The rule is the key
// piece's own (src/keys/options.cpp), built into both.
import { CompanionConfigError } from '../common/errors.js';
import { jsonText } from '../common/json-text.js';
import { textAt, withInputs } from '../common/marshal.js';

// Only so that JSON.stringify cannot overflow the stack: the core refuses nesting far sooner, by name.
const KEYS_DEPTH = 128;

/** The options as JSON text the core accepted; a refusal throws CompanionConfigError. */
export function keyOptionsText(module, keys = {}) {
  const text = jsonText(keys, 'keys', KEYS_DEPTH);
  if (text === undefined) throw new CompanionConfigError('keys must be an object');
  const refusal = withInputs(module, [text], (at, length) => textAt(module, module._rc_key_options_error(at, length)));
  if (refusal) throw new CompanionConfigError(refusal);
  return text;
}
