/**
 * Minting a key at OpenAI: builds the request for the GA (`client_secrets`) or beta (`sessions`)
 * endpoint from the server's fixed session settings, and reduces the answer to `{ value,
 * expires_at }` or a refusal code. Nothing from OpenAI's answer other than those two fields is
 * ever passed on: error bodies may quote part of the key that was sent.
 * @module
 */
import { BoundedReadError, readBoundedText } from './bounded-read.js';
import { keyProblem } from './key-shape.js';

/** Enough for a key and the session it echoes; raised for sessions with long instructions or many tools. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** Thrown (internally) to carry a refusal code out of {@link mintKey}. */
export class MintError extends Error {
  name = 'MintError';
  /**
   * @param {'upstream_timeout' | 'upstream_error' | 'upstream_malformed'} code
   * @param {{ upstreamStatus?: number, detail: string }} info
   */
  constructor(code, info) {
    super(info.detail);
    this.code = code;
    this.upstreamStatus = info.upstreamStatus;
  }
}

/**
 * The request body for each endpoint. `session` holds the server's fixed settings.
 * @param {'client_secrets' | 'sessions'} api
 * @param {{ model: string, voice?: string, instructions?: string, tools?: object[], extra?: object }} session
 * @param {number} expiresAfterSeconds
 */
export function buildRequestBody(api, session, expiresAfterSeconds) {
  const { model, voice, instructions, tools, extra } = session;
  if (api === 'sessions') {
    return { ...extra, model, ...(voice && { voice }), ...(instructions && { instructions }), ...(tools && { tools }) };
  }
  const audio = voice ? { ...extra?.audio, output: { ...extra?.audio?.output, voice } } : extra?.audio;
  return {
    expires_after: { anchor: 'created_at', seconds: expiresAfterSeconds },
    session: {
      ...extra,
      type: 'realtime',
      model,
      ...(instructions && { instructions }),
      ...(audio && { audio }),
      ...(tools && { tools }),
    },
  };
}

/**
 * Finds `{ value, expires_at }` in a parsed answer: at the top level (GA) or under
 * `client_secret` (beta). Returns null unless both are present and well-typed.
 * @param {'client_secrets' | 'sessions'} api
 * @param {unknown} body
 */
export function extractKey(api, body) {
  if (body === null || typeof body !== 'object') return null;
  const secret = api === 'sessions' ? body.client_secret : body;
  if (secret === null || typeof secret !== 'object') return null;
  const { value, expires_at } = secret;
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return null;
  if (!Number.isSafeInteger(expires_at) || expires_at <= 0) return null;
  return { value, expires_at };
}

/**
 * Calls OpenAI once. Resolves to the key or throws a {@link MintError}; the master key is only
 * ever written into the `Authorization` header.
 * @param {{ api: 'client_secrets' | 'sessions', baseURL: string, apiKey: string, timeoutMs: number,
 *   body: object, fetch: typeof fetch }} call
 * @returns {Promise<{ value: string, expires_at: number }>}
 */
export async function mintKey({ api, baseURL, apiKey, timeoutMs, body, fetch }) {
  const url = `${baseURL.replace(/\/+$/, '')}/realtime/${api}`;
  const signal = AbortSignal.timeout(timeoutMs);
  const requestText = JSON.stringify(body);
  let response;
  let text;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: requestText,
      signal,
      // OpenAI does not redirect; following one would carry the Authorization header elsewhere.
      redirect: 'error',
    });
    // The answer echoes the session sent: a key and its settings. An error answer is never read.
    if (response.ok) text = await readBoundedText(response, { maxBytes: Math.max(MAX_ANSWER_BYTES, 4 * requestText.length), signal });
    else response.body?.cancel().catch(() => {});
  } catch (err) {
    if (signal.aborted) throw new MintError('upstream_timeout', { detail: `no answer within ${timeoutMs} ms` });
    if (err instanceof BoundedReadError) throw new MintError('upstream_malformed', { upstreamStatus: response.status, detail: err.message });
    // Network errors name host and errno at most; keep only the class of error.
    throw new MintError('upstream_error', { detail: `request failed (${err?.cause?.code ?? err?.name ?? 'error'})` });
  }
  if (!response.ok) {
    throw new MintError('upstream_error', { upstreamStatus: response.status, detail: `answered HTTP ${response.status}` });
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MintError('upstream_malformed', { upstreamStatus: response.status, detail: 'answer is not JSON' });
  }
  const key = extractKey(api, parsed);
  if (!key) {
    throw new MintError('upstream_malformed', { upstreamStatus: response.status, detail: 'answer has no value/expires_at' });
  }
  const problem = keyProblem(key.value, key.expires_at, { nowMs: Date.now(), masterKey: apiKey });
  if (problem) throw new MintError('upstream_malformed', { upstreamStatus: response.status, detail: problem });
  return key;
}
