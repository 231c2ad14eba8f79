/**
 * The realtime stand-in's scripted "model": deterministic, text only, enough to drive tool calls.
 * The GA client events are handled as strictly as OpenAI handles them (`client-events.js`); what
 * is decided here is what a `response.create` gets, looking at the items created since the last
 * response began:
 *
 * - `function_call_output` items → a spoken answer that reads every output back (errors included);
 * - else the last message (typed, or the user's transcribed speech):
 *   - `/call <name> <arguments text>` lines → one function call per line, all in ONE response
 *     (as a reasoning model with `parallel_tool_calls` makes them);
 *   - "… weather in <city>[ and in <city>…]" → a `get_weather {"city": …}` call per city, in one response;
 *   - "book … at <restaurant> for <n> at <HH:MM>" → `book_table {…}`;
 *   - anything else → a short spoken answer saying what it understands;
 * - nothing new → a short spoken answer.
 */
import { handleClientEvent } from './client-events.js';

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

/** The response a `response.create` gets for what is pending (see the list above). */
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
  return handleClientEvent(session, event, respond);
}
