// Runs a function as a tool: the one rule for a tool whose code runs beside the companion (the
// page's `execute`, the server's `handler`) instead of behind an HTTP route. The core planned
// the call as a POST route that is never sent, so the validation (the plan's verdict), the
// deadline (its timeoutMs) and the size limit (its maxResponseBytes) are the routed tools' own;
// this file calls the function and shapes whatever it gives into an object for the model.
import { beforeDeadline } from './deadline.js';
import { failCall } from './router-crossing.js';

const encoder = new TextEncoder();
const ABORTED = Object.freeze({ output: null, text: '', outcome: 'aborted' });

/**
 * Never rejects. `deadline` aborts at the call's deadline or when `stop` does (common/deadline.js
 * callDeadline); `failed(error)` is what the model is told of a throw (short: it may be read aloud,
 * and on the server it must not carry the error's text).
 * @param {object} module the core's module
 * @param {object} core the CoreRouter the call was planned on
 * @param {{ name: string, request: { body: string | null, maxResponseBytes: number }, fn: Function,
 *   context: object, deadline: AbortSignal, stop?: AbortSignal, failed: (error: unknown) => string,
 *   maxBytes?: number }} call
 * @returns {Promise<{ output: object | null, text: string, outcome: string, error?: string }>}
 *   outcome: `ok`, the error code the model gets, or `aborted` (the call ended: nothing to answer);
 *   `error`: a throw's class name, for logs
 */
export async function runFunctionTool(module, core, { name, request, fn, context, deadline, stop, failed, maxBytes = Infinity }) {
  const fail = (code, detail, error) => toolAnswer(failCall(module, core, name, code, detail), code, error);
  let value;
  try {
    // The plan's body is the arguments the core accepted (blank arguments are an empty object).
    const args = JSON.parse(request.body || '{}');
    value = await beforeDeadline(new Promise((resolve) => {
      resolve(fn(args, { ...context, signal: deadline }));
    }), deadline);
  } catch (error) {
    if (stop?.aborted) return ABORTED;
    if (deadline.aborted) return fail('timeout');
    return fail('internal_error', failed(error), errorName(error));
  }
  if (stop?.aborted) return ABORTED;
  const output = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : { response: value ?? null };
  let text;
  try {
    text = JSON.stringify(output);
  } catch {
    text = undefined; // a cycle, a BigInt, a throwing getter or toJSON
  }
  if (typeof text !== 'string') return fail('invalid_response', 'the tool answered a value that is not JSON');
  const limit = Math.min(maxBytes, request.maxResponseBytes);
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most answers need no encoding to be measured.
  if (text.length * 3 > limit && encoder.encode(text).length > limit) return fail('response_too_large');
  return { output, text, outcome: 'ok' };
}

/** A run's result for `output`: its JSON text for the conversation, and how it ended. */
export function toolAnswer(output, outcome, error) {
  return { output, text: JSON.stringify(output), outcome, ...(error && { error }) };
}

/** What a log may say of a thrown error: its class, never its message (it may hold a secret). */
export function errorName(error) {
  try {
    const name = error?.name;
    return typeof name === 'string' && /^[A-Za-z_$][\w$]{0,60}$/.test(name) ? name : typeof error;
  } catch {
    return 'unknown';
  }
}
