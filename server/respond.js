import { REFUSALS } from './refusals.js';
import { openAIRefusalMessage } from './openai-error-codes.js';

/**
 * Headers on every answer: a key must never be cached by the browser or a proxy, and the JSON
 * must not be sniffed as something else.
 * @param {import('node:http').ServerResponse} res
 */
function commonHeaders(res) {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/**
 * Answers the browser with the key: `{ value, expires_at, model }` and nothing else (the model,
 * so that a page which names it in its offer, as DeepChat 2.5 does, names the key's own).
 * @param {import('node:http').ServerResponse} res
 * @param {{ value: string, expires_at: number, model: string }} key
 */
export function sendKey(res, key) {
  if (res.headersSent) return;
  commonHeaders(res);
  res.statusCode = 200;
  res.end(JSON.stringify({ value: key.value, expires_at: key.expires_at, model: key.model }));
}

/**
 * Answers with a refusal from the table in `refusals.js`: `{ error: { code, message } }`. When
 * OpenAI answered with an error status (`extra.upstream`), an `upstream_error` also says which
 * (`upstream_status`, `upstream_code`: a validated token or null), and its message is composed
 * from that code by `openai-error-codes.js`, never taken from OpenAI.
 * @param {import('node:http').ServerResponse} res
 * @param {keyof typeof REFUSALS} code
 * @param {{ retryAfterSeconds?: number, allow?: string,
 *   upstream?: import('./post-to-openai.js').UpstreamError | null, attempt?: 'call' | 'key' }} [extra]
 */
export function sendRefusal(res, code, extra = {}) {
  if (res.headersSent) return;
  const r = REFUSALS[code] ?? REFUSALS.internal_error;
  commonHeaders(res);
  if (extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(extra.retryAfterSeconds));
  if (extra.allow) res.setHeader('Allow', extra.allow);
  res.statusCode = r.status;
  const up = code === 'upstream_error' ? extra.upstream : null;
  const error = up
    ? { code, message: openAIRefusalMessage(up, extra.attempt), upstream_status: up.status, upstream_code: up.code }
    : { code, message: r.message };
  res.end(JSON.stringify({ error }));
}
