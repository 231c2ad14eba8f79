/**
 * The realtime stand-in's scripted "model": deterministic, text only, enough to drive tool calls.
 *
 * It acts on `response.create`, looking at the item the client created just before it:
 * - a user or system message (DeepChat's `methods.sendMessage(text)`):
 *   - `/call <name> <arguments text>` → calls that tool with exactly that arguments text (tests);
 *   - "… weather in <city>" → `get_weather {"city": …}`;
 *   - "book … at <restaurant> for <n> at <HH:MM>" → `book_table {…}`;
 *   - anything else → a short spoken answer saying what it understands;
 * - a `function_call_output` → a spoken answer that reads the output back (errors included).
 * `session.update` is acknowledged with `session.updated`.
 */

function lastCreatedItem(session) {
  for (let i = session.events.length - 2; i >= 0; i--) {
    const { event } = session.events[i];
    if (event.type === 'conversation.item.create') return event.item;
    if (event.type === 'response.create') return null; // already answered
  }
  return null;
}

const textOf = (item) => (item?.content ?? []).map((part) => part.text ?? part.transcript ?? '').join(' ').trim();

/** The tool call a sentence asks for, or null. */
export function understand(text) {
  const command = text.match(/^\/call\s+(\S+)\s*([\s\S]*)$/);
  if (command) return { name: command[1], arguments: command[2] };
  const weather = text.match(/weather\s+(?:in|for|at)\s+([^?.!,]+)/i);
  if (weather) return { name: 'get_weather', arguments: JSON.stringify({ city: weather[1].trim() }) };
  const booking = text.match(/book\b.*?\b(?:at|in)\s+(.+?)\s+for\s+(\d+)(?:\s+people)?\s+at\s+(\d{1,2}:\d{2})/i);
  if (booking) {
    return { name: 'book_table', arguments: JSON.stringify({ restaurant: booking[1], people: Number(booking[2]), time: booking[3].padStart(5, '0') }) };
  }
  return null;
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

/** @param {object} session a stand-in session (`send`, `callTool`, `say`, `events`) @param {object} event */
export function scriptedModel(session, event) {
  if (event.type === 'session.update') {
    session.send({ type: 'session.updated', session: { ...session.config, ...event.session, id: session.id } });
    return;
  }
  if (event.type !== 'response.create') return;
  const item = lastCreatedItem(session);
  if (item?.type === 'function_call_output') {
    session.say(readBack(item.output));
    return;
  }
  if (item?.type === 'message') {
    const call = understand(textOf(item));
    if (call) session.callTool(call.name, call.arguments);
    else session.say('(offline stand-in model) Ask me about the weather in a city, or to book a table at a restaurant for 2 at 19:30.');
  }
}
