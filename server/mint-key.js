/**
 * Minting a key at OpenAI (`POST /v1/realtime/client_secrets`, the GA interface; the beta one is
 * switched off): builds the request from the server's fixed session settings, and reduces the
 * answer to `{ value, expires_at, model }` or a refusal code. Nothing else from OpenAI's answer is
 * passed on: the session in it holds the instructions, which may be private; of an error answer
 * the page gets only the code (`post-to-openai.js`, `openai-error.js`).
 * @module
 */
import { MODEL_NAME } from '../common/realtime-ga.js';
import { keyProblem } from './key-shape.js';
import { OpenAIRequestError, postToOpenAI } from './post-to-openai.js';
import { buildSession } from './realtime-session.js';

/** Enough for a key and the session it echoes; raised for sessions with long instructions or many tools. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * The `client_secrets` request body.
 * @param {Parameters<typeof buildSession>[0]} session
 * @param {number} expiresAfterSeconds
 */
export function buildClientSecretsBody(session, expiresAfterSeconds) {
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

/**
 * Calls OpenAI once. Resolves to the key or throws a {@link OpenAIRequestError}; the master key is only
 * ever written into the `Authorization` header.
 * @param {{ baseURL: string, apiKey: string, timeoutMs: number, body: object, fetch: typeof fetch }} call
 * @returns {Promise<{ value: string, expires_at: number, model: string }>}
 */
export async function mintKey({ baseURL, apiKey, timeoutMs, body, fetch }) {
  const url = `${baseURL.replace(/\/+$/, '')}/realtime/client_secrets`;
  const requestText = JSON.stringify(body);
  const { response, text } = await postToOpenAI({
    url,
    apiKey,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: requestText,
    timeoutMs,
    // The answer echoes the session sent: a key and its settings.
    maxBytes: Math.max(MAX_ANSWER_BYTES, 4 * requestText.length),
    fetch,
  });
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OpenAIRequestError('upstream_malformed', { upstreamStatus: response.status, detail: 'answer is not JSON' });
  }
  const key = extractKey(parsed, body.session.model);
  if (!key) {
    throw new OpenAIRequestError('upstream_malformed', { upstreamStatus: response.status, detail: 'answer has no value/expires_at' });
  }
  const problem = keyProblem(key.value, key.expires_at, { nowMs: Date.now(), masterKey: apiKey });
  if (problem) throw new OpenAIRequestError('upstream_malformed', { upstreamStatus: response.status, detail: problem });
  return key;
}
