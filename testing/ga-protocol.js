/**
 * OpenAI's Realtime interface as it is today (GA only, since the beta was switched off on
 * 2026-05-12), for the stand-ins: which models exist and what session.created reports for them,
 * the effective session OpenAI fills in, what it refuses (sessions, conversation items) and the
 * error objects it refuses with. Written from openai-node's generated GA types
 * (src/resources/realtime/) and the public reports summed up in /work/shared/realtime-ga-record.md.
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

/**
 * Speech-to-speech models `/v1/realtime/calls` opens a session for, snapshots included (the SDKs'
 * enum). The gpt-4o-*-realtime-preview names are left out: they went with the beta, and what
 * OpenAI answers for them now is not on record.
 */
export const MODELS = new Set(['gpt-realtime', 'gpt-realtime-2025-08-28', 'gpt-realtime-1.5', 'gpt-realtime-2', 'gpt-realtime-2.1',
  'gpt-realtime-2.1-mini', 'gpt-realtime-mini', 'gpt-realtime-mini-2025-10-06', 'gpt-realtime-mini-2025-12-15',
  'gpt-audio-1.5', 'gpt-audio-mini', 'gpt-audio-mini-2025-10-06', 'gpt-audio-mini-2025-12-15']);
/** Reasoning models: the only ones that take `parallel_tool_calls` (and `reasoning`). */
export const REASONING_MODELS = new Set(['gpt-realtime-2', 'gpt-realtime-2.1', 'gpt-realtime-2.1-mini']);
/** Alias → the snapshot session.created reports. Only what has been seen; others are reported as given. */
export const SNAPSHOTS = new Map([['gpt-realtime', 'gpt-realtime-2025-08-28']]);
export const snapshotOf = (model) => SNAPSHOTS.get(model) ?? model;

/** The GA session object's fields (RealtimeSessionCreateRequest). */
const SESSION_FIELDS = new Set(['type', 'model', 'instructions', 'audio', 'include', 'max_output_tokens', 'output_modalities',
  'parallel_tool_calls', 'prompt', 'reasoning', 'tool_choice', 'tools', 'tracing', 'truncation']);
const AUDIO_FIELDS = { input: new Set(['format', 'noise_reduction', 'transcription', 'turn_detection']), output: new Set(['format', 'speed', 'voice']) };

/** An OpenAI error object. */
export const error = (message, code, param = null, type = 'invalid_request_error') => ({ type, code, message, param });

/**
 * Why OpenAI would refuse this session object, as its error object, or null. `where` prefixes
 * parameter names (`session.` in client_secrets and session.update). Any model name passes: OpenAI
 * mints keys for names the realtime transport then refuses (see {@link refuseModel}).
 * @param {unknown} session
 * @param {{ where?: string }} [options]
 */
