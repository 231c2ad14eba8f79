/**
 * What of a tool OpenAI gets: the one rule behind every server helper that puts tools in a session
 * (the key handler's and the call handler's, through `splitTools`). The page and the server share
 * one tool list, so it holds fields that are not OpenAI's: those are left out here, and nothing
 * that is a function gets through (OpenAI gets JSON; a function would also break the session's
 * structuredClone with a message that names no tool).
 * @module
 */

/**
 * The page's own fields: where it sends the call (`route`), the function it runs instead
 * (`execute`), and whether it asks before a call (`needsApproval`).
 */
export const PAGE_ONLY_FIELDS = Object.freeze(['route', 'execute', 'needsApproval']);

/** The server's own fields: the function it runs for a call and that function's deadline. */
export const SERVER_ONLY_FIELDS = Object.freeze(['handler', 'timeoutMs']);

/**
 * A copy of `tool` as OpenAI's session gets it: without the page's and the server's own fields.
 * Throws a TypeError naming the field for any other field that is a function (a misspelt
 * `execute` or `handler` would otherwise vanish from the JSON without a word).
 * @param {object} tool a tool definition (an object; the caller has checked)
 * @param {string} where how messages name the tool (`createEphemeralKeyHandler: tool get_weather`)
 * @returns {object}
 */
export function toolForOpenAI(tool, where) {
  const forOpenAI = {};
  for (const [key, value] of Object.entries(tool)) {
    if (PAGE_ONLY_FIELDS.includes(key) || SERVER_ONLY_FIELDS.includes(key)) continue;
    if (typeof value === 'function') {
      throw new TypeError(`${where}: \`${key}\` is a function, and OpenAI gets JSON only; a tool's function is its \`execute\` (run by the page) or its \`handler\` (run by the server)`);
    }
    forOpenAI[key] = value;
  }
  return forOpenAI;
}
