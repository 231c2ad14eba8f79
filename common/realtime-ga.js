// OpenAI's GA Realtime interface as both sides need it: where an offer goes, the names GA takes, and
// the beta session fields (switched off on 2026-05-12) that the server refuses at start-up. The
// translation for a DeepChat that still speaks beta is web/deepchat-2.4.2/'s. Checked against
// openai-node's generated GA types (src/resources/realtime/) and DeepChat 2.4.2 / 2.5.0's sources.

/** Where a GA WebRTC offer goes (`POST`, `application/sdp`, ephemeral key; or multipart, master key). */
export const GA_CALLS_PATH = '/v1/realtime/calls';

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

/** The beta field names in a session object, for a start-up error that says what to write instead. */
export function betaFieldsIn(session) {
  return Object.keys(session ?? {}).filter((name) => Object.hasOwn(BETA_SESSION_FIELDS, name));
}

/**
 * A model name as OpenAI spells one (`gpt-realtime`, `gpt-realtime-2.1-mini`): 1 to 64 of
 * `[a-z0-9._-]`, the first a letter or digit. OpenAI documents no pattern (every name it lists starts
 * with a letter). The browser core's copy is `valid_model_name` (src/keys/key_response.cpp);
 * tests/keys/key-rules-agree.test.mjs holds the two to every boundary character.
 */
export const MODEL_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** OpenAI's rule for a function tool's name. */
export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Every event that carries a new conversation item (GA's two, and beta's one). */
export const CONVERSATION_ITEM_EVENTS = new Set(['conversation.item.added', 'conversation.item.done', 'conversation.item.created']);
