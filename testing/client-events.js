/**
 * The GA client events a session takes, handled as strictly as OpenAI handles them. Every refusal
 * is an `error` event whose `error.event_id` is the client event's `event_id`, and the session
 * stays open (OpenAI: "most errors are recoverable"). What a response says is not decided here:
 * `response.create` hands that to the model's `respond`.
 *
 * - `session.update` → `session.updated` with the full effective session, or refused whole: no
 *   `session.type`, a beta field name, a different `model` (`invalid_value`), a different voice once
 *   assistant audio exists (`cannot_update_voice`);
 * - `conversation.item.create` → `conversation.item.added` and `conversation.item.done`, or refused
 *   for a content type GA does not take (beta `text` on an assistant message);
 * - `response.create` while a response is active → `conversation_already_has_active_response`;
 * - `response.cancel` → the active response ends `cancelled` (`client_cancelled`), or
 *   `response_cancel_not_active`;
 * - `input_audio_buffer.commit` with nothing appended → `input_audio_buffer_commit_empty`;
 *   `input_audio_buffer.clear` → `input_audio_buffer.cleared`.
 *
 * Other client events are taken silently (recorded by the stand-in, answered by nothing).
 */
import { EVENT_ERRORS, mergeSession, refuseItem, refuseSession, snapshotOf } from './ga-protocol.js';

const sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Why OpenAI refuses this (well-formed) update of this session: a model or, after audio, a voice change. */
function refuseChange(session, patch) {
  const { model } = session.config;
  if (patch.model !== undefined && patch.model !== model && snapshotOf(patch.model) !== snapshotOf(model)) return EVENT_ERRORS.modelChange();
  const voice = patch.audio?.output?.voice;
  if (voice !== undefined && session.audioSent && !sameValue(voice, session.config.audio?.output?.voice)) return EVENT_ERRORS.voiceChange();
  return null;
}

function updateSession(session, event) {
  const patch = event.session;
  const refusal = refuseSession(patch) ?? refuseChange(session, patch);
  if (refusal) return session.refuse(event, refusal);
  session.config = mergeSession(session.config, patch);
  return session.send({ type: 'session.updated', session: session.describe() });
}

function createItem(session, event) {
  const refusal = refuseItem(event.item);
  if (refusal) return session.refuse(event, refusal);
  return session.addItem({ id: session.newId('item'), object: 'realtime.item', status: 'completed', ...event.item }, event.previous_item_id);
}

function createResponse(session, event, respond) {
  if (session.activeResponse !== null) return session.refuse(event, EVENT_ERRORS.activeResponse(session.activeResponse));
  return respond(session);
}

function cancelResponse(session, event) {
  if (session.activeResponse === null || (event.response_id !== undefined && event.response_id !== session.activeResponse)) {
    return session.refuse(event, EVENT_ERRORS.cancelNotActive());
  }
  return session.cancelResponse('client_cancelled');
}

/** Counts the appended audio's bytes (base64: 3 bytes per 4 characters), so that a commit of nothing is refused. */
function appendInputAudio(session, event) {
  session.inputAudioBytes += typeof event.audio === 'string' ? Math.floor((event.audio.length * 3) / 4) : 0;
}

function commitInputAudio(session, event) {
  if (session.inputAudioBytes === 0) return session.refuse(event, EVENT_ERRORS.commitEmpty());
  return session.commitInputAudio();
}

function clearInputAudio(session) {
  session.inputAudioBytes = 0;
  return session.send({ type: 'input_audio_buffer.cleared' });
}

const HANDLERS = new Map([
  ['session.update', updateSession],
  ['conversation.item.create', createItem],
  ['response.create', createResponse],
  ['response.cancel', cancelResponse],
  ['input_audio_buffer.append', appendInputAudio],
  ['input_audio_buffer.commit', commitInputAudio],
  ['input_audio_buffer.clear', clearInputAudio],
]);

/**
 * Handles one client event of `session`.
 * @param {object} session a stand-in session (`session.js`) @param {object} event a client event
 * @param {(session: object) => unknown} respond starts the model's response to what is pending
 */
export function handleClientEvent(session, event, respond) {
  return HANDLERS.get(event.type)?.(session, event, respond);
}
