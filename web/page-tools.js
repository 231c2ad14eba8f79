// The page's functions for its tools: `execute` (agents-realtime's name) runs a tool in the page
// instead of behind a route, and `needsApproval` (true, or a function of the arguments) makes the
// page ask before a call runs. Functions are not JSON, so the compiled set only marks such tools
// (`execute: true`, `needsApproval: true`) and the page gives the functions back: on raw tools,
// each on its tool; with a compiled set, `execute` by tool name. This file takes them out of the
// raw tools before compiling and checks them against what the core says the set holds.
import { CompanionConfigError } from '../common/errors.js';
import { cutText } from '../common/cut-text.js';

const quoted = (name) => JSON.stringify(cutText(String(name), 64));

/**
 * Raw tools as the compiler reads them (functions replaced by their marks), and the functions by
 * tool name. Only what only the page can check is checked here; the core words the rest.
 * @param {unknown[]} tools
 */
export function splitPageFunctions(tools) {
  const execute = new Map();
  const approval = new Map();
  const source = tools.map((tool, index) => {
    if (tool === null || typeof tool !== 'object' || Array.isArray(tool)) return tool;
    const runs = Object.hasOwn(tool, 'execute');
    const asks = typeof tool.needsApproval === 'function';
    if (!runs && !asks) return tool;
    const where = `tool ${typeof tool.name === 'string' ? quoted(tool.name) : `#${index}`}`;
    if (runs) {
      if (typeof tool.execute !== 'function') {
        throw new CompanionConfigError(`${where}: execute must be a function (the page runs the tool with it)`);
      }
      if (tool.route !== undefined) {
        throw new CompanionConfigError(`${where} has both execute (the page runs it) and route (a backend serves it); keep one`);
      }
      execute.set(tool.name, tool.execute);
    }
    if (asks) approval.set(tool.name, tool.needsApproval);
    return { ...tool, ...(runs && { execute: true }), ...(asks && { needsApproval: true }) };
  });
  return { source, execute, approval };
}

/**
 * The functions each call needs, by tool name: `execute` (the page runs the tool) and `approval`
 * (true, or the tool's function of the arguments). `marked` is the core's word on the loaded set
 * (`CoreRouter.pageTools()`); `split` the raw tools' functions, or undefined with a compiled set,
 * whose functions come by name in `executeOption`: a missing or extra one is refused.
 * @param {{ execute: string[], needsApproval: string[] }} marked
 * @param {ReturnType<typeof splitPageFunctions> | undefined} split
 * @param {unknown} executeOption createCompanion's `execute`
 */
export function pageFunctions(marked, split, executeOption) {
  if (split) {
    if (executeOption !== undefined) {
      throw new CompanionConfigError('execute (functions by tool name) is for a compiled toolSet; with raw tools, give each tool its own execute');
    }
    return {
      execute: split.execute,
      approval: new Map(marked.needsApproval.map((name) => [name, split.approval.get(name) ?? true])),
    };
  }
  if (executeOption !== undefined && (executeOption === null || typeof executeOption !== 'object' || Array.isArray(executeOption))) {
    throw new CompanionConfigError('execute must be an object: { toolName: function } for the tools the set says the page runs');
  }
  const given = executeOption ?? {};
  const execute = new Map();
  for (const name of marked.execute) {
    if (!Object.hasOwn(given, name)) {
      throw new CompanionConfigError(`the tool set says the page runs ${quoted(name)}: give its function as execute[${quoted(name)}]`);
    }
    if (typeof given[name] !== 'function') throw new CompanionConfigError(`execute[${quoted(name)}] must be a function`);
    execute.set(name, given[name]);
  }
  for (const name of Object.keys(given)) {
    if (!execute.has(name)) {
      throw new CompanionConfigError(`execute[${quoted(name)}]: the tool set has no tool of that name that the page runs (mark it "execute": true where the set is compiled)`);
    }
  }
  return { execute, approval: new Map(marked.needsApproval.map((name) => [name, true])) };
}
