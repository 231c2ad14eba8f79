/**
 * OpenAI's Realtime interface as it is today (GA only, since the beta was switched off on
 * 2026-05-12), for the stand-ins: what the beta paths answer now, which session fields and models
 * exist, and the error shapes. Written from openai-node's generated GA types
 * (src/resources/realtime/) and the public reports of the switch-off.
 */

/** What OpenAI answers a request in the beta shape (`/v1/realtime`, `/v1/realtime/sessions`). */
export const BETA_DISABLED = Object.freeze({
  status: 400,
  body: {
    error: {
      type: 'invalid_request_error',
      code: 'beta_api_shape_disabled',
      message: 'The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.',
      param: null,
    },
  },
});

export const MODELS = new Set(['gpt-realtime', 'gpt-realtime-1.5', 'gpt-realtime-2', 'gpt-realtime-2.1', 'gpt-realtime-2.1-mini', 'gpt-realtime-mini']);
/** Reasoning models: the only ones that take `parallel_tool_calls`. */
export const REASONING_MODELS = new Set(['gpt-realtime-2', 'gpt-realtime-2.1', 'gpt-realtime-2.1-mini']);

/** The GA session object's fields (RealtimeSessionCreateRequest). */
const SESSION_FIELDS = new Set(['type', 'model', 'instructions', 'audio', 'include', 'max_output_tokens', 'output_modalities',
  'parallel_tool_calls', 'prompt', 'reasoning', 'tool_choice', 'tools', 'tracing', 'truncation']);
const AUDIO_FIELDS = { input: new Set(['format', 'noise_reduction', 'transcription', 'turn_detection']), output: new Set(['format', 'speed', 'voice']) };

/** An OpenAI error object. */
export const error = (message, code, param = null, type = 'invalid_request_error') => ({ type, code, message, param });

/**
 * Why OpenAI would refuse this session object, as its error object, or null. `where` prefixes
 * parameter names (`session.` in client_secrets and session.update).
 * @param {unknown} session
 * @param {{ where?: string, requireModel?: boolean }} [options]
 */
export function refuseSession(session, { where = 'session.' } = {}) {
  if (session === null || typeof session !== 'object' || Array.isArray(session)) return error(`Invalid type for '${where.slice(0, -1)}'.`, 'invalid_type', where.slice(0, -1));
  if (session.type !== 'realtime') {
    return session.type === undefined
      ? error(`Missing required parameter: '${where}type'.`, 'missing_required_parameter', `${where}type`)
      : error(`Invalid value: '${session.type}'. Supported values are: 'realtime'.`, 'invalid_value', `${where}type`);
  }
  for (const name of Object.keys(session)) {
    if (!SESSION_FIELDS.has(name)) return error(`Unknown parameter: '${where}${name}'.`, 'unknown_parameter', `${where}${name}`);
  }
  if (session.audio !== undefined) {
    for (const [part, value] of Object.entries(session.audio ?? {})) {
      if (!AUDIO_FIELDS[part]) return error(`Unknown parameter: '${where}audio.${part}'.`, 'unknown_parameter', `${where}audio.${part}`);
      for (const name of Object.keys(value ?? {})) {
        if (!AUDIO_FIELDS[part].has(name)) return error(`Unknown parameter: '${where}audio.${part}.${name}'.`, 'unknown_parameter', `${where}audio.${part}.${name}`);
      }
    }
  }
  if (session.model !== undefined && !MODELS.has(session.model)) {
    return error(`Invalid value: '${session.model}'. The model does not exist or you do not have access to it.`, 'invalid_value', `${where}model`);
  }
  if (session.parallel_tool_calls !== undefined && !REASONING_MODELS.has(session.model ?? 'gpt-realtime')) {
    return error(`'${where}parallel_tool_calls' is only supported by reasoning models such as gpt-realtime-2.`, 'unsupported_parameter', `${where}parallel_tool_calls`);
  }
  return null;
}
