// What every wiring in this folder serves: the page's tools, and tool handlers that report what
// they were given, so tests/tool-calls/documented-wirings.test.mjs can tell a validated call from one that
// slipped past the middleware.

/** The tools, as the page gives them to createCompanion. */
export const tools = [
  {
    type: 'function', name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string', maxLength: 40 }, days: { type: 'integer' } }, required: ['city'], additionalProperties: false },
  },
  {
    type: 'function', name: 'book',
    parameters: { type: 'object', properties: { restaurant: { type: 'string', maxLength: 40 }, people: { type: 'integer', maximum: 20 } }, required: ['restaurant', 'people'], additionalProperties: false },
    route: { method: 'POST', path: '/restaurants/{restaurant}/bookings' },
  },
  {
    type: 'function', name: 'read_file',
    parameters: { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z0-9%]+$' } }, required: ['id'] },
    route: { path: '/files/{id}' },
  },
];

/**
 * A tool handler's answer: which tool was reached, the validated call (null if the request got
 * here without one: a bypass), and what the framework itself parsed from the request.
 */
export function reached(tool, toolCall, framework) {
  return JSON.stringify({ reached: tool, toolCall: toolCall ?? null, framework });
}

/** The `x-reached` header, which tells a HEAD request's test what `reached` tells the others. */
export function mark(tool, toolCall) {
  return `${tool};validated=${toolCall ? 1 : 0}`;
}

/** Prints the port for the parent test, once listening. */
export function announce(port) {
  process.stdout.write(`WIRING LISTENING ${port}\n`);
}
