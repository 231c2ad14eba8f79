/**
 * A local stand-in for OpenAI's Realtime WebRTC endpoint, over real WebRTC on loopback (werift).
 *
 * - beta `POST /v1/realtime[?model=…]`  body: the SDP offer (`application/sdp`), `Authorization: Bearer ek_…`
 * - GA   `POST /v1/realtime/calls`       the same, or `multipart/form-data` with an `sdp` field
 *   → `201` with the SDP answer (`application/sdp`; GA adds `Location: /v1/realtime/calls/rtc_…`),
 *     or `401` in OpenAI's error shape unless the key was minted by the REST stand-in and has not
 *     expired (`isValidKey`, see `openai-rest.mjs`). A refused offer opens nothing.
 *
 * Each accepted offer is a session: the answer carries a sendrecv audio track in a stream (DeepChat's
 * `ontrack` needs `streams[0]`); the client's `oai-events` data channel receives `session.created`,
 * then whatever the scripted model (`model.mjs`) or the test (`callTool`, `send`) says. Every client
 * event is recorded. CORS is open (`*`): the offline demo page posts here from its own origin.
 *
 * Usage: `const rt = await startRealtimeStandIn({ isValidKey: up.isValidKey }); … await rt.close();`
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';

import { RTCPeerConnection, MediaStreamTrack, MediaStream } from './werift.mjs';
import { scriptedModel } from './model.mjs';

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
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, OpenAI-Beta',
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

/** The SDP offer from either body form. */
async function offerOf(req, body) {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://stand-in/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
    const sdp = form.get('sdp');
    return typeof sdp === 'string' ? sdp : null;
  }
  return body.toString('utf8');
}

/**
 * @param {object} options
 * @param {(key: string) => boolean} options.isValidKey  whether a bearer key may open a session (REST stand-in's).
 * @param {(key: string) => object | undefined} [options.describeKey]  the session settings a key was minted
 *   with (REST stand-in: `(k) => up.issued.get(k)?.session`); echoed in `session.created`.
 * @param {(session: object, event: object) => void} [options.model]  the scripted model; default `scriptedModel`.
 * @param {number} [options.port]                        default: an ephemeral port.
 */
export async function startRealtimeStandIn({ isValidKey, describeKey = () => undefined, model = scriptedModel, port = 0 } = {}) {
  if (typeof isValidKey !== 'function') throw new TypeError('startRealtimeStandIn needs isValidKey (from the REST stand-in)');
  /** Every SDP request: { api, key, status, at }. */
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

  async function openSession(offerSdp, key, api) {
    const pc = new RTCPeerConnection({ iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] });
    const session = {
      id: id('sess'),
      key,
      api,
      /** The settings the key was minted with (model, instructions, tools …), if known. */
      config: describeKey(key) ?? {},
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
      /** Sends a `response.done` whose `output[0]` is a function call; returns its `call_id`. */
      callTool(name, argumentsText) {
        const call_id = id('call');
        const item = { id: id('item'), object: 'realtime.item', type: 'function_call', status: 'completed', name, call_id, arguments: argumentsText };
        const response = { object: 'realtime.response', id: id('resp'), status: 'completed', output: [item], usage: null };
        session.send({ type: 'response.created', response: { ...response, status: 'in_progress', output: [] } });
        session.send({ type: 'response.function_call_arguments.done', response_id: response.id, item_id: item.id, output_index: 0, call_id, name, arguments: argumentsText });
        session.send({ type: 'response.done', response });
        return call_id;
      },
      /** Sends a spoken answer: its transcript, then `response.done` with a message item. */
      say(text) {
        const response = { object: 'realtime.response', id: id('resp'), status: 'completed', usage: null,
          output: [{ id: id('item'), object: 'realtime.item', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'audio', transcript: text }] }] };
        session.send({ type: 'response.audio_transcript.done', response_id: response.id, item_id: response.output[0].id, output_index: 0, content_index: 0, transcript: text });
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
        session.send({ type: 'session.created', session: { model: 'gpt-4o-realtime-preview', tools: [], ...session.config, id: session.id, object: 'realtime.session' } });
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

  async function handle(req, res) {
    const url = new URL(req.url, 'http://stand-in');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      return res.end();
    }
    const api = url.pathname === '/v1/realtime' ? 'beta' : url.pathname === '/v1/realtime/calls' ? 'ga' : null;
    if (req.method !== 'POST' || api === null) {
      return openaiError(res, 404, `Invalid URL (${req.method} ${url.pathname})`, 'invalid_request_error', null);
    }
    const body = await readBody(req);
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const offer = { api, key, status: 0, at: Date.now() };
    offers.push(offer);
    const answered = (status) => {
      offer.status = status;
      notify();
    };
    if (faults.length > 0) {
      const status = faults.shift();
      answered(status);
      return openaiError(res, status, `stand-in told to refuse this offer with ${status}`, status === 401 ? 'invalid_request_error' : 'server_error', null);
    }
    if (!isValidKey(key)) {
      answered(401);
      return openaiError(res, 401, 'Incorrect API key provided. Your ephemeral key may have expired.', 'invalid_request_error', 'invalid_api_key');
    }
    const sdp = await offerOf(req, body);
    if (!sdp || !sdp.startsWith('v=0')) {
      answered(400);
      return openaiError(res, 400, 'Invalid SDP offer.', 'invalid_request_error', null);
    }
    const { session, sdp: answer } = await openSession(sdp, key, api);
    answered(201);
    send(res, 201, 'application/sdp', answer, api === 'ga' ? { Location: `/v1/realtime/calls/${session.id.replace(/^sess_/, 'rtc_')}` } : {});
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
    /** `http://127.0.0.1:<port>`; the beta endpoint is `${origin}/v1/realtime`. */
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
      const session = current();
      if (!session) throw new Error('realtime stand-in: no open session to call a tool in');
      const call_id = session.callTool(name, argumentsText);
      const record = await waitFor(() => session.events.find((r) => r.event.type === 'conversation.item.create' && r.event.item?.call_id === call_id),
        { timeoutMs, what: `function_call_output for ${name}` });
      return { call_id, item: record.event.item, output: JSON.parse(record.event.item.output) };
    },
    async close() {
      await Promise.all(sessions.map((s) => s.close()));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
