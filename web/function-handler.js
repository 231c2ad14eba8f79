// DeepChat's function_handler for one companion: reads whatever DeepChat (or anyone) passes
// without throwing, performs the call, tells the page, and always resolves to a plain object.
import { internalError, thrownText } from '../common/errors.js';
import { failCall } from '../common/router-crossing.js';
import { cutText } from '../common/cut-text.js';
import { performToolCall } from './tool-call.js';
import { seekApproval } from './approval.js';
import { callListener } from './listeners.js';
import { toolCallFinished } from './event-stream.js';

/**
 * DeepChat's function_handler: always resolves to a plain object, whatever `call` is. `signal`
 * (the bridge's, when the voice session stops) aborts the backend request, the headers function,
 * a page-run tool and a pending approval; the rest of `context` is attach's (see readContext).
 * @param {{ module: object, core: object, io: object, inPage: object, approve?: Function, stream: object,
 *   listeners: Set<Function>, disposed: boolean }} c the companion's parts (createCompanion's)
 */
export function createFunctionHandler(c) {
  return async (call, context) => {
    const started = performance.now();
    const read = readCall(call);
    const trace = { name: read.name, arguments: read.argumentsText, requests: [], status: undefined };
    const how = readContext(context);
    // attach passes its onEvent and tells the call's start and end itself, in the element's stream
    // (which companion.attach feeds into this companion's). Called any other way, this does.
    const callId = how.callId ?? null;
    const toStream = how.onEvent === null;
    if (toStream) {
      how.onEvent = (type, detail) => c.stream.emit({ type, at: Date.now(), ...detail });
      how.onEvent('tool_call_started', { name: read.name, callId, runsOn: 'page' });
    }
    let result;
    try {
      result = c.disposed
        ? internalError(read.name, 'This tool is no longer available (the page closed its companion).')
        : await performToolCall(c.core, c.io, read, trace, how.signal, inPageSteps(c, read, how));
    } catch (error) {
      result = thrownAnswer(c.module, c.core, read.name, error, c.disposed);
    }
    if (result === null || typeof result !== 'object' || Array.isArray(result)) {
      result = { response: result ?? null };
    }
    const record = { ...trace, result, durationMs: performance.now() - started };
    for (const listener of c.listeners) callListener(listener, record);
    if (toStream) how.onEvent('tool_call_finished', toolCallFinished({ name: read.name, callId, result, durationMs: record.durationMs }));
    return result;
  };
}

/** What the page does for this call: ask first (needsApproval), run it in the page (execute). */
function inPageSteps(c, read, { signal, callId, approve: approveHere, defaultApprove, onEvent }) {
  const needs = c.inPage.approval.get(read.name);
  return {
    execute: c.inPage.execute.get(read.name),
    callId,
    approval: needs && ((deadline) => seekApproval({
      module: c.module, core: c.core, name: read.name, argumentsText: read.argumentsText, callId, needs,
      approve: approveHere ?? c.approve ?? defaultApprove, onEvent, deadline, stop: signal,
    })),
  };
}

// The call as plain text, read once: DeepChat passes { name, arguments } with
// the model's JSON text. Anything else must still give an answer: a getter
// that throws, a revoked Proxy or arguments JSON.stringify cannot write make
// the part that could not be read `unreadable` (the core words the refusal).
function readCall(call) {
  let name;
  try {
    name = call?.name;
  } catch {
    return { name: '', argumentsText: '', unreadable: 'name' };
  }
  name = typeof name === 'string' ? name : '';
  try {
    return { name, argumentsText: argumentsAsText(call?.arguments) };
  } catch {
    return { name, argumentsText: '', unreadable: 'arguments' };
  }
}

// functionHandler's second argument, read once without throwing: `signal` (the session's end),
// and from attach the call's id, its `approve` (over the companion's), the element's own
// confirmation (`defaultApprove`, when neither gave one) and where approval events go (null: not
// called by attach, the companion's own stream).
function readContext(context) {
  const how = { signal: undefined, callId: undefined, approve: undefined, defaultApprove: undefined, onEvent: null };
  try {
    if (context?.signal instanceof AbortSignal) how.signal = context.signal;
    if (typeof context?.callId === 'string') how.callId = context.callId;
    for (const name of ['approve', 'defaultApprove']) if (typeof context?.[name] === 'function') how[name] = context[name];
    const onEvent = context?.onEvent;
    if (typeof onEvent === 'function') how.onEvent = (type, detail) => callListener(() => onEvent(type, detail));
  } catch {
    // A context that cannot be read is no context.
  }
  return how;
}

// The model's JSON text; an object from other callers is serialised (may throw).
function argumentsAsText(value) {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value) ?? '';
}

// What the model is told of a call that threw inside the companion: the core's own error while it can be asked.
function thrownAnswer(module, core, name, error, disposed) {
  const detail = cutText(thrownText(error), 200);
  if (!disposed) {
    try {
      return failCall(module, core, name, 'internal_error', detail);
    } catch {
      // The core itself failed; answer without it.
    }
  }
  return internalError(name, `The call failed inside realtime-companion (${detail}).`);
}
