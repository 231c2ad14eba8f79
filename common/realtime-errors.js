// What an `error` event from OpenAI's Realtime session means for the call, in one table.
//
// OpenAI: "Most errors are recoverable and the session will stay open" (RealtimeErrorEvent in
// openai-node's generated GA types). DeepChat (2.4.2 and 2.5) stops the whole call on any `error`,
// so the bridge shows DeepChat only the fatal ones and turns the rest into attach events.
// An unknown code is taken as recoverable, as OpenAI says of most errors: if OpenAI does end the
// session after it, the data channel closes and the bridge ends the call then, with that code.

/** code → [kind, what it means for the person, in a few words] */
const CODES = {
  // A response.create raced a response already under way (server VAD, usually): sent again later.
  conversation_already_has_active_response: ['recoverable', 'a response was already under way'],
  response_cancel_not_active: ['recoverable', 'there was no response to cancel'],
  input_audio_buffer_commit_empty: ['recoverable', 'there was no audio to commit'],
  cannot_update_voice: ['recoverable', 'the voice cannot change once the assistant has spoken'],
  // A refused client event (session.update, conversation.item.create …) is refused whole; the session goes on.
  invalid_value: ['recoverable', 'an event had an invalid value'],
  unknown_parameter: ['recoverable', 'an event had an unknown field'],
  missing_required_parameter: ['recoverable', 'an event lacked a field'],
  invalid_type: ['recoverable', 'an event had a field of the wrong type'],
  unsupported_parameter: ['recoverable', 'an event had a field this model does not take'],
  conversation_item_not_found: ['recoverable', 'an event named an item that does not exist'],
  item_truncate_invalid_item_id: ['recoverable', 'an event named an item that cannot be truncated'],
  // Not the server's sentence on purpose: in a session one request is limited, at the server's mint the account.
  rate_limit_exceeded: ['recoverable', 'a request was rate-limited'],
  // The session is over (OpenAI closes it, or nothing more can be done in it).
  session_expired: ['fatal', 'the session reached its maximum duration'],
  beta_api_shape_disabled: ['fatal', 'OpenAI no longer takes the beta interface'],
  // Not the server's sentence (server/openai-error-codes.js) on purpose: here the refused key is the page's ephemeral one.
  invalid_api_key: ['fatal', 'the key was refused'],
  insufficient_quota: ['fatal', 'the OpenAI account is out of quota'],
  model_not_found: ['fatal', 'this project may not use the model'],
  // Refusals of the offer only (not error events).
  invalid_model: ['fatal', 'the model cannot be used for realtime'],
};

/** What a code means for the person, in a few words, or null for a code not in the table. */
export function meaningOf(code) {
  return typeof code === 'string' && Object.hasOwn(CODES, code) ? CODES[code][1] : null;
}

/** A token as OpenAI spells codes, types and reasons (model_not_found, invalid_request_error); anything else is not echoed. The server's audit reads codes with it too. */
const CODE_TOKEN = /^[a-z0-9_.-]{1,64}$/i;

/** `value` if it is such a token, else null. */
export const codeToken = (value) => (typeof value === 'string' && CODE_TOKEN.test(value) ? value : null);
const MAX_MESSAGE = 300;

// Not common/cut-text.js on purpose: this bound counts code points (characters as shown), not UTF-16 units.
/** A string cut to `max` characters at a code-point boundary, without control characters. */
export function tidyText(value, max = MAX_MESSAGE) {
  if (typeof value !== 'string') return null;
  // eslint-disable-next-line no-control-regex
  const plain = value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  const points = Array.from(plain);
  return points.length <= max ? plain : `${points.slice(0, max - 1).join('')}…`;
}

// Not server/openai-error.js redactKeys on purpose: the page holds no master key, and what it shows a person says [key].
/**
 * `text` with every key-like token replaced: OpenAI's refusals quote keys, masked
 * (`Incorrect API key provided: ek_abc****wxyz`), and `secrets` (the token the page sent) go whole.
 */
export function redactKeys(text, secrets = []) {
  if (typeof text !== 'string') return text;
  let out = text.replace(/\b(?:sk|ek|rk)[-_][A-Za-z0-9*_\-.]{2,}[A-Za-z0-9*_-]/g, '[key]');
  for (const secret of secrets) {
    if (typeof secret === 'string' && secret.length >= 8) out = out.split(secret).join('[key]');
  }
  return out;
}

/**
 * An `error` event's fields, checked and classified.
 * @param {unknown} event a parsed server event with `type: 'error'`
 * @returns {{ code: string | null, message: string | null, param: string | null, eventId: string | null,
 *   fatal: boolean, known: boolean, meaning: string }}
 */
export function classifyRealtimeError(event) {
  const error = event !== null && typeof event === 'object' && event.error !== null && typeof event.error === 'object' ? event.error : {};
  const code = codeToken(error.code);
  const entry = code !== null && Object.hasOwn(CODES, code) ? CODES[code] : null;
  return {
    code,
    message: tidyText(redactKeys(error.message)),
    param: tidyText(error.param, 128),
    eventId: tidyText(error.event_id, 128),
    fatal: entry?.[0] === 'fatal',
    known: entry !== null,
    meaning: entry?.[1] ?? 'OpenAI reported an error',
  };
}

/**
 * What the element shows when OpenAI ends the call with this error: a short line, and OpenAI's
 * message as its detail (the element's tooltip): a long line would cover DeepChat's buttons.
 */
export function describeFatalError({ code, message, meaning }) {
  return { line: `OpenAI ended the call: ${meaning ?? meaningOf(code) ?? 'it reported an error'}${code ? ` (${code})` : ''}.`, detail: message ?? null };
}
