/**
 * The realtime stand-in's sideband, as OpenAI serves it to the server that started a call: a
 * WebSocket to `/v1/realtime?call_id=rtc_…` with `Authorization: Bearer <API key>` ("Realtime server
 * controls"; openai-node `src/realtime/internal-base.ts`). It sees every server event of the call
 * sent after it joined, and may send any client event, handled as if it came over the data channel.
 *
 * The upgrade is refused before it happens, with an HTTP status and OpenAI's error JSON: 401
 * `invalid_api_key` unless the key is the project's (master) key, whichever key opened the call;
 * 404 for a call that is unknown or has ended (the code is not on record: null); 400 without a
 * `call_id` (the stand-in has no WebSocket transport of its own). A frame over `MAX_FRAME_BYTES`
 * closes the socket with 1009. Test hooks: `refuseNext(status)`, `slowNext(ms)`, `drop(callId)`.
 */
import { WebSocketServer } from 'ws';

import { error as openaiErrorObject } from './ga-protocol.js';
import { refuseUpgrade } from './http-answers.js';

/** The largest frame a sideband takes (OpenAI's bound is not on record; large enough for any event). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/**
 * @param {object} options
 * @param {string | undefined} options.masterKey  the project key a sideband must carry (none: every upgrade is 401).
 * @param {(callId: string) => object | undefined} options.sessionOf  the call's session.
 * @param {(session: object, data: string, via: 'sideband') => void} options.receive  handles one client frame.
 * @param {(status: number) => object} options.errorFor  the error object for a status the test asked for.
 * @param {() => void} options.notify  wakes the stand-in's waiters.
 */
export function createSidebands({ masterKey, sessionOf, receive, errorFor, notify }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  /** Per call id: { open, sockets: [{ frames, closed }] }; frames are the texts received, in order. */
  const byCall = new Map();
  /** Upgrade sockets not yet answered (a slowed upgrade), destroyed on close(). */
  const pending = new Set();
  const refusals = [];
  const delays = [];

  function join(session, ws) {
    const record = byCall.get(session.callId) ?? { open: 0, sockets: [] };
    byCall.set(session.callId, record);
    const socket = { frames: [], closed: null };
    record.sockets.push(socket);
    record.open += 1;
    session.sidebands.add(ws);
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data).toString('utf8') : data.toString('utf8');
      socket.frames.push(text);
      receive(session, text, 'sideband');
    });
    ws.on('error', () => {}); // a frame over the bound: ws closes with 1009 itself
    ws.on('close', (code, reason) => {
      socket.closed = { code, reason: reason.toString('utf8') };
      record.open -= 1;
      session.sidebands.delete(ws);
      notify();
    });
    notify();
  }

  async function upgrade(req, socket, head) {
    pending.add(socket);
    socket.on('error', () => {});
    const delay = delays.shift();
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    pending.delete(socket);
    if (socket.destroyed) return;
    const url = new URL(req.url, 'http://stand-in');
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const callId = url.searchParams.get('call_id');
    const session = callId ? sessionOf(callId) : undefined;
    const told = refusals.shift();
    if (told !== undefined) return refuseUpgrade(socket, told, errorFor(told));
    if (url.pathname !== '/v1/realtime') return refuseUpgrade(socket, 404, openaiErrorObject(`Invalid URL (GET ${url.pathname})`, null));
    if (masterKey === undefined || key !== masterKey) {
      return refuseUpgrade(socket, 401, openaiErrorObject('Incorrect API key provided.', 'invalid_api_key'));
    }
    if (!callId) return refuseUpgrade(socket, 400, openaiErrorObject('The stand-in serves only sidebands: call_id is required.', null, 'call_id'));
    if (!session || session.state === 'closed') return refuseUpgrade(socket, 404, openaiErrorObject(`Call '${callId}' not found.`, null, 'call_id'));
    wss.handleUpgrade(req, socket, head, (ws) => join(session, ws));
  }

  return {
    upgrade(req, socket, head) {
      upgrade(req, socket, head).catch(() => socket.destroy());
    },
    /** Per call id: `{ open, sockets: [{ frames, closed: null | { code, reason } }] }`. */
    byCall,
    /** The next upgrade is refused with `status` (OpenAI's error JSON), whatever it carries. */
    refuseNext(status) {
      refusals.push(status);
    },
    /** The next upgrade is answered only after `ms`. */
    slowNext(ms) {
      delays.push(ms);
    },
    /** Ends the call's sidebands abruptly: the TCP connection drops, no close frame. */
    drop(callId) {
      for (const ws of sessionOf(callId)?.sidebands ?? []) ws.terminate();
    },
    close() {
      for (const socket of pending) socket.destroy();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
