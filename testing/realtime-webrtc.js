/**
 * A local stand-in for OpenAI's Realtime WebRTC endpoint as OpenAI speaks it today (GA only), over
 * real WebRTC on loopback (werift).
 *
 * - `POST /v1/realtime/calls` (`calls-route.js`, `offer-admission.js`) with the SDP offer (`application/sdp`) and `Authorization: Bearer ek_…`:
 *   the key must have been minted by the REST stand-in and not have expired (`isValidKey`); the
 *   session is the key's. A query (`?model=…`, which DeepChat 2.5 appends) is ignored, as no
 *   parameter is documented.
 * - `POST /v1/realtime/calls` as `multipart/form-data` (an `sdp` part and a `session` JSON part)
 *   with the master key (the unified interface, from the page's server); the session is checked as
 *   `client_secrets` checks it.
 * - Either way the session's model is checked here, where OpenAI checks it (keys are minted for any
 *   name): not a realtime model → 400 `invalid_model`; a realtime model the project is not entitled
 *   to (`entitledModels`, `setEntitled`) → 403 `model_not_found`.
 *   → `201` with the SDP answer (`application/sdp`) and `Location: /v1/realtime/calls/rtc_…`, or
 *   OpenAI's error shape. A refused offer opens nothing.
 * - `POST /v1/realtime` (the beta path) → 400 `beta_api_shape_disabled`, as OpenAI answers now.
 * - `POST /v1/realtime/calls/{call_id}/hangup` (`hangup-route.js`) with the master key → `200 {}`, and the call ends
 *   (`session.hangUp()`: the data channel and the sidebands close, then the peer connection); an
 *   unknown or ended call → 404, another key → 401 `invalid_api_key`. Recorded in `hangups`.
 * - A WebSocket upgrade on `/v1/realtime?call_id=rtc_…` with the master key joins that call as a
 *   sideband (`sideband.js`), for any call the stand-in opened, whichever key opened it.
 *
 * Each accepted offer is a session (`session.js`, answered by `webrtc-answer.js`): the answer carries
 * a sendrecv audio track in a stream (DeepChat's `ontrack` needs `streams[0]`); the client's
 * `oai-events` data channel (`events-channel.js`) receives
 * `session.created` (the full effective session), then whatever the scripted model (`model.js`) or
 * the test (`say`, `callTools`, `bargeIn`, `interruptCalls`, `sendError`, `expire`, `send`) says,
 * with GA event names only; so does every sideband of the call. Client events from the channel and
 * from sidebands are handled alike and recorded with `via: 'channel' | 'sideband'`
 * (`client-event-intake.js`). CORS is open (`*`, `realtime-http.js`): the offline demo page posts
 * here from its own origin. What a test holds of it is `realtime-controls.js`.
 *
 * Usage: `const rt = await startRealtimeStandIn({ isValidKey: up.isValidKey }); … await rt.close();`
 */
import http from 'node:http';

import { scriptedModel } from './model.js';
import { createSidebands } from './sideband.js';
import { BETA_DISABLED, MODELS } from './ga-protocol.js';
import { readBody } from './http-answers.js';
import { CORS, sendOpenAIError, sendRefusal } from './realtime-http.js';
import { answerCall } from './calls-route.js';
import { HANGUP_PATH, answerHangUp } from './hangup-route.js';
import { toldRefusal } from './offer-admission.js';
import { createEventIntake } from './client-event-intake.js';
import { createWaiters } from './waiters.js';
import { realtimeControls } from './realtime-controls.js';

/**
 * @param {object} options
 * @param {(key: string) => boolean} options.isValidKey  whether a bearer key may open a session (REST stand-in's).
 * @param {string} [options.masterKey]                   the master key a multipart (unified) offer must carry.
 * @param {(key: string) => object | undefined} [options.describeKey]  the session settings a key was minted
 *   with (REST stand-in: `(k) => up.issued.get(k)?.session`); the session starts from them.
 * @param {(session: object, event: object) => void} [options.model]  the scripted model; default `scriptedModel`.
 * @param {Iterable<string>} [options.entitledModels]    realtime models the project may use; default all of them.
 * @param {number} [options.port]                        default: an ephemeral port.
 */
export async function startRealtimeStandIn({ isValidKey, describeKey = () => undefined, masterKey, model = scriptedModel, entitledModels = MODELS, port = 0 } = {}) {
  if (typeof isValidKey !== 'function') throw new TypeError('startRealtimeStandIn needs isValidKey (from the REST stand-in)');
  const { notify, waitFor } = createWaiters();
  const sessions = [];
  const standIn = {
    masterKey,
    isValidKey,
    describeKey,
    /** Every SDP request: { path, model (the query's, ignored), form, key, status, code, at }. */
    offers: [],
    /** Every session, in order. */
    sessions,
    /** Every client event of every session: { session, at, event, via: 'channel' | 'sideband' }. */
    events: [],
    /** Every hang-up request: { callId, at, status }. */
    hangups: [],
    /** How to answer the next offers, whatever their key (`failNextOffer`): { status, error? }. */
    faults: [],
    /** The realtime models the project may use (`setEntitled`). */
    entitled: new Set(entitledModels),
    notify,
    waitFor,
    sessionOf: (callId) => sessions.find((s) => s.callId === callId),
    adopt: (session) => sessions.push(session),
  };
  standIn.receive = createEventIntake({ model, events: standIn.events, notify });

  /** A new record in `offers` for a request that is not a hang-up (beta and unknown paths included). */
  function recordOffer(url) {
    const offer = { path: url.pathname, model: url.searchParams.get('model'), form: false, key: '', status: 0, code: null, at: Date.now() };
    standIn.offers.push(offer);
    return offer;
  }

  /** Records the status a request outside `/calls`' checks is answered with (the beta path, an unknown one). */
  function answered(offer, status) {
    offer.status = status;
    notify();
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://stand-in');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      return res.end();
    }
    const body = await readBody(req);
    const hangup = url.pathname.match(HANGUP_PATH);
    if (req.method === 'POST' && hangup) return answerHangUp(standIn, req, res, hangup[1]);
    const offer = recordOffer(url);
    if (req.method === 'POST' && url.pathname === '/v1/realtime') {
      answered(offer, BETA_DISABLED.status);
      return sendRefusal(res, BETA_DISABLED.status, BETA_DISABLED.body.error);
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/realtime/calls') {
      answered(offer, 404);
      return sendOpenAIError(res, 404, `Invalid URL (${req.method} ${url.pathname})`, 'invalid_request_error', null);
    }
    return answerCall(standIn, req, res, body, offer);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('realtime stand-in:', error);
      if (!res.headersSent) sendOpenAIError(res, 500, 'stand-in failure', 'server_error', null);
    });
  });
  const sidebands = createSidebands({ masterKey, sessionOf: standIn.sessionOf, receive: standIn.receive, notify, errorFor: (status) => toldRefusal({ status })[1] });
  server.on('upgrade', (req, socket, head) => sidebands.upgrade(req, socket, head));
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));

  return realtimeControls(standIn, {
    origin: `http://127.0.0.1:${server.address().port}`,
    sidebands,
    async close() {
      await Promise.all(sessions.map((s) => s.close()));
      sidebands.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}
