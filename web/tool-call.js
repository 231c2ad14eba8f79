// Performs one tool call: the core decides (request plan, meaning of the
// answer), this file acts (fetch, the call's deadline, bounded read, redirects;
// for a tool the page runs, its `execute` instead; approval first when asked).
import { beforeDeadline, callDeadline } from '../common/deadline.js';
import { fallbackError } from '../common/errors.js';
import { extraHeaders } from './extra-headers.js';
import { errorName, runFunctionTool } from '../common/function-tool.js';
import { failCall, interpretAnswer, planCall, planRedirect } from '../common/router-crossing.js';
import { readBodyTextLossy } from '../common/read-body.js';
import { cutText } from '../common/cut-text.js';

// Error answers are read only this far: enough for the model to see why.
const ERROR_BODY_BYTES = 4096;
// The statuses fetch treats as redirects (Fetch standard, "redirect status").
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * @param {object} core   the CoreRouter
 * @param {object} io     { module, fetch, headers }
 * @param {{ name: string, argumentsText: string, unreadable?: 'name' | 'arguments' }} call
 * @param {object} trace  filled with what happened, for onToolCall listeners
 * @param {AbortSignal} [stop] the voice session's end
 * @param {{ approval?: (deadline: AbortSignal) => Promise<object | null>, execute?: Function, callId?: string }} [inPage]
 *   what the page does for this tool: ask first (null: go on; else the answer), run it instead of a route
 * @returns {Promise<object>}  the object for the model; never rejects for an HTTP failure
 */
export async function performToolCall(core, io, call, trace, stop, inPage = {}) {
  let step = planCall(io.module, core, call.name, call.argumentsText, call.unreadable);
  if (!step.request) return step.result;
  if (stop?.aborted) return abortedResult(call.name);
  // One deadline for the whole call (the person's approval, every hop, whatever waits); `stop` ends it early.
  const deadline = callDeadline(step.request.timeoutMs, stop);
  try {
    const refusal = inPage.approval ? await inPage.approval(deadline.signal) : null;
    if (stop?.aborted) return abortedResult(call.name);
    if (refusal) return refusal;
    if (inPage.execute) return await runInPage(core, io, call.name, step.request, inPage, deadline.signal, stop);
    for (let redirects = 0; ; redirects++) {
      const request = step.request;
      trace.requests.push({ method: request.method, url: request.url });
      const outcome = await send(core, io, call.name, request, deadline.signal);
      if (outcome.status !== undefined) trace.status = outcome.status;
      if (stop?.aborted) return abortedResult(call.name);
      if (!outcome.redirectTo) return outcome.result;
      step = planRedirect(io.module, core, call.name, request, outcome.status, outcome.redirectTo, redirects);
      if (!step.request) return step.result;
    }
  } finally {
    deadline.end();
  }
}

/** A page-run tool: its `execute` instead of a request, by the rule every function run as a tool follows. */
async function runInPage(core, io, name, request, { execute, callId }, deadline, stop) {
  const ran = await runFunctionTool(io.module, core, {
    name,
    request,
    fn: execute,
    context: { name, callId: callId ?? null },
    deadline,
    stop,
    failed: (error) => `its execute function threw ${errorName(error)}: ${shortMessage(error)}`,
  });
  // Parsed back from the text that was measured: a plain object, with no getter left to throw later.
  return ran.outcome === 'aborted' ? abortedResult(name) : JSON.parse(ran.text);
}

/** At most 100 characters of a thrown error's message: enough to say what broke, too short to carry a page's data. */
function shortMessage(error) {
  try {
    const text = String(error?.message ?? error);
    return text.length > 100 ? `${cutText(text, 100)}…` : text;
  } catch {
    return 'no message';
  }
}

/** What an aborted call resolves to (for onToolCall listeners; the model never sees it: the session is over). */
function abortedResult(name) {
  return fallbackError('aborted', name, 'The voice session ended before this tool call finished; its request was aborted.');
}

async function send(core, io, name, request, signal) {
  const fail = (code, detail) => ({ result: failCall(io.module, core, name, code, detail) });
  let extra;
  try {
    extra = await beforeDeadline(extraHeaders(io.headers, { name, method: request.method, url: request.url, signal }), signal);
  } catch (error) {
    return signal.aborted ? fail('timeout') : fail('network_error', `the page's headers option failed: ${describe(error)}`);
  }
  let response;
  try {
    response = await beforeDeadline(io.fetch(request.url, {
      method: request.method,
      headers: {
        accept: 'application/json, text/*;q=0.9',
        ...(request.body !== null ? { 'content-type': 'application/json' } : {}),
        ...extra,
      },
      body: request.body ?? undefined,
      redirect: 'manual', // never let the platform follow a redirect off the origin
      credentials: 'same-origin',
      signal,
    }), signal);
  } catch (error) {
    return signal.aborted ? fail('timeout') : fail('network_error', describe(error));
  }

  if (response.type === 'opaqueredirect') {
    // Browsers hide a redirect's target from manual-mode fetches, so it cannot be checked.
    return fail('blocked_destination', 'the browser hides the redirect target');
  }
  const location = response.headers.get('location');
  if (REDIRECT_STATUSES.has(response.status) && location) {
    cancelQuietly(response.body);
    let target;
    try {
      target = new URL(location, request.url).href;
    } catch {
      return { status: response.status, ...fail('network_error', 'it redirected to a Location that is not a URL') };
    }
    return { status: response.status, redirectTo: target };
  }

  const ok = response.status >= 200 && response.status < 300;
  const limit = ok ? request.maxResponseBytes : Math.min(request.maxResponseBytes, ERROR_BODY_BYTES);
  let body;
  try {
    body = await readBodyTextLossy(response, limit, { truncate: !ok, signal });
  } catch (error) {
    if (signal.aborted) return { status: response.status, ...fail('timeout') };
    return { status: response.status, ...fail('network_error', `the answer broke off: ${describe(error)}`) };
  }
  if (body.tooLarge) return { status: response.status, ...fail('response_too_large') };
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, result: interpretAnswer(io.module, core, name, response.status, contentType, body.text) };
}

// A failure's description for the model; whatever was thrown (a revoked
// Proxy, an object whose toString throws), describing it does not throw.
function describe(error) {
  try {
    const cause = error?.cause?.code ?? error?.cause?.message;
    return [error?.message ?? String(error), cause].filter(Boolean).join(': ');
  } catch {
    return 'an error that cannot be described';
  }
}

// The redirect's body is not wanted; waiting for the cancel could hang.
function cancelQuietly(body) {
  try {
    body?.cancel().catch(() => {});
  } catch {
    // The response is dropped anyway.
  }
}
