/**
 * The page's part of a tool list shared by the page and the server, as the compiler reads it (for
 * `compileToolSet`, `createToolSetHandler` and the CLI). A compiled set is JSON, so functions are
 * settled here rather than dropped by JSON.stringify without a word:
 * - a tool with a `handler` runs on the server: it is not the page's, and is left out of the set;
 * - a page-run tool's `execute` function becomes the set's marker `execute: true` (the page hands
 *   the function over by name when it loads the set);
 * - any other function (`needsApproval` as a function of the arguments, a misspelt field) is
 *   refused, naming the tool and the field.
 * @module
 */
import { CompanionConfigError } from '../common/errors.js';
import { TOOL_NAME } from '../common/realtime-ga.js';

/**
 * @param {unknown} source a tools array, or `{ tools, validation }`
 * @param {string} factory for messages
 * @returns {{ tools: unknown[], validation?: unknown }} what the compiler reads (other shapes are
 *   passed on as they are, for the compiler to refuse in its own words)
 */
export function pageToolList(source, factory) {
  const list = Array.isArray(source) ? { tools: source } : source;
  if (list === null || typeof list !== 'object' || !Array.isArray(list.tools)) {
    throw new CompanionConfigError(`${factory}: the tools must be an array, or { tools: [...], validation }`);
  }
  const tools = [];
  list.tools.forEach((tool, index) => {
    if (tool === null || typeof tool !== 'object' || Array.isArray(tool)) return void tools.push(tool);
    if (tool.handler !== undefined) return; // the server's: its calls never reach the page
    const forSet = {};
    for (const [key, value] of Object.entries(tool)) {
      if (typeof value !== 'function') forSet[key] = value;
      else if (key === 'execute') forSet.execute = true;
      else throw new CompanionConfigError(`${factory}: tool ${nameOf(tool, index)}: \`${key}\` is a function, which a compiled set cannot hold (it is JSON)${key === 'needsApproval' ? '; give true or false, or pass the tools to createCompanion({ tools }) to decide per call' : ''}`);
    }
    tools.push(forSet);
  });
  return { ...list, tools };
}

function nameOf(tool, index) {
  return typeof tool.name === 'string' && TOOL_NAME.test(tool.name) ? tool.name : `[${index}]`;
}
