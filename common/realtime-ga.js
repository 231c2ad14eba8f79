// What changed between OpenAI's beta Realtime interface (switched off on 2026-05-12) and GA, in one
// place: the browser's DeepChat 2.4.2 bridge translates with it, and the server refuses beta-shaped
// session settings with it at start-up. Checked against openai-node's generated GA types
// (src/resources/realtime/) and DeepChat 2.4.2 / 2.5.0's sources.

/** Where a GA WebRTC offer goes (`POST`, `application/sdp`, ephemeral key; or multipart, master key). */
export const GA_CALLS_PATH = '/v1/realtime/calls';

/** Server event names that GA renamed: GA name → the beta name a beta client listens for. */
export const GA_TO_BETA_EVENT = Object.freeze({
  'response.output_audio_transcript.delta': 'response.audio_transcript.delta',
  'response.output_audio_transcript.done': 'response.audio_transcript.done',
  'response.output_text.delta': 'response.text.delta',
  'response.output_text.done': 'response.text.done',
  'response.output_audio.delta': 'response.audio.delta',
  'response.output_audio.done': 'response.audio.done',
  'conversation.item.added': 'conversation.item.created',
});

/**
 * Beta session fields and where GA keeps them (a dotted path), or null where GA has no such field.
 * A GA `session.update` or `client_secrets` session with one of the beta names is refused upstream.
 */
export const BETA_SESSION_FIELDS = Object.freeze({
  modalities: 'output_modalities',
  voice: 'audio.output.voice',
  speed: 'audio.output.speed',
  output_audio_format: 'audio.output.format',
  input_audio_format: 'audio.input.format',
  input_audio_transcription: 'audio.input.transcription',
  input_audio_noise_reduction: 'audio.input.noise_reduction',
  turn_detection: 'audio.input.turn_detection',
  max_response_output_tokens: 'max_output_tokens',
  temperature: null,
});

// Beta audio formats were strings; GA's are objects.
const GA_AUDIO_FORMAT = { pcm16: { type: 'audio/pcm', rate: 24000 }, g711_ulaw: { type: 'audio/pcmu' }, g711_alaw: { type: 'audio/pcma' } };

function setPath(target, path, value) {
  const names = path.split('.');
  let node = target;
  for (const name of names.slice(0, -1)) {
    if (node[name] === null || typeof node[name] !== 'object') node[name] = {};
    node = node[name];
  }
  node[names.at(-1)] = value;
}

/**
 * A beta `session.update` session (as DeepChat 2.4.2's `methods.updateConfig` sends it) in GA shape:
 * `type: 'realtime'`, audio settings nested under `audio.input` / `audio.output`. Fields GA dropped
 * (`temperature`) are left out; GA fields pass unchanged.
 * @param {object} session
 */
export function betaSessionToGa(session) {
  const out = { type: 'realtime' };
  for (const [name, value] of Object.entries(session ?? {})) {
    if (name === 'type') continue;
    if (!Object.hasOwn(BETA_SESSION_FIELDS, name)) {
      out[name] = value;
      continue;
    }
    const path = BETA_SESSION_FIELDS[name];
    if (path === null) continue;
    let gaValue = value;
    if (name === 'modalities' && Array.isArray(value)) gaValue = value.includes('audio') ? ['audio'] : ['text'];
    if ((name === 'input_audio_format' || name === 'output_audio_format') && typeof value === 'string') gaValue = GA_AUDIO_FORMAT[value] ?? value;
    setPath(out, path, gaValue);
  }
  return out;
}

/** The beta field names in a session object, for a start-up error that says what to write instead. */
export function betaFieldsIn(session) {
  return Object.keys(session ?? {}).filter((name) => Object.hasOwn(BETA_SESSION_FIELDS, name));
}

/**
 * A model name as OpenAI spells one (`gpt-realtime`, `gpt-realtime-2.1-mini`): 1 to 64 of
 * `[a-z0-9._-]`, the first a letter or digit. OpenAI documents no pattern (every name it lists starts
 * with a letter). The browser core's copy is `valid_model_name` (src/keys/key_response.cpp);
 * tests/node/key-rules-agree.test.mjs holds the two to every boundary character.
 */
export const MODEL_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** OpenAI's rule for a function tool's name. */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Every event that carries a new conversation item (GA's two, and beta's one). */
export const CONVERSATION_ITEM_EVENTS = new Set(['conversation.item.added', 'conversation.item.done', 'conversation.item.created']);
