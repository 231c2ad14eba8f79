/**
 * A local stand-in for OpenAI's Realtime WebRTC endpoint as OpenAI speaks it today (GA only), over
 * real WebRTC on loopback (werift).
 *
 * - `POST /v1/realtime/calls[?model=…]` with the SDP offer (`application/sdp`) and
 *   `Authorization: Bearer ek_…`: the key must have been minted by the REST stand-in and not have
 *   expired (`isValidKey`), and a `?model=` must name the key's own model (400 otherwise).
 * - `POST /v1/realtime/calls` as `multipart/form-data` (an `sdp` part and a `session` JSON part)
 *   with the master key (the unified interface, from the page's server).
 *   → `201` with the SDP answer (`application/sdp`) and `Location: /v1/realtime/calls/rtc_…`, or
 *   OpenAI's error shape. A refused offer opens nothing.
 * - `POST /v1/realtime` (the beta path) → 400 `beta_api_shape_disabled`, as OpenAI answers now.
 *
 * Each accepted offer is a session: the answer carries a sendrecv audio track in a stream (DeepChat's
 * `ontrack` needs `streams[0]`); the client's `oai-events` data channel receives `session.created`,
 * then whatever the scripted model (`model.mjs`) or the test (`callTools`, `send`) says, with GA
 * event names only. A `session.update` without `session.type`, or with beta field names, gets an
 * `error` event, as from OpenAI. Every client event is recorded. CORS is open (`*`): the offline
 * demo page posts here from its own origin.
 *
 * Usage: `const rt = await startRealtimeStandIn({ isValidKey: up.isValidKey }); … await rt.close();`
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';

import { RTCPeerConnection, MediaStreamTrack, MediaStream } from './werift.mjs';
import { scriptedModel } from './model.mjs';
import { BETA_DISABLED, error as openaiErrorObject, refuseSession } from './ga-protocol.mjs';

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
 *   with (REST stand-in: `(k) => up.issued.get(k)?.session`); echoed in `session.created`.
 * @param {(session: object, event: object) => void} [options.model]  the scripted model; default `scriptedModel`.
 * @param {number} [options.port]                        default: an ephemeral port.
 */
