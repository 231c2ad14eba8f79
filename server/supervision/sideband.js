/**
 * The server's own connection to a call it started (OpenAI's "sideband"): a WebSocket to
 * `wss://api.openai.com/v1/realtime?call_id=rtc_…` with the API key, on which the server sees every
 * event of the call and may send its own. Frames are bounded (a frame past `maxFrameBytes` closes
 * the socket), the handshake has a deadline, and nothing about the key reaches an error message.
 * @module
 */
import WebSocket from 'ws';
import { cutText } from '../../common/cut-text.js';

/** A session echo with long instructions and many tools is the largest event; far below this. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** The sideband URL for a call: the API's origin and path with `ws(s):`, `/realtime?call_id=`. */
export function sidebandUrl(baseURL, callId) {
  const url = new URL(`${baseURL.replace(/\/+$/, '')}/realtime`);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  url.searchParams.set('call_id', callId);
  return url;
}

/**
 * Opens the sideband. Resolves when it is open, or rejects with an Error whose message names the
 * failure class only (`refused with HTTP 401`, `no answer within 5000 ms`, `network error (ECONNREFUSED)`).
 * @param {{ baseURL: string, apiKey: string, callId: string, timeoutMs: number,
 *   onEvent: (event: object) => void, onClose: (why: { code: number, reason: string }) => void,
 *   maxFrameBytes?: number }} options
 * @returns {Promise<{ send: (event: object) => boolean, close: (code?: number) => void, readonly open: boolean }>}
 */
export function openSideband({ baseURL, apiKey, callId, timeoutMs, onEvent, onClose, maxFrameBytes = MAX_FRAME_BYTES }) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(sidebandUrl(baseURL, callId), {
      headers: { Authorization: `Bearer ${apiKey}` },
      handshakeTimeout: timeoutMs,
      maxPayload: maxFrameBytes,
      followRedirects: false, // the Authorization header would go with a redirect
      perMessageDeflate: false, // no decompression bomb on the server's side
    });
    let opened = false;
    const fail = (message) => {
      if (opened) return;
      opened = true; // settle once
      socket.terminate();
      reject(new Error(message));
    };
    socket.once('unexpected-response', (_req, res) => {
      res.resume();
      fail(`refused with HTTP ${res.statusCode}`);
    });
    socket.once('error', (error) => {
      const code = typeof error?.code === 'string' && /^[A-Z_]{2,40}$/.test(error.code) ? error.code : null;
      if (/handshake|timed out/i.test(String(error?.message))) fail(`no answer within ${timeoutMs} ms`);
      else fail(`network error${code ? ` (${code})` : ''}`);
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) return; // OpenAI sends JSON text only
      let event;
      try {
        event = JSON.parse(data.toString('utf8'));
      } catch {
        return;
      }
      if (event !== null && typeof event === 'object' && typeof event.type === 'string') onEvent(event);
    });
    socket.once('open', () => {
      if (opened) return;
      opened = true;
      socket.on('error', () => {}); // after open, a failure shows as 'close'
      socket.once('close', (code, reason) => onClose({ code, reason: cutText(String(reason), 120) }));
      resolve({
        send(event) {
          if (socket.readyState !== WebSocket.OPEN) return false;
          socket.send(JSON.stringify(event));
          return true;
        },
        close(code = 1000) {
          if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(code);
        },
        get open() {
          return socket.readyState === WebSocket.OPEN;
        },
      });
    });
  });
}
