/**
 * Tools that run on the server: a tool in `createRealtimeCallHandler`'s `tools` with a `handler`
 * function. OpenAI gets it like any other tool (name, description, parameters); the page never
 * gets its handler, and its calls are made by the call's supervisor from the sideband.
 *
 * The arguments are checked by the same core as a page's tools (compiled as `execute: true`, the
 * router plans the call as a POST route that is never sent: its verdict is the validation), so the
 * model sees the same `invalid_arguments` / `arguments_too_complex` answers, in the same shape, and
 * the handler runs by the rule of every function run as a tool (common/function-tool.js). It gets the
 * arguments as a value, an AbortSignal that fires at its deadline (`timeoutMs`, default the
 * routes' 10 s) or when the call ends, and who the call is for. Whatever it does, the model gets an
 * object: a thrown error is `internal_error` (its message stays on the server: it may name a
 * database or hold a secret), a late answer `timeout`, a value JSON cannot write `invalid_response`,
 * one past `maxOutputBytes` `response_too_large`.
 * @module
 */
import { prepareToolSet } from '../../common/tool-set.js';
import { construct } from '../../common/wire.js';
import { planCall } from '../../common/router-crossing.js';
import { callDeadline } from '../../common/deadline.js';
import { runFunctionTool, toolAnswer } from '../../common/function-tool.js';
import { TOOL_NAME } from '../../common/realtime-ga.js';
import { PAGE_ONLY_FIELDS, toolForOpenAI } from '../openai-tools.js';

/** The fields of a server tool: OpenAI's, plus where it runs. */
const SERVER_TOOL_FIELDS = ['type', 'name', 'description', 'parameters', 'handler', 'timeoutMs'];
/** An output is text in the conversation: 1 MiB is more than a model reads usefully. */
export const MAX_OUTPUT_BYTES = 1024 * 1024;
/** The longest a handler may be given (the routes' ceiling). */
const MAX_TIMEOUT_MS = 600_000;

/**
 * Splits the call handler's `tools` into what OpenAI's session gets (every tool, without `handler`,
 * `timeoutMs` or a page's `route`) and the tools the server runs. Throws a TypeError naming the
 * tool for a definition that cannot work.
 * @param {unknown} tools the `tools` option (undefined: none)
 * @param {string} factory for messages
 * @returns {{ sessionTools: object[] | undefined, serverTools: { name: string, description?: string,
 *   parameters?: object, handler: Function, timeoutMs?: number }[] }}
 */
export function splitTools(tools, factory) {
  if (tools === undefined) return { sessionTools: undefined, serverTools: [] };
  if (!Array.isArray(tools)) throw new TypeError(`${factory}: \`tools\` must be an array`);
  const sessionTools = [];
  const serverTools = [];
  const names = new Set();
  tools.forEach((tool, index) => {
    if (tool === null || typeof tool !== 'object' || Array.isArray(tool)) throw new TypeError(`${factory}: \`tools[${index}]\` is not an object`);
    const name = typeof tool.name === 'string' && TOOL_NAME.test(tool.name) ? tool.name : null;
    if (name !== null) {
      if (names.has(name)) throw new TypeError(`${factory}: two tools are named ${name}`);
      names.add(name);
    }
    const { handler, timeoutMs } = tool;
    const where = `tool ${name ?? `[${index}]`}`;
    if (handler === undefined) {
      // A page-run tool's deadline is its own `timeoutMs` too (the page's, left out for OpenAI).
      if (timeoutMs !== undefined && tool.execute === undefined) throw new TypeError(`${factory}: ${where} has \`timeoutMs\` but no \`handler\` or \`execute\`; a timeout applies to a tool the server or the page runs (a route's is route.timeoutMs)`);
      sessionTools.push(toolForOpenAI(tool, `${factory}: ${where}`));
      return;
    }
    if (typeof handler !== 'function') throw new TypeError(`${factory}: ${where}: \`handler\` must be a function`);
    if (name === null) throw new TypeError(`${factory}: tools[${index}]: a tool the server runs needs a \`name\` matching ^[a-zA-Z0-9_-]{1,64}$`);
    if ((tool.type ?? 'function') !== 'function') throw new TypeError(`${factory}: ${where}: only a \`function\` tool can have a \`handler\``);
    // The page's fields would be ignored here: a route never called, an approval never asked.
    const pageOnly = PAGE_ONLY_FIELDS.find((key) => tool[key] !== undefined);
    if (pageOnly !== undefined) throw new TypeError(`${factory}: ${where} has both a \`handler\` (it runs on the server) and a \`${pageOnly}\` (the page's); keep one`);
    for (const key of Object.keys(tool)) {
      if (!SERVER_TOOL_FIELDS.includes(key)) throw new TypeError(`${factory}: ${where}: \`${key}\` is not a field of a tool (${SERVER_TOOL_FIELDS.join(', ')})`);
    }
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= MAX_TIMEOUT_MS)) {
      throw new RangeError(`${factory}: ${where}: \`timeoutMs\` must be an integer from 1 to ${MAX_TIMEOUT_MS}`);
    }
    sessionTools.push({ type: 'function', ...toolForOpenAI(tool, `${factory}: ${where}`) });
    serverTools.push({ name, description: tool.description, parameters: tool.parameters, handler, timeoutMs });
  });
  return { sessionTools, serverTools };
}

