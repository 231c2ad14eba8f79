/**
 * A local stand-in for OpenAI's REST endpoint that mints Realtime keys, as OpenAI speaks it today
 * (GA only; the beta interface was switched off on 2026-05-12):
 *
 * - `POST /v1/realtime/client_secrets`  body `{ expires_after?: { anchor: 'created_at', seconds },
 *   session: { type: 'realtime', model, ... } }` → `{ value: 'ek_…', expires_at, session }`, the
 *   session being the full effective one (OpenAI's defaults filled in, the model as asked).
 * - `POST /v1/realtime/sessions` (beta) → 400 `beta_api_shape_disabled`, exactly as OpenAI answers.
 *
 * Like the real service it checks `Authorization: Bearer <master key>` (401 with OpenAI's error
 * shape otherwise), rejects an out-of-range `expires_after.seconds`, a session without `type`, beta
 * field names and `parallel_tool_calls` on a model known not to reason (400). It mints a key for
 * any model name, as OpenAI does ("mint success is not proof of model access"): the realtime
 * stand-in refuses the model when the key is used. It remembers every key it issued, so the WebRTC
 * stand-in can ask {@link StandIn.isValidKey}. It can be told to misbehave: `fail(status, body?)`,
 * `stall()`, `garbage(kind)`, and `reset()`.
 *
 * One origin, as at api.openai.com: `serveRealtime(origin)` forwards `/v1/realtime`,
 * `/v1/realtime/calls` and `/v1/realtime/calls/{call_id}/…` (the hang-up) to the WebRTC stand-in
 * (`realtime-webrtc.js`), and pipes WebSocket upgrades on `/v1/realtime` (the sideband,
 * `ws://…/v1/realtime?call_id=rtc_…`) to it byte for byte, so `baseURL` serves them all.
 *
 * Usage: `const up = await startRestStandIn(); … baseURL: up.baseURL … await up.close();`
 */
import http from 'node:http';
import net from 'node:net';
import { randomBytes } from 'node:crypto';

import { BETA_DISABLED, effectiveSession, refuseSession } from './ga-protocol.js';

/** The master key the stand-in accepts unless told otherwise. Tests scan output for it. */
export const TEST_MASTER_KEY = `sk-test-${'m'.repeat(8)}-${randomBytes(12).toString('hex')}`;

