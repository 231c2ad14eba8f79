import { REFUSALS } from './refusals.js';

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
 * Answers with a refusal from the table in `refusals.js`.
 * @param {import('node:http').ServerResponse} res
 * @param {keyof typeof REFUSALS} code
 * @param {{ retryAfterSeconds?: number, allow?: string }} [extra]
 */
export function sendRefusal(res, code, extra = {}) {
  if (res.headersSent) return;
  const r = REFUSALS[code] ?? REFUSALS.internal_error;
  commonHeaders(res);
  if (extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(extra.retryAfterSeconds));
  if (extra.allow) res.setHeader('Allow', extra.allow);
  res.statusCode = r.status;
  res.end(JSON.stringify({ error: { code, message: r.message } }));
}
