/**
 * How the realtime stand-in answers over HTTP: every answer carries open CORS (`*`, `Location`
 * exposed), because the offline demo page posts its offer here from its own origin.
 */
import { openaiErrorBody } from './http-answers.js';

export const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Expose-Headers': 'Location',
  'Access-Control-Max-Age': '600',
};

/** Answers `status` with `body` (text) of `type`, CORS first, then `headers` (a `Location`). */
export function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { ...CORS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Answers `status` with an OpenAI error object (`ga-protocol.js`'s `error`) as the body's `error`. */
export const sendRefusal = (res, status, error) => send(res, status, 'application/json', JSON.stringify({ error }));

/** Answers `status` with OpenAI's error body built from its parts (no `param`). */
export const sendOpenAIError = (res, status, message, type, code) => send(res, status, 'application/json', JSON.stringify(openaiErrorBody(message, type, code)));

/** The bearer key a request carries ('' without one). */
export const bearer = (req) => (req.headers.authorization ?? '').replace(/^Bearer /, '');
