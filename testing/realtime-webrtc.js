/**
 * A local stand-in for OpenAI's Realtime WebRTC endpoint as OpenAI speaks it today (GA only), over
 * real WebRTC on loopback (werift).
 *
 * - `POST /v1/realtime/calls` with the SDP offer (`application/sdp`) and `Authorization: Bearer ek_…`:
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
 * - `POST /v1/realtime/calls/{call_id}/hangup` with the master key → `200 {}`, and the call ends
 *   (`session.hangUp()`: the data channel and the sidebands close, then the peer connection); an
 *   unknown or ended call → 404, another key → 401 `invalid_api_key`. Recorded in `hangups`.
 * - A WebSocket upgrade on `/v1/realtime?call_id=rtc_…` with the master key joins that call as a
 *   sideband (`sideband.js`), for any call the stand-in opened, whichever key opened it.
 *
 * Each accepted offer is a session (`session.js`): the answer carries a sendrecv audio track in a
 * stream (DeepChat's `ontrack` needs `streams[0]`); the client's `oai-events` data channel receives
 * `session.created` (the full effective session), then whatever the scripted model (`model.js`) or
 * the test (`say`, `callTools`, `bargeIn`, `interruptCalls`, `sendError`, `expire`, `send`) says,
 * with GA event names only; so does every sideband of the call. Client events from the channel and
 * from sidebands are handled alike and recorded with `via: 'channel' | 'sideband'`. CORS is open
 * (`*`): the offline demo page posts here from its own origin.
 *
 * Usage: `const rt = await startRealtimeStandIn({ isValidKey: up.isValidKey }); … await rt.close();`
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';

import { RTCPeerConnection, MediaStreamTrack, MediaStream } from './werift.js';
import { scriptedModel } from './model.js';
import { createSession } from './session.js';
import { createSidebands } from './sideband.js';
import { BETA_DISABLED, MODELS, effectiveSession, error as openaiErrorObject, refuseModel, refuseSession } from './ga-protocol.js';

const id = (prefix) => `${prefix}_${randomBytes(8).toString('hex')}`;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Expose-Headers': 'Location',
  'Access-Control-Max-Age': '600',
};

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { ...CORS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function openaiError(res, status, message, type, code) {
  send(res, status, 'application/json', JSON.stringify({ error: { message, type, param: null, code } }));
}

/** The multipart form's `sdp` and `session` parts (as text), or null if it is not a form. */
async function formOf(type, body) {
  try {
    const form = await new Request('http://stand-in/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
    const text = async (part) => (part === null ? null : typeof part === 'string' ? part : await part.text());
    return { sdp: await text(form.get('sdp')), session: await text(form.get('session')) };
  } catch {
    return null;
  }
}

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
  /** Every SDP request: { path, model (the query's, ignored), form, key, status, code, at }. */
  const offers = [];
  /** Every session, in order. */
  const sessions = [];
  /** Every client event of every session: { session, at, event, via: 'channel' | 'sideband' }. */
  const events = [];
  /** Every hang-up request: { callId, at, status }. */
  const hangups = [];
  const waiters = new Set();
  /** How to answer the next offers, whatever their key (`failNextOffer`): { status, error? }. */
  const faults = [];
  let entitled = new Set(entitledModels);

  function notify() {
    for (const waiter of waiters) waiter();
  }

  /**
   * One client event from the data channel or a sideband: recorded, then handled by the scripted
   * model unless the call has ended (a sideband may act before the client's channel opens).
   */
  function receive(session, text, via) {
    let event;
    try {
      event = JSON.parse(text);
    } catch {
      event = { type: '(not JSON)', text };
    }
    const record = { session: session.id, at: Date.now(), event, via };
    session.events.push(record);
    events.push(record);
    notify();
    if (session.state === 'closed') return;
    try {
      model(session, event);
    } catch (error) {
      console.error('realtime stand-in: the scripted model failed:', error);
    }
  }

  const sessionOf = (callId) => sessions.find((s) => s.callId === callId);
  const bearer = (req) => (req.headers.authorization ?? '').replace(/^Bearer /, '');

  /** `POST /v1/realtime/calls/{callId}/hangup`. */
  async function hangUp(req, res, callId) {
    const session = sessionOf(callId);
    const at = Date.now();
    let status = 200;
    if (masterKey === undefined || bearer(req) !== masterKey) status = 401;
    else if (!session || session.state === 'closed') status = 404;
    else await session.hangUp();
    hangups.push({ callId, at, status });
    notify();
    if (status === 401) return openaiError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    if (status === 404) return openaiError(res, 404, `Call '${callId}' not found.`, 'invalid_request_error', null);
    send(res, 200, 'application/json', '{}');
  }

  async function openSession(offerSdp, key, config) {
    const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] });
    const session = createSession({ key, config, pc });
    sessions.push(session);

    // The answer's audio: sendrecv, in a stream, so the browser's track event has streams[0].
    const stream = new MediaStream({ id: id('stream') });
    const track = new MediaStreamTrack({ kind: 'audio' });
    stream.addTrack(track);

    const closed = () => {
      if (session.state !== 'closed') session.ended();
      notify();
    };
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'closed' || state === 'failed' || state === 'disconnected') closed();
      else notify();
    });
    pc.onDataChannel.subscribe((channel) => {
      if (channel.label !== 'oai-events') return;
      session.channel = channel;
      const opened = () => {
        if (session.state !== 'connecting') return;
        session.state = 'open';
        session.send({ type: 'session.created', session: session.describe() });
        notify();
      };
      channel.stateChanged.subscribe((state) => {
        if (state === 'open') opened();
        if (state === 'closed') closed();
      });
      if (channel.readyState === 'open') opened();
      channel.onMessage.subscribe((data) => receive(session, typeof data === 'string' ? data : data.toString('utf8'), 'channel'));
    });

    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.kind !== 'audio') continue;
      transceiver.setDirection('sendrecv');
      await transceiver.sender.replaceTrack(track);
      transceiver.sender.streamId = stream.id;
    }
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    return { session, sdp: pc.localDescription.sdp };
  }

  /** What OpenAI would refuse this offer with, as `[status, error object]`, or the session it opens. */
  async function admitOffer(req, body) {
    const type = req.headers['content-type'] ?? '';
    const key = bearer(req);
    const invalidKey = [401, openaiErrorObject('Incorrect API key provided. Your ephemeral key may have expired.', 'invalid_api_key')];
    let admitted;
    if (/^multipart\/form-data/i.test(type)) {
      if (masterKey === undefined || key !== masterKey) return { key, refusal: invalidKey };
      const form = await formOf(type, body);
      if (!form?.sdp) return { key, refusal: [400, openaiErrorObject("Missing required parameter: 'sdp'.", 'missing_required_parameter', 'sdp')] };
      let asked = { type: 'realtime' };
      if (form.session !== null) {
        try {
          asked = JSON.parse(form.session);
        } catch {
          return { key, refusal: [400, openaiErrorObject("Invalid JSON in 'session'.", 'invalid_json', 'session')] };
        }
        const refusal = refuseSession(asked);
        if (refusal) return { key, refusal: [400, refusal] };
      }
      admitted = { key, form: true, sdp: form.sdp, config: effectiveSession(asked) };
    } else if (!/^application\/sdp/i.test(type)) {
      return { key, refusal: [400, openaiErrorObject("Unsupported content type: expected 'application/sdp' or 'multipart/form-data'.", 'unsupported_content_type')] };
    } else {
      if (!isValidKey(key)) return { key, refusal: invalidKey };
      admitted = { key, form: false, sdp: body.toString('utf8'), config: effectiveSession(describeKey(key) ?? { type: 'realtime' }) };
    }
    const refusal = admitted.config.type === 'realtime' ? refuseModel(admitted.config.model, entitled) : null;
    return refusal ? { ...admitted, refusal } : admitted;
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://stand-in');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      return res.end();
    }
    const body = await readBody(req);
    const hangup = url.pathname.match(/^\/v1\/realtime\/calls\/([^/]+)\/hangup$/);
    if (req.method === 'POST' && hangup) return hangUp(req, res, hangup[1]);
    const offer = { path: url.pathname, model: url.searchParams.get('model'), form: false, key: '', status: 0, code: null, at: Date.now() };
    offers.push(offer);
    const answered = (status, code = null) => {
      offer.status = status;
      offer.code = code;
      notify();
    };
    if (req.method === 'POST' && url.pathname === '/v1/realtime') {
      answered(BETA_DISABLED.status);
      return send(res, BETA_DISABLED.status, 'application/json', JSON.stringify(BETA_DISABLED.body));
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/realtime/calls') {
      answered(404);
      return openaiError(res, 404, `Invalid URL (${req.method} ${url.pathname})`, 'invalid_request_error', null);
    }
    const admitted = await admitOffer(req, body);
    offer.key = admitted.key;
    offer.form = admitted.form ?? false;
    const refusal = faults.length > 0 ? told(faults.shift()) : admitted.refusal;
    if (refusal) {
      const [status, error] = refusal;
      answered(status, error.code);
      return send(res, status, 'application/json', JSON.stringify({ error }));
    }
    if (!admitted.sdp.startsWith('v=0')) {
      answered(400);
      return openaiError(res, 400, 'Invalid SDP offer.', 'invalid_request_error', 'invalid_offer');
    }
    const { session, sdp: answer } = await openSession(admitted.sdp, admitted.key, admitted.config);
    answered(201);
    send(res, 201, 'application/sdp', answer, { Location: `/v1/realtime/calls/${session.callId}` });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('realtime stand-in:', error);
      if (!res.headersSent) openaiError(res, 500, 'stand-in failure', 'server_error', null);
    });
  });
  const sidebands = createSidebands({ masterKey, sessionOf, receive, notify, errorFor: (status) => told({ status })[1] });
  server.on('upgrade', (req, socket, head) => sidebands.upgrade(req, socket, head));
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  /** A `failNextOffer` fault as `[status, error object]` (OpenAI's, or a generic one for the status). */
  const told = ({ status, error }) => [status, error ?? (status === 401
    // OpenAI's own 401, which quotes a masked key
    ? openaiErrorObject('Incorrect API key provided: ek_68d0****a1b2. Your ephemeral key may have expired.', 'invalid_api_key')
    : openaiErrorObject(`stand-in told to refuse this offer with ${status}`, null, null, 'server_error'))];

  /** Resolves with `predicate()`'s first truthy value, re-checked after every offer and event. */
  function waitFor(predicate, { timeoutMs = 10000, what = 'a condition' } = {}) {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value;
        try {
          value = predicate();
        } catch (error) {
          finish();
          return reject(error);
        }
        if (value) {
          finish();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`realtime stand-in: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  }

  const current = () => sessions.findLast((s) => s.state === 'open');

  return {
    /** `http://127.0.0.1:<port>`; offers go to `${origin}/v1/realtime/calls`. */
    origin,
    offers,
    sessions,
    events,
    /** Every `POST /v1/realtime/calls/{id}/hangup`: { callId, at, status }. */
    hangups,
    /**
     * Per call id, its sidebands: `{ open, sockets: [{ frames, closed }] }` (`open`: how many are open
     * now; `frames`: the text of every frame a socket received, in order; `closed`: `{ code, reason }`).
     */
    sidebands: sidebands.byCall,
    /** The call id (`rtc_…`) of a session. */
    callIdOf: (session) => session.callId,
    /** The session of a call id, or undefined. */
    sessionOf,
    /** The next sideband upgrade is refused with `status` (and OpenAI's error JSON). */
    refuseNextSideband(status = 401) {
      sidebands.refuseNext(status);
    },
    /** The next sideband upgrade is answered only after `ms`. */
    slowNextSideband(ms) {
      sidebands.slowNext(ms);
    },
    /** Terminates a call's sideband sockets abruptly (no close frame); the call goes on. */
    dropSideband(callId) {
      sidebands.drop(callId);
    },
    waitFor,
    /**
     * Answers the next offer with `status` instead of a session, and `error` as the body's `error`
     * (OpenAI's error object, e.g. `insufficient_quota`; default a generic one for the status).
     */
    failNextOffer(status = 401, error) {
      faults.push({ status, error });
    },
    /**
     * The realtime models the project may use from now on (others answer 403 `model_not_found`);
     * `undefined`: all of them again.
     */
    setEntitled(models = MODELS) {
      entitled = new Set(models);
    },
    /** The realtime models the project may use. */
    get entitledModels() {
      return entitled;
    },
    /** The newest session whose data channel is open, or undefined. */
    get session() {
      return current();
    },
    /** Waits for an open session (newer than `after` sessions, if given). */
    waitForSession({ after = 0, timeoutMs } = {}) {
      return waitFor(() => sessions.slice(after).find((s) => s.state === 'open'), { timeoutMs, what: 'open session' });
    },
    /** The model calls a tool in the newest open session; resolves with the client's parsed output. */
    async callTool(name, argumentsText, { timeoutMs = 10000 } = {}) {
      const [result] = await this.callTools([{ name, arguments: argumentsText }], { timeoutMs });
      return result;
    },
    /**
     * Several calls in one response; resolves with each call's output, parsed, in call order. Other
     * options go to `session.callTools` (a call that is never answered times out).
     */
    async callTools(calls, { timeoutMs = 10000, ...options } = {}) {
      const session = current();
      if (!session) throw new Error('realtime stand-in: no open session to call a tool in');
      const ids = session.callTools(calls, options);
      return Promise.all(ids.map(async (call_id, i) => {
        const record = await waitFor(() => session.events.find((r) => r.event.type === 'conversation.item.create' && r.event.item?.call_id === call_id),
          { timeoutMs, what: `function_call_output for ${calls[i].name}` });
        return { call_id, item: record.event.item, output: JSON.parse(record.event.item.output) };
      }));
    },
    async close() {
      await Promise.all(sessions.map((s) => s.close()));
      sidebands.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
