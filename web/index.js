// realtime-companion: the safe companion of a DeepChat OpenAI Realtime page.
export { createCompanion } from './companion.js';
export { CompanionConfigError, TOOL_ERROR_CODES } from '../common/errors.js';
export { EphemeralKeyError } from './key-error.js';
export { compileSchema, lintTools } from './schema.js';
export { attachToDeepChat } from './attach.js';
