/**
 * One origin, as at api.openai.com: the REST stand-in passes the realtime paths (`/v1/realtime`,
 * `/v1/realtime/calls`, `/v1/realtime/calls/{call_id}/…`) on to the WebRTC stand-in unread
 * (multipart and SDP bodies as sent), and pipes WebSocket upgrades on `/v1/realtime` (the
 * sideband) to it byte for byte, so one `baseURL` serves them all.
 */
import http from 'node:http';
import net from 'node:net';

import { openaiErrorBody, refuseUpgrade, sendJson } from './http-answers.js';

/** Whether a path is the realtime endpoint's (offers, hang-ups, the beta path). */
const isRealtimePath = (pathname) => pathname === '/v1/realtime' || pathname === '/v1/realtime/calls' || pathname.startsWith('/v1/realtime/calls/');

export function createRealtimeRelay() {
  /** The WebRTC stand-in's origin, once `serve` is called. */
  let realtimeOrigin = null;
  /** Upgraded (piped) sockets, both ends, destroyed on close(). */
  const tunnels = new Set();

  /** Passes one request on to the WebRTC stand-in, and its answer back. */
  function forward(req, res) {
    const target = new URL(req.url, realtimeOrigin);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) sendJson(res, 502, openaiErrorBody('stand-in forward failed', 'server_error', null));
      else res.destroy();
    });
    req.pipe(upstream);
  }

  /**
   * Pipes a WebSocket upgrade to the WebRTC stand-in as it came (request line, headers, first
   * bytes), and whatever it answers back: the 101 and the frames, or a refusal.
   */
  function tunnel(req, socket, head) {
    const url = new URL(req.url, 'http://stand-in');
    if (!realtimeOrigin || url.pathname !== '/v1/realtime') {
      return refuseUpgrade(socket, 404, openaiErrorBody(`Invalid URL (GET ${url.pathname})`, 'invalid_request_error', null).error);
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

  return {
    /** From now on, the realtime paths go to the WebRTC stand-in at `origin`. */
    serve(origin) {
      realtimeOrigin = origin;
    },
    /** Whether this request is the WebRTC stand-in's to answer. */
    takes: (pathname) => realtimeOrigin !== null && isRealtimePath(pathname),
    forward,
    tunnel,
    close() {
      for (const end of tunnels) end.destroy();
    },
  };
}
