/**
 * How the REST stand-in misbehaves when a test tells it to (`fail`, `stall`, `garbage`,
 * `redirect`): the answers a client must survive from a key endpoint that is down, hung, broken or
 * hostile. OpenAI does none of these on purpose; proxies and outages do.
 */
import { sendJson } from './http-answers.js';

/** Garbage the stand-in can answer with a 200 status. */
const GARBAGE = {
  html: ['text/html', '<html><body>502 Bad Gateway</body></html>'],
  empty_object: ['application/json', '{}'],
  truncated: ['application/json', '{"value": "ek_abc'],
  wrong_types: ['application/json', '{"value": 42, "expires_at": "soon"}'],
  null: ['application/json', 'null'],
};

/**
 * Answers `res` as `fault` says; whether it did (a stall counts: it never answers, and close()
 * destroys the socket).
 * @param {null | { kind: 'fail', status: number, body?: unknown } | { kind: 'stall' } | { kind: 'garbage', what: string }
 *   | { kind: 'redirect', location: string }} fault
 */
export function answerFault(res, fault) {
  switch (fault?.kind) {
    case 'stall':
      return true;
    case 'fail':
      sendJson(res, fault.status, fault.body ?? { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } });
      return true;
    case 'redirect':
      res.writeHead(307, { Location: fault.location });
      res.end();
      return true;
    case 'garbage': {
      const [type, payload] = GARBAGE[fault.what] ?? GARBAGE.html;
      res.writeHead(200, { 'Content-Type': type });
      res.end(payload);
      return true;
    }
    default:
      return false;
  }
}
