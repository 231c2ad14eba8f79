/**
 * The realtime stand-in's scripted "model": deterministic, text only, enough to drive tool calls,
 * and as strict about the GA client events it is sent as OpenAI is. Every refusal is an `error`
 * event whose `error.event_id` is the client event's `event_id`; the session stays open.
 *
 * - `session.update` → `session.updated` with the full effective session, or refused whole: no
 *   `session.type`, a beta field name, a different `model` (`invalid_value`), a different voice once
 *   assistant audio exists (`cannot_update_voice`);
 * - `conversation.item.create` → `conversation.item.added` and `conversation.item.done`, or refused
 *   for a content type GA does not take (beta `text` on an assistant message);
 * - `response.create` while a response is active → `conversation_already_has_active_response`;
 *   otherwise, looking at the items created since the last response began:
 *   - `function_call_output` items → a spoken answer that reads every output back (errors included);
 *   - else the last message (typed, or the user's transcribed speech):
 *     - `/call <name> <arguments text>` lines → one function call per line, all in ONE response
 *       (as a reasoning model with `parallel_tool_calls` makes them);
 *     - "… weather in <city>[ and in <city>…]" → a `get_weather {"city": …}` call per city, in one response;
 *     - "book … at <restaurant> for <n> at <HH:MM>" → `book_table {…}`;
 *     - anything else → a short spoken answer saying what it understands;
 *   - nothing new → a short spoken answer;
 * - `response.cancel` → the active response ends `cancelled` (`client_cancelled`), or
 *   `response_cancel_not_active`;
 * - `input_audio_buffer.commit` with nothing appended → `input_audio_buffer_commit_empty`;
 *   `input_audio_buffer.clear` → `input_audio_buffer.cleared`.
 */
import { EVENT_ERRORS, mergeSession, refuseItem, refuseSession, snapshotOf } from './ga-protocol.js';

const textOf = (item) => (item?.content ?? []).map((part) => part.text ?? part.transcript ?? '').join(' ').trim();

/** The tool calls a sentence asks for (possibly several), or an empty list. */
export function understand(text) {
  const commands = [...text.matchAll(/^\/call\s+(\S+)[ \t]*(.*)$/gm)];
  if (commands.length > 0) return commands.map((m) => ({ name: m[1], arguments: m[2] }));
  const weather = text.match(/weather\s+(?:in|for|at)\s+([^?.!,]+)/i);
  if (weather) {
    return weather[1].split(/\s+and\s+(?:in\s+|for\s+|at\s+)?/i).map((city) => ({ name: 'get_weather', arguments: JSON.stringify({ city: city.trim() }) }));
  }
  const booking = text.match(/book\b.*?\b(?:at|in)\s+(.+?)\s+for\s+(\d+)(?:\s+people)?\s+at\s+(\d{1,2}:\d{2})/i);
  if (booking) {
    return [{ name: 'book_table', arguments: JSON.stringify({ restaurant: booking[1], people: Number(booking[2]), time: booking[3].padStart(5, '0') }) }];
  }
  return [];
}

function readBack(outputText) {
  let output;
  try {
    output = JSON.parse(outputText);
  } catch {
    return `The tool answered something that is not JSON: ${String(outputText).slice(0, 120)}`;
  }
  if (output?.error) return `The tool call failed (${output.error.code}): ${output.error.message}`;
  if ('response' in (output ?? {}) && Object.keys(output).length === 1) return `The tool says: ${JSON.stringify(output.response)}`;
  return `The tool answered: ${JSON.stringify(output).slice(0, 200)}`;
}

const readBackAll = (outputs) => outputs.map((item) => readBack(item.output)).join(' ');
const outputsIn = (items) => items.filter((item) => item?.type === 'function_call_output');

/** What the model answers the user's speech: every tool output it has not answered yet, read back, or what it heard. */
export function spokenAnswer(items, transcript) {
  const outputs = outputsIn(items);
  return outputs.length > 0 ? readBackAll(outputs) : `(offline stand-in model) I heard: "${transcript}".`;
}

const sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Why OpenAI refuses this (well-formed) update of this session: a model or, after audio, a voice change. */
function refuseChange(session, patch) {
  const { model } = session.config;
  if (patch.model !== undefined && patch.model !== model && snapshotOf(patch.model) !== snapshotOf(model)) return EVENT_ERRORS.modelChange();
  const voice = patch.audio?.output?.voice;
  if (voice !== undefined && session.audioSent && !sameValue(voice, session.config.audio?.output?.voice)) return EVENT_ERRORS.voiceChange();
  return null;
}

function respond(session) {
  const items = session.takePending();
  const outputs = outputsIn(items);
  if (outputs.length > 0) return session.say(readBackAll(outputs));
  const message = items.findLast((item) => item?.type === 'message');
  if (!message) return session.say('(offline stand-in model) Is there anything else I can do?');
  const calls = understand(textOf(message));
  if (calls.length > 0) return session.callTools(calls);
  return session.say('(offline stand-in model) Ask me about the weather in a city, or to book a table at a restaurant for 2 at 19:30.');
}

/** @param {object} session a stand-in session (`session.js`) @param {object} event a client event */
export function scriptedModel(session, event) {
  switch (event.type) {
    case 'session.update': {
      const patch = event.session;
      const refusal = refuseSession(patch) ?? refuseChange(session, patch);
      if (refusal) return session.refuse(event, refusal);
      session.config = mergeSession(session.config, patch);
      return session.send({ type: 'session.updated', session: session.describe() });
    }
    case 'conversation.item.create': {
      const refusal = refuseItem(event.item);
      if (refusal) return session.refuse(event, refusal);
      return session.addItem({ id: session.newId('item'), object: 'realtime.item', status: 'completed', ...event.item }, event.previous_item_id);
    }
    case 'response.create':
      if (session.activeResponse !== null) return session.refuse(event, EVENT_ERRORS.activeResponse(session.activeResponse));
      return respond(session);
    case 'response.cancel':
      if (session.activeResponse === null || (event.response_id !== undefined && event.response_id !== session.activeResponse)) {
        return session.refuse(event, EVENT_ERRORS.cancelNotActive());
      }
      return session.cancelResponse('client_cancelled');
    case 'input_audio_buffer.append':
      session.inputAudioBytes += typeof event.audio === 'string' ? Math.floor((event.audio.length * 3) / 4) : 0;
      return;
    case 'input_audio_buffer.commit':
      if (session.inputAudioBytes === 0) return session.refuse(event, EVENT_ERRORS.commitEmpty());
      return session.commitInputAudio();
    case 'input_audio_buffer.clear':
      session.inputAudioBytes = 0;
      return session.send({ type: 'input_audio_buffer.cleared' });
    default:
  }
}
