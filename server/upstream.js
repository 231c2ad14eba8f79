/**
 * Minting a key at OpenAI (`POST /v1/realtime/client_secrets`, GA: the only interface since OpenAI
 * switched the beta one off on 2026-05-12): builds the request from the server's fixed session
 * settings, and reduces the answer to `{ value, expires_at, model }` or a refusal code. Nothing else
 * from OpenAI's answer is passed on: the session in it holds the instructions, which may be private,
 * and error bodies may quote part of the key that was sent.
 * @module
 */
import { MODEL_NAME } from '../web/realtime-ga.js';
import { BoundedReadError, readBoundedText } from './bounded-read.js';
import { keyProblem } from './key-shape.js';

/** Enough for a key and the session it echoes; raised for sessions with long instructions or many tools. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** Thrown (internally) to carry a refusal code out of {@link mintKey} and `createCall`. */
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
 * The GA session object (`type: 'realtime'`, the voice under `audio.output`) from the server's
 * fixed settings. The same object goes into `client_secrets` and into a `/realtime/calls` offer.
 * @param {{ model: string, voice?: string, instructions?: string, tools?: object[], extra?: object }} session
 */
export function buildSession({ model, voice, instructions, tools, extra }) {
  const audio = voice ? { ...extra?.audio, output: { ...extra?.audio?.output, voice } } : extra?.audio;
  return {
    ...extra,
    type: 'realtime',
    model,
    ...(instructions && { instructions }),
    ...(audio && { audio }),
    ...(tools && { tools }),
  };
}

/**
 * The `client_secrets` request body.
 * @param {Parameters<typeof buildSession>[0]} session
 * @param {number} expiresAfterSeconds
 */
export function buildRequestBody(session, expiresAfterSeconds) {
  return { expires_after: { anchor: 'created_at', seconds: expiresAfterSeconds }, session: buildSession(session) };
}

/**
 * Finds `{ value, expires_at }` at the top level of a parsed `client_secrets` answer, and the model
 * the key is for (`session.model`, else the model that was asked for). Returns null unless the key
 * fields are present and well-typed.
 * @param {unknown} body
 * @param {string} requestedModel
 */
export function extractKey(body, requestedModel) {
  if (body === null || typeof body !== 'object') return null;
  const { value, expires_at } = body;
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return null;
  if (!Number.isSafeInteger(expires_at) || expires_at <= 0) return null;
  const answered = body.session?.model;
  const model = typeof answered === 'string' && MODEL_NAME.test(answered) ? answered : requestedModel;
  return { value, expires_at, model };
}

/** The upstream failure as a refusal: a timeout, or only the class of a network error (errors name hosts). */
export function networkFailure(err, signal, timeoutMs) {
  if (signal.aborted) return new MintError('upstream_timeout', { detail: `no answer within ${timeoutMs} ms` });
  return new MintError('upstream_error', { detail: `request failed (${err?.cause?.code ?? err?.name ?? 'error'})` });
}

/**
 * Calls OpenAI once. Resolves to the key or throws a {@link MintError}; the master key is only
 * ever written into the `Authorization` header.
 * @param {{ baseURL: string, apiKey: string, timeoutMs: number, body: object, fetch: typeof fetch }} call
 * @returns {Promise<{ value: string, expires_at: number, model: string }>}
 */
export async function mintKey({ baseURL, apiKey, timeoutMs, body, fetch }) {
  const url = `${baseURL.replace(/\/+$/, '')}/realtime/client_secrets`;
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
    if (!signal.aborted && err instanceof BoundedReadError) {
      throw new MintError('upstream_malformed', { upstreamStatus: response.status, detail: err.message });
    }
    throw networkFailure(err, signal, timeoutMs);
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
  const key = extractKey(parsed, body.session.model);
  if (!key) {
    throw new MintError('upstream_malformed', { upstreamStatus: response.status, detail: 'answer has no value/expires_at' });
  }
  const problem = keyProblem(key.value, key.expires_at, { nowMs: Date.now(), masterKey: apiKey });
  if (problem) throw new MintError('upstream_malformed', { upstreamStatus: response.status, detail: problem });
  return key;
}
