/**
 * One POST to OpenAI with the master key, the way every request to OpenAI needs it (a key minted,
 * a call started, a call hung up): the key only in the `Authorization` header, no redirect
 * followed (it would carry that header elsewhere), one deadline for the answer's headers and body,
 * a success answer read to at most `maxBytes` after decoding, and an error answer read to at most
 * 16 KiB within the same deadline and made safe at once (`openai-error.js`: OpenAI's messages may
 * quote part of the key that was sent).
 * @module
 */
import { BoundedReadError, readBoundedUtf8 } from './bounded-read.js';
import { readOpenAIError } from './openai-error.js';

/** Thrown (internally) to carry a refusal code out of a request to OpenAI to whoever made it. */
export class OpenAIRequestError extends Error {
  name = 'OpenAIRequestError';
  /**
   * @param {'upstream_timeout' | 'upstream_error' | 'upstream_malformed'} code
   * @param {{ upstreamStatus?: number, detail: string, upstream?: UpstreamError }} info
   */
  constructor(code, info) {
    super(info.detail);
    this.code = code;
    this.upstreamStatus = info.upstreamStatus;
    /** OpenAI's error answer, safe fields only; null unless OpenAI answered 4xx/5xx. */
    this.upstream = info.upstream ?? null;
  }
}

/**
 * @typedef {{ status: number, code: string | null, type: string | null, param: string | null,
 *   message: string | null }} UpstreamError
 */

/**
 * How a handler answers an upstream call (through deadline.js upstreamWithin) that did not
 * succeed: a timeout or an OpenAIRequestError is refused with its code and recorded as `attempt`;
 * any other error is a bug and is rethrown.
 * @param {{ status: 'rejected', reason: unknown } | { status: 'timeout', detail: string }} outcome
 * @param {{ refuse: (code: string, fields: object) => unknown }} audit
 * @param {'key' | 'call'} attempt
 */
export function refuseUpstreamFailure(outcome, audit, attempt) {
  if (outcome.status === 'timeout') return audit.refuse('upstream_timeout', { detail: outcome.detail });
  const err = outcome.reason;
  if (!(err instanceof OpenAIRequestError)) throw err;
  return audit.refuse(err.code, { upstreamStatus: err.upstreamStatus, upstream: err.upstream, detail: err.message, attempt });
}

/**
 * @param {{ url: string, apiKey: string, headers: Record<string, string>, body: BodyInit,
 *   timeoutMs: number, maxBytes: number, fetch: typeof fetch }} call
 * @returns {Promise<{ response: Response, text: string }>} a 2xx answer and its text, or an OpenAIRequestError
 */
export async function postToOpenAI({ url, apiKey, headers, body, timeoutMs, maxBytes, fetch }) {
  const signal = AbortSignal.timeout(timeoutMs);
  let response;
  let text;
  try {
    response = await fetch(url, { method: 'POST', headers: { ...headers, Authorization: `Bearer ${apiKey}` }, body, signal, redirect: 'error' });
    if (response.ok) text = await readBoundedUtf8(response, { maxBytes, signal });
  } catch (err) {
    if (signal.aborted) throw new OpenAIRequestError('upstream_timeout', { detail: `no answer within ${timeoutMs} ms` });
    if (err instanceof BoundedReadError) throw new OpenAIRequestError('upstream_malformed', { upstreamStatus: response?.status, detail: err.message });
    // Network errors name host and errno at most; keep only the class of error.
    throw new OpenAIRequestError('upstream_error', { detail: `request failed (${err?.cause?.code ?? err?.name ?? 'error'})` });
  }
  if (!response.ok) {
    // OpenAI did answer: a body too slow, too large or not JSON leaves the status and null fields.
    const { upstream, problem } = await readOpenAIError(response, { signal, masterKey: apiKey });
    const detail = `answered HTTP ${response.status}${problem ? `; its error body ${problem}` : ''}`;
    throw new OpenAIRequestError('upstream_error', { upstreamStatus: response.status, upstream, detail });
  }
  return { response, text };
}
