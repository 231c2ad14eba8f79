// Performs one tool call: the core decides (request plan, meaning of the
// answer), this file acts (fetch, timeout, bounded read, redirects).
import { extraHeaders } from './extra-headers.js';
import { interpretAnswer, planCall, planRedirect } from './plan-call.js';
import { readBoundedText } from './read-body.js';

// Error answers are read only this far: enough for the model to see why.
const ERROR_BODY_BYTES = 4096;

/**
 * @param {object} core        the CoreRouter
 * @param {object} io          { module, fetch, headers, maxArgumentBytes }
 * @param {string} name
 * @param {string} argumentsText
 * @param {object} trace       filled with what happened, for onToolCall listeners
 * @returns {Promise<object>}  the object for the model; never rejects for an HTTP failure
 */
export async function performToolCall(core, io, name, argumentsText, trace) {
  let step = planCall(io.module, core, name, argumentsText, io.maxArgumentBytes);
  let redirects = 0;
  while (step.request) {
    const request = step.request;
    trace.requests.push({ method: request.method, url: request.url });
    const outcome = await send(core, io, name, request);
    if (outcome.status !== undefined) trace.status = outcome.status;
    if (!outcome.redirectTo) return outcome.result;
    step = planRedirect(io.module, core, name, request.method, outcome.status, outcome.redirectTo, redirects++);
  }
  return step.result;
}

async function send(core, io, name, request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  const fail = (code, detail = '') => ({ result: JSON.parse(core.failure(name, code, detail)) });
  try {
    const headers = {
      accept: 'application/json, text/*;q=0.9',
      ...(request.body !== null ? { 'content-type': 'application/json' } : {}),
      ...(await extraHeaders(io.headers, { name, method: request.method, url: request.url })),
    };
    let response;
    try {
      response = await io.fetch(request.url, {
        method: request.method,
        headers,
        body: request.body ?? undefined,
        redirect: 'manual', // never let the platform follow a redirect off the origin
        credentials: 'same-origin',
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) return fail('timeout');
      return fail('network_error', describe(error));
    }

    if (response.type === 'opaqueredirect') {
      // Browsers hide a redirect's target from manual-mode fetches, so it cannot be checked.
      return fail('blocked_destination', 'the browser hides the redirect target');
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel().catch(() => {});
      return { status: response.status, redirectTo: new URL(location, request.url).href };
    }

    const ok = response.status >= 200 && response.status < 300;
    const limit = ok ? request.maxResponseBytes : Math.min(request.maxResponseBytes, ERROR_BODY_BYTES);
    let body;
    try {
      body = await readBoundedText(response, limit, { truncate: !ok });
    } catch (error) {
      if (controller.signal.aborted) return fail('timeout');
      return fail('network_error', `the answer broke off: ${describe(error)}`);
    }
    if (body.tooLarge) return { status: response.status, ...fail('response_too_large') };
    const contentType = response.headers.get('content-type') ?? '';
    return { status: response.status, result: interpretAnswer(io.module, core, name, response.status, contentType, body.text) };
  } finally {
    clearTimeout(timer);
  }
}

function describe(error) {
  const cause = error?.cause?.code ?? error?.cause?.message;
  return [error?.message ?? String(error), cause].filter(Boolean).join(': ').slice(0, 200);
}