const GA_DEFAULT_SECONDS = 600;

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function openaiError(res, status, message, type, code, param = null) {
  sendJson(res, status, { error: { message, type, param, code } });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Garbage the stand-in can answer with a 200 status. */
const GARBAGE = {
  html: ['text/html', '<html><body>502 Bad Gateway</body></html>'],
  empty_object: ['application/json', '{}'],
  truncated: ['application/json', '{"value": "ek_abc'],
  wrong_types: ['application/json', '{"value": 42, "expires_at": "soon"}'],
  null: ['application/json', 'null'],
};

/**
 * Starts the stand-in on 127.0.0.1 with an ephemeral port.
 * @param {{ masterKey?: string, now?: () => number }} [options] `now` in ms (a fake clock for expiry tests).
 */
export async function startRestStandIn({ masterKey = TEST_MASTER_KEY, now = () => Date.now() } = {}) {
  /** @type {Map<string, { expires_at: number, session: object }>} */
  const issued = new Map();
  /** Every request seen: path, whether it was authorised, parsed body. */
  const requests = [];
  /** @type {null | { kind: 'fail', status: number, body?: unknown } | { kind: 'stall' } | { kind: 'garbage', what: string } | { kind: 'redirect', location: string }} */
  let fault = null;

  function issue(session, seconds) {
    const value = `ek_${randomBytes(16).toString('hex')}`;
    const expires_at = Math.floor(now() / 1000) + seconds;
    issued.set(value, { expires_at, session });
    return { value, expires_at };
  }

  /** The WebRTC stand-in's origin, once `serveRealtime` is called. */
  let realtimeOrigin = null;

  /** Passes one request on to the WebRTC stand-in, unread (multipart and SDP bodies as sent). */
  function forward(req, res) {
    const target = new URL(req.url, realtimeOrigin);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) openaiError(res, 502, 'stand-in forward failed', 'server_error', null);
      else res.destroy();
    });
    req.pipe(upstream);
  }

  /** Upgraded (piped) sockets, both ends, destroyed on close(). */
  const tunnels = new Set();

  /**
   * Pipes a WebSocket upgrade to the WebRTC stand-in as it came (request line, headers, first
   * bytes), and whatever it answers back: the 101 and the frames, or a refusal.
   */
  function tunnel(req, socket, head) {
    const url = new URL(req.url, 'http://stand-in');
    if (!realtimeOrigin || url.pathname !== '/v1/realtime') {
      const body = JSON.stringify({ error: { message: `Invalid URL (GET ${url.pathname})`, type: 'invalid_request_error', param: null, code: null } });
      return socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    }
    const target = new URL(realtimeOrigin);
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const end of [socket, upstream]) {
      tunnels.add(end);
      end.on('close', () => tunnels.delete(end));
    }
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head?.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://stand-in');
    const realtimePath = url.pathname === '/v1/realtime' || url.pathname === '/v1/realtime/calls' || url.pathname.startsWith('/v1/realtime/calls/');
    if (realtimeOrigin && realtimePath) return forward(req, res);
    const text = await readBody(req);
    const authorized = req.headers.authorization === `Bearer ${masterKey}`;
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {}
    requests.push({ method: req.method, path: url.pathname, authorized, body });

    if (fault?.kind === 'stall') return; // never answer; close() destroys the socket
    if (fault?.kind === 'fail') {
      return sendJson(res, fault.status, fault.body ?? { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } });
    }
    if (fault?.kind === 'redirect') {
      res.writeHead(307, { Location: fault.location });
      return res.end();
    }
    if (fault?.kind === 'garbage') {
      const [type, payload] = GARBAGE[fault.what] ?? GARBAGE.html;
      res.writeHead(200, { 'Content-Type': type });
      return res.end(payload);
    }

    if (req.method === 'POST' && url.pathname === '/v1/realtime/sessions') return sendJson(res, BETA_DISABLED.status, BETA_DISABLED.body);
    if (req.method !== 'POST' || url.pathname !== '/v1/realtime/client_secrets') {
      return openaiError(res, 404, `Invalid URL (${req.method} ${url.pathname})`, 'invalid_request_error', null);
    }
    if (!authorized) {
      // The real message quotes a redacted tail of the key that was sent; so does this one.
      const sent = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      return openaiError(res, 401, `Incorrect API key provided: ${sent.slice(0, 3)}****${sent.slice(-4)}.`, 'invalid_request_error', 'invalid_api_key');
    }
    if (body === null || typeof body !== 'object') {
      return openaiError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
    }
    let seconds = GA_DEFAULT_SECONDS;
    if (body.expires_after !== undefined) {
      const { anchor, seconds: s } = body.expires_after ?? {};
      if (anchor !== undefined && anchor !== 'created_at') {
        return openaiError(res, 400, "Invalid value for 'expires_after.anchor'.", 'invalid_request_error', 'invalid_value', 'expires_after.anchor');
      }
      if (!Number.isInteger(s) || s < 10 || s > 7200) {
        return openaiError(res, 400, "Invalid 'expires_after.seconds': must be between 10 and 7200.", 'invalid_request_error', 'invalid_value', 'expires_after.seconds');
      }
      seconds = s;
    }
    const session = body.session ?? { type: 'realtime' };
    const refusal = refuseSession(session);
    if (refusal) return sendJson(res, 400, { error: refusal });
    // The echo's own expires_at is 0 (the session's clock starts when a call opens it).
    const full = { id: `sess_${randomBytes(8).toString('hex')}`, ...effectiveSession(session), expires_at: 0 };
    const key = issue(full, seconds);
    return sendJson(res, 200, { ...key, session: full });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) openaiError(res, 500, 'stand-in failure', 'server_error', null);
    });
  });
  server.on('upgrade', tunnel);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  return {
    port,
    /** Base URL to pass as `baseURL` (ends in `/v1`, like OpenAI's). */
    baseURL: `http://127.0.0.1:${port}/v1`,
    masterKey,
    requests,
    /** Keys issued so far (value → { expires_at, session }). */
    issued,
    /** Whether `key` was issued here and has not expired at `nowMs` (default: the stand-in's clock). */
    isValidKey(key, nowMs = now()) {
      const k = issued.get(key);
      return k !== undefined && k.expires_at * 1000 > nowMs;
    },
    /** Answer every request with `status` (and `body`, default OpenAI's server_error shape). */
    fail(status, body) {
      fault = { kind: 'fail', status, body };
    },
    /** Accept requests and never answer them. */
    stall() {
      fault = { kind: 'stall' };
    },
    /** Answer 200 with garbage: 'html' | 'empty_object' | 'truncated' | 'wrong_types' | 'null'. */
    garbage(what = 'html') {
      fault = { kind: 'garbage', what };
    },
    /** Answer 307 to `location` (OpenAI never does; a client must not follow it with the key). */
    redirect(location) {
      fault = { kind: 'redirect', location };
    },
    /** Serve the realtime paths (offers, hang-ups, sidebands) from the WebRTC stand-in at `origin` (one origin, as at OpenAI). */
    serveRealtime(origin) {
      realtimeOrigin = origin;
    },
    /** Behave again. */
    reset() {
      fault = null;
    },
    /** Stops listening and drops every connection, stalled ones included. */
    async close() {
      for (const end of tunnels) end.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
