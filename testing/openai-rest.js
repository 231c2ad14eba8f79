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
 * stand-in refuses the model when the key is used (`client-secrets.js`). It remembers every key it
 * issued (`issued-keys.js`), so the WebRTC stand-in can ask {@link StandIn.isValidKey}. It can be
 * told to misbehave (`rest-faults.js`): `fail(status, body?)`, `stall()`, `garbage(kind)`,
 * `redirect(location)`, and `reset()`.
 *
 * One origin, as at api.openai.com: `serveRealtime(origin)` forwards `/v1/realtime`,
 * `/v1/realtime/calls` and `/v1/realtime/calls/{call_id}/…` (the hang-up) to the WebRTC stand-in
 * (`realtime-webrtc.js`), and pipes WebSocket upgrades on `/v1/realtime` (the sideband,
 * `ws://…/v1/realtime?call_id=rtc_…`) to it byte for byte, so `baseURL` serves them all
 * (`realtime-relay.js`).
 *
 * Usage: `const up = await startRestStandIn(); … baseURL: up.baseURL … await up.close();`
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';

import { BETA_DISABLED } from './ga-protocol.js';
import { answerClientSecrets } from './client-secrets.js';
import { openaiErrorBody, readBody, sendJson } from './http-answers.js';
import { createIssuedKeys } from './issued-keys.js';
import { createRealtimeRelay } from './realtime-relay.js';
import { answerFault } from './rest-faults.js';

/** The master key the stand-in accepts unless told otherwise. Tests scan output for it. */
export const TEST_MASTER_KEY = `sk-test-${'m'.repeat(8)}-${randomBytes(12).toString('hex')}`;

/** A request body as JSON, or null (none, or not JSON: the route answers that itself). */
function jsonOf(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/**
 * Starts the stand-in on 127.0.0.1 with an ephemeral port.
 * @param {{ masterKey?: string, now?: () => number }} [options] `now` in ms (a fake clock for expiry tests).
 */
export async function startRestStandIn({ masterKey = TEST_MASTER_KEY, now = () => Date.now() } = {}) {
  const keys = createIssuedKeys(now);
  const relay = createRealtimeRelay();
  /** Every request seen: path, whether it was authorised, parsed body. */
  const requests = [];
  /** How to misbehave (`rest-faults.js`), or null. */
  let fault = null;

  async function handle(req, res) {
    const url = new URL(req.url, 'http://stand-in');
    if (relay.takes(url.pathname)) return relay.forward(req, res);
    const body = jsonOf((await readBody(req)).toString('utf8'));
    const authorized = req.headers.authorization === `Bearer ${masterKey}`;
    requests.push({ method: req.method, path: url.pathname, authorized, body });
    if (answerFault(res, fault)) return;
    if (req.method === 'POST' && url.pathname === '/v1/realtime/sessions') return sendJson(res, BETA_DISABLED.status, BETA_DISABLED.body);
    if (req.method !== 'POST' || url.pathname !== '/v1/realtime/client_secrets') {
      return sendJson(res, 404, openaiErrorBody(`Invalid URL (${req.method} ${url.pathname})`, 'invalid_request_error', null));
    }
    const [status, answer] = answerClientSecrets({ authorized, authorization: req.headers.authorization, body, issue: keys.issue });
    return sendJson(res, status, answer);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, openaiErrorBody('stand-in failure', 'server_error', null));
    });
  });
  server.on('upgrade', relay.tunnel);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  return {
    port,
    /** Base URL to pass as `baseURL` (ends in `/v1`, like OpenAI's). */
    baseURL: `http://127.0.0.1:${port}/v1`,
    masterKey,
    requests,
    /** Keys issued so far (value → { expires_at, session }). */
    issued: keys.issued,
    /** Whether `key` was issued here and has not expired at `nowMs` (default: the stand-in's clock). */
    isValidKey(key, nowMs = now()) {
      return keys.isValid(key, nowMs);
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
      relay.serve(origin);
    },
    /** Behave again. */
    reset() {
      fault = null;
    },
    /** Stops listening and drops every connection, stalled ones included. */
    async close() {
      relay.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