export function refuseSession(session, { where = 'session.' } = {}) {
  if (session === null || typeof session !== 'object' || Array.isArray(session)) return error(`Invalid type for '${where.slice(0, -1)}'.`, 'invalid_type', where.slice(0, -1));
  if (session.type !== 'realtime' && session.type !== 'transcription') {
    return session.type === undefined
      ? error(`Missing required parameter: '${where}type'.`, 'missing_required_parameter', `${where}type`)
      : error(`Invalid value: '${session.type}'. Supported values are: 'realtime' and 'transcription'.`, 'invalid_value', `${where}type`);
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
  // Refused only where the model is known not to reason: what OpenAI does for other names is not on record.
  const model = session.model ?? 'gpt-realtime';
  if (session.parallel_tool_calls !== undefined && MODELS.has(model) && !REASONING_MODELS.has(model)) {
    return error(`'${where}parallel_tool_calls' is only supported by reasoning models such as gpt-realtime-2.`, 'unsupported_parameter', `${where}parallel_tool_calls`);
  }
  return null;
}

/**
 * What `/v1/realtime/calls` answers for a session on `model`, as `[status, error object]`, or null
 * when it may open: 400 `invalid_model` for a model that is not a realtime one (gpt-live-1, seen
 * live), 403 `model_not_found` for a realtime model the project is not entitled to (gpt-realtime-2.1
 * before allow-listing, seen live).
 * @param {string} model @param {Set<string>} entitled
 */
export function refuseModel(model, entitled) {
  if (!MODELS.has(model)) return [400, error(`Model '${model}' is not supported in realtime mode.`, 'invalid_model', 'model')];
  if (!entitled.has(model)) return [403, error(`The model '${model}' does not exist or you do not have access to it.`, 'model_not_found')];
  return null;
}

/** Content part types GA takes in a message item, per role (beta's `text`/`audio` are refused). */
const CONTENT_TYPES = {
  user: ['input_text', 'input_audio', 'input_image'],
  system: ['input_text'],
  assistant: ['output_text', 'output_audio'],
};
const listed = (values) => values.map((v) => `'${v}'`).join(', ').replace(/, ([^,]*)$/, ' and $1');

/**
 * Why OpenAI would refuse this `conversation.item.create` item, as its error object, or null.
 * Only message content types are checked (the exact GA text for a beta `text` part is not on record).
 */
export function refuseItem(item) {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return error("Invalid type for 'item'.", 'invalid_type', 'item');
  if (item.type !== 'message') return null;
  const allowed = CONTENT_TYPES[item.role];
  if (!allowed) return error(`Invalid value: '${item.role}'. Supported values are: ${listed(Object.keys(CONTENT_TYPES))}.`, 'invalid_value', 'item.role');
  for (const [i, part] of (Array.isArray(item.content) ? item.content : []).entries()) {
    if (!allowed.includes(part?.type)) {
      return error(`Invalid value: '${part?.type}'. Supported values are: ${listed(allowed)}.`, 'invalid_value', `item.content[${i}].type`);
    }
  }
  return null;
}

/** The error objects the session's own events are refused with (each code once, with its message). */
export const EVENT_ERRORS = {
  activeResponse: (responseId) => error(`Conversation already has an active response in progress: ${responseId}. Wait until the response is finished before creating a new one.`,
    'conversation_already_has_active_response'),
  cancelNotActive: () => error('Cancellation failed: no active response found', 'response_cancel_not_active'),
  commitEmpty: () => error('Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has 0.00ms of audio.',
    'input_audio_buffer_commit_empty'),
  modelChange: () => error("Cannot update a session's model.", 'invalid_value', 'session.model'),
  voiceChange: () => error("Cannot update a conversation's voice if assistant audio is present.", 'cannot_update_voice', 'session.audio.output.voice'),
  sessionExpired: () => error('Your session hit the maximum duration of 60 minutes.', 'session_expired'),
};

/** The longest a session lives (OpenAI: 60 minutes). */
export const SESSION_MAX_SECONDS = 3600;

const PCM = () => ({ type: 'audio/pcm', rate: 24000 });
const TURN_DETECTION = {
  server_vad: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200, idle_timeout_ms: null, create_response: true, interrupt_response: true },
  semantic_vad: { type: 'semantic_vad', eagerness: 'auto', create_response: true, interrupt_response: true },
};

/** A realtime session with nothing asked for, as session.created shows it (OpenAI's own instructions left out). */
function defaultSession() {
  return {
    type: 'realtime', object: 'realtime.session', model: 'gpt-realtime', output_modalities: ['audio'], instructions: '', tools: [],
    tool_choice: 'auto', max_output_tokens: 'inf', tracing: null, truncation: 'auto', prompt: null, include: null,
    audio: {
      input: { format: PCM(), transcription: null, noise_reduction: null, turn_detection: { ...TURN_DETECTION.server_vad } },
      output: { format: PCM(), voice: 'alloy', speed: 1 },
    },
  };
}

/**
 * `patch` applied to `base` as session.update applies it: the fields given replace the ones held,
 * `audio.input` and `audio.output` field by field; a turn detection of another type starts from
 * that type's defaults. Neither argument is changed.
 */
export function mergeSession(base, patch) {
  const merged = structuredClone({ ...base, ...patch, audio: base.audio });
  for (const side of ['input', 'output']) {
    for (const [name, value] of Object.entries(patch.audio?.[side] ?? {})) {
      const held = merged.audio[side][name];
      merged.audio[side][name] = name === 'turn_detection' && value !== null && typeof value === 'object'
        ? { ...TURN_DETECTION[value.type], ...(held?.type === value.type ? held : {}), ...structuredClone(value) }
        : structuredClone(value);
    }
  }
  return merged;
}

/** The full session OpenAI keeps for what was asked (the model name kept as asked). */
export const effectiveSession = (asked = {}) => mergeSession(defaultSession(), asked ?? {});
