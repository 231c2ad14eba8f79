/**
 * The realtime stand-in's scripted "model": deterministic, text only, enough to drive tool calls,
 * and strict about the GA client events it is sent.
 *
 * - `session.update` → `session.updated`, or an `error` event (as OpenAI sends) when `session.type`
 *   is missing or a field has its beta name;
 * - `conversation.item.create` → `conversation.item.added` and `conversation.item.done`;
 * - `response.create`, looking at the items the client created since the last response:
 *   - a user or system message (DeepChat's `methods.sendMessage(text)`):
 *     - `/call <name> <arguments text>` lines → one function call per line, all in ONE response
 *       (as a reasoning model with `parallel_tool_calls` makes them);
 *     - "… weather in <city>[ and in <city>…]" → a `get_weather {"city": …}` call per city, in one response;
 *     - "book … at <restaurant> for <n> at <HH:MM>" → `book_table {…}`;
 *     - anything else → a short spoken answer saying what it understands;
 *   - `function_call_output` items → a spoken answer that reads every output back (errors included).
 */
import { randomBytes } from 'node:crypto';

import { refuseSession } from './ga-protocol.mjs';

/** The items the client created since the last `response.create` before this one. */
function createdSinceLastResponse(session) {
  const items = [];
  for (let i = session.events.length - 2; i >= 0; i--) {
    const { event } = session.events[i];
    if (event.type === 'response.create') break;
    if (event.type === 'conversation.item.create') items.unshift(event.item);
  }
  return items;
}

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

const eventError = (session, error) => session.send({ type: 'error', error: { ...error, event_id: null } });

/** @param {object} session a stand-in session (`send`, `callTools`, `say`, `events`, `config`) @param {object} event */
export function scriptedModel(session, event) {
  if (event.type === 'session.update') {
    const refusal = refuseSession(event.session);
    if (refusal) return eventError(session, refusal);
    Object.assign(session.config, event.session);
    session.send({ type: 'session.updated', session: { ...session.config, id: session.id, object: 'realtime.session' } });
    return;
  }
  if (event.type === 'conversation.item.create') {
    const item = { id: `item_${randomBytes(8).toString('hex')}`, object: 'realtime.item', status: 'completed', ...event.item };
    session.send({ type: 'conversation.item.added', previous_item_id: null, item });
    session.send({ type: 'conversation.item.done', previous_item_id: null, item });
    return;
  }
  if (event.type !== 'response.create') return;
  const items = createdSinceLastResponse(session);
  const outputs = items.filter((item) => item?.type === 'function_call_output');
  if (outputs.length > 0) {
    session.say(outputs.map((item) => readBack(item.output)).join(' '));
    return;
  }
  const message = items.findLast((item) => item?.type === 'message');
  if (message) {
    const calls = understand(textOf(message));
    if (calls.length > 0) session.callTools(calls);
    else session.say('(offline stand-in model) Ask me about the weather in a city, or to book a table at a restaurant for 2 at 19:30.');
  }
}