export async function startRealtimeStandIn({ isValidKey, describeKey = () => undefined, masterKey, model = scriptedModel, port = 0 } = {}) {
  if (typeof isValidKey !== 'function') throw new TypeError('startRealtimeStandIn needs isValidKey (from the REST stand-in)');
  /** Every SDP request: { path, form, key, model, status, at }. */
  const offers = [];
  /** Every session, in order. */
  const sessions = [];
  /** Every client event of every session: { session, at, event }. */
  const events = [];
  const waiters = new Set();
  /** Statuses to answer the next offers with, whatever their key (`failNextOffer`). */
  const faults = [];

  function notify() {
    for (const waiter of waiters) waiter();
  }

  async function openSession(offerSdp, key, config) {
    const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] });
    const session = {
      id: id('sess'),
      key,
      /** The session settings: the key's (model, instructions, tools …), or the multipart `session`. */
      config,
      pc,
      channel: null,
      state: 'connecting',
      events: [],
      /** Sends one server event (an `event_id` is added). */
      send(event) {
        const message = JSON.stringify({ event_id: id('event'), ...event });
        if (session.channel?.readyState !== 'open') throw new Error(`session ${session.id} has no open data channel`);
        session.channel.send(message);
      },
      /**
       * Sends one response holding a function call per entry (`[{ name, arguments }]`), as a
       * reasoning model with `parallel_tool_calls` does; returns their `call_id`s.
       */
      callTools(calls) {
        const response = { object: 'realtime.response', id: id('resp'), status: 'completed', output: [], usage: null };
        session.send({ type: 'response.created', response: { ...response, status: 'in_progress' } });
        calls.forEach(({ name, arguments: argumentsText }, output_index) => {
          const item = { id: id('item'), object: 'realtime.item', type: 'function_call', status: 'completed', name, call_id: id('call'), arguments: argumentsText };
          session.send({ type: 'response.output_item.added', response_id: response.id, output_index, item: { ...item, status: 'in_progress', arguments: '' } });
          session.send({ type: 'response.function_call_arguments.done', response_id: response.id, item_id: item.id, output_index, call_id: item.call_id, name, arguments: argumentsText });
          session.send({ type: 'response.output_item.done', response_id: response.id, output_index, item });
          response.output.push(item);
        });
        session.send({ type: 'response.done', response });
        return response.output.map((item) => item.call_id);
      },
      /** One function call in a response of its own; returns its `call_id`. */
      callTool(name, argumentsText) {
        return session.callTools([{ name, arguments: argumentsText }])[0];
      },
      /** A spoken answer, GA-style: the transcript's delta and done, then `response.done`. */
      say(text) {
        const item = { id: id('item'), object: 'realtime.item', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_audio', transcript: text }] };
        const response = { object: 'realtime.response', id: id('resp'), status: 'completed', usage: null, output: [item] };
        const at = { response_id: response.id, item_id: item.id, output_index: 0, content_index: 0 };
        session.send({ type: 'response.created', response: { ...response, status: 'in_progress', output: [] } });
        session.send({ type: 'response.output_audio_transcript.delta', ...at, delta: text });
        session.send({ type: 'response.output_audio_transcript.done', ...at, transcript: text });
        session.send({ type: 'response.done', response });
      },
      close() {
        session.state = 'closed';
        return pc.close().catch(() => {});
      },
    };
    sessions.push(session);

    // The answer's audio: sendrecv, in a stream, so the browser's track event has streams[0].
    const stream = new MediaStream({ id: id('stream') });
    const track = new MediaStreamTrack({ kind: 'audio' });
    stream.addTrack(track);

    pc.connectionStateChange.subscribe((state) => {
      if (state === 'closed' || state === 'failed' || state === 'disconnected') session.state = 'closed';
      notify();
    });
    pc.onDataChannel.subscribe((channel) => {
      if (channel.label !== 'oai-events') return;
      session.channel = channel;
      const opened = () => {
        if (session.state === 'open') return;
        session.state = 'open';
        session.send({ type: 'session.created', session: { type: 'realtime', model: 'gpt-realtime', tools: [], ...session.config, id: session.id, object: 'realtime.session' } });
        notify();
      };
      channel.stateChanged.subscribe((state) => {
        if (state === 'open') opened();
        if (state === 'closed') {
          session.state = 'closed';
          notify();
        }
      });
      if (channel.readyState === 'open') opened();
      channel.onMessage.subscribe((data) => {
        let event;
        try {
          event = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
        } catch {
          event = { type: '(not JSON)', text: String(data) };
        }
        const record = { session: session.id, at: Date.now(), event };
        session.events.push(record);
        events.push(record);
        notify();
        try {
          model(session, event);
        } catch (error) {
          console.error('realtime stand-in: the scripted model failed:', error);
        }
      });
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
  async function admitOffer(req, url, body) {
    const type = req.headers['content-type'] ?? '';
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const invalidKey = [401, openaiErrorObject('Incorrect API key provided. Your ephemeral key may have expired.', 'invalid_api_key')];
    if (/^multipart\/form-data/i.test(type)) {
      if (masterKey === undefined || key !== masterKey) return { key, refusal: invalidKey };
      const form = await formOf(type, body);
      if (!form?.sdp) return { key, refusal: [400, openaiErrorObject("Missing required parameter: 'sdp'.", 'missing_required_parameter', 'sdp')] };
      let config = { type: 'realtime', model: 'gpt-realtime' };
      if (form.session !== null) {
        try {
          config = JSON.parse(form.session);
        } catch {
          return { key, refusal: [400, openaiErrorObject("Invalid JSON in 'session'.", 'invalid_json', 'session')] };
        }
        const refusal = refuseSession(config);
        if (refusal) return { key, refusal: [400, refusal] };
      }
      return { key, form: true, sdp: form.sdp, config: { model: 'gpt-realtime', ...config } };
    }
    if (!/^application\/sdp/i.test(type)) {
      return { key, refusal: [400, openaiErrorObject("Unsupported content type: expected 'application/sdp' or 'multipart/form-data'.", 'unsupported_content_type')] };
    }
    if (!isValidKey(key)) return { key, refusal: invalidKey };
    const config = describeKey(key) ?? { type: 'realtime', model: 'gpt-realtime' };
    const asked = url.searchParams.get('model');
    if (asked !== null && asked !== config.model) {
      return { key, refusal: [400, openaiErrorObject(`The model '${asked}' does not match the model of this session's client secret ('${config.model}').`, 'model_mismatch', 'model')] };
    }
    return { key, form: false, sdp: body.toString('utf8'), config };
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://stand-in');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      return res.end();
    }
    const body = await readBody(req);
    const offer = { path: url.pathname, model: url.searchParams.get('model'), form: false, key: '', status: 0, at: Date.now() };
    offers.push(offer);
    const answered = (status) => {
      offer.status = status;
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
    const admitted = await admitOffer(req, url, body);
    offer.key = admitted.key;
    offer.form = admitted.form ?? false;
    if (faults.length > 0) {
      const status = faults.shift();
      answered(status);
      return openaiError(res, status, `stand-in told to refuse this offer with ${status}`, status === 401 ? 'invalid_request_error' : 'server_error', null);
    }
    if (admitted.refusal) {
      const [status, error] = admitted.refusal;
      answered(status);
      return send(res, status, 'application/json', JSON.stringify({ error }));
    }
    if (!admitted.sdp.startsWith('v=0')) {
      answered(400);
      return openaiError(res, 400, 'Invalid SDP offer.', 'invalid_request_error', 'invalid_offer');
    }
    const { session, sdp: answer } = await openSession(admitted.sdp, admitted.key, admitted.config);
    answered(201);
    send(res, 201, 'application/sdp', answer, { Location: `/v1/realtime/calls/${session.id.replace(/^sess_/, 'rtc_')}` });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('realtime stand-in:', error);
      if (!res.headersSent) openaiError(res, 500, 'stand-in failure', 'server_error', null);
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

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
    waitFor,
    /** Answers the next offer with `status` (OpenAI's error shape) instead of a session. */
    failNextOffer(status = 401) {
      faults.push(status);
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
    /** Several calls in one response; resolves with each call's output, parsed, in call order. */
    async callTools(calls, { timeoutMs = 10000 } = {}) {
      const session = current();
      if (!session) throw new Error('realtime stand-in: no open session to call a tool in');
      const ids = session.callTools(calls);
      return Promise.all(ids.map(async (call_id, i) => {
        const record = await waitFor(() => session.events.find((r) => r.event.type === 'conversation.item.create' && r.event.item?.call_id === call_id),
          { timeoutMs, what: `function_call_output for ${calls[i].name}` });
        return { call_id, item: record.event.item, output: JSON.parse(record.event.item.output) };
      }));
    },
    async close() {
      await Promise.all(sessions.map((s) => s.close()));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