/**
 * The runner of the server's tools, or null when there are none. Their schemas are compiled in the
 * background (the factory stays synchronous); `ready` settles when they are, and rejects with the
 * compiler's CompanionConfigError for a schema it refuses.
 * @param {ReturnType<typeof splitTools>['serverTools']} serverTools
 * @param {{ wasm?: unknown, maxOutputBytes?: number }} [options]
 */
export function createServerTools(serverTools, { wasm, maxOutputBytes = MAX_OUTPUT_BYTES } = {}) {
  if (serverTools.length === 0) return null;
  const byName = new Map(serverTools.map((tool) => [tool.name, tool]));
  const asTools = serverTools.map(({ name, description, parameters, timeoutMs }) => ({
    type: 'function',
    name,
    ...(description !== undefined && { description }),
    ...(parameters !== undefined && { parameters }),
    // Run beside the core, like a page's `execute`: planned, never sent; the verdict is the validation.
    execute: true,
    ...(timeoutMs !== undefined && { timeoutMs }),
  }));
  const ready = prepareToolSet({ tools: asTools, wasm }).then(({ module, bytes }) => ({
    module,
    // Never sent anywhere: the plan's verdict is all that is used.
    core: construct(module, 'CoreRouter', bytes, JSON.stringify({ baseOrigin: 'http://server-tools.invalid', basePath: '' })),
  }));
  ready.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection

  /**
   * Runs one call of a server tool. Never rejects.
   * @param {{ name: string, argumentsText: unknown }} call
   * @param {{ signal: AbortSignal, context: object }} how `signal`: the call ended; `context` goes to the handler
   * @returns {Promise<{ output: object, text: string, outcome: string, error?: string }>} outcome:
   *   ok, or the error code the model got, or `aborted` (nothing to send)
   */
  async function run({ name, argumentsText }, { signal, context }) {
    const { module, core } = await ready;
    const text = typeof argumentsText === 'string' ? argumentsText : '';
    const step = planCall(module, core, name, text, typeof argumentsText === 'string' ? undefined : 'arguments');
    if (!step.request) return toolAnswer(step.result, step.result?.error?.code ?? 'refused');
    const deadline = callDeadline(step.request.timeoutMs, signal);
    try {
      return await runFunctionTool(module, core, {
        name,
        request: step.request,
        fn: byName.get(name).handler,
        context,
        deadline: deadline.signal,
        stop: signal,
        failed: () => 'the tool failed on the server', // its message may name a database or hold a secret
        maxBytes: maxOutputBytes,
      });
    } finally {
      deadline.end();
    }
  }

  return Object.freeze({
    names: Object.freeze([...byName.keys()]),
    has: (name) => typeof name === 'string' && byName.has(name),
    ready,
    run,
  });
}
