// OpenAI's sideband (WebSocket, `/v1/realtime?call_id=`) and hang-up (`POST /v1/realtime/calls/{id}/hangup`),
// minimal and on 127.0.0.1, for the supervisor's tests and benchmark: it records what the server sends,
// which calls it joined and hung up, and can refuse, delay or drop the sideband.
import http from 'node:http';
import { WebSocketServer } from 'ws';

/** The API key the fake accepts on the sideband and the hang-up. */
export const FAKE_API_KEY = `sk-test-supervision-${'k'.repeat(20)}`;
const API_KEY = FAKE_API_KEY;

/**
 * OpenAI's sideband and hang-up, minimal: records what the server sends and what it hangs up.
 * `keepAlive: false` closes each hang-up's connection after its answer, so that no pool of idle
 * connections (how many depends on how the hang-ups happened to overlap) is left in the process.
 */
export async function fakeOpenAI({ refuse = 0, delayMs = 0, keepAlive = true } = {}) {
  const server = http.createServer((req, res) => {
    const m = /^\/v1\/realtime\/calls\/([^/]+)\/hangup$/.exec(req.url);
    if (req.method === 'POST' && m && req.headers.authorization === `Bearer ${API_KEY}`) {
      fake.hangups.push(m[1]);
      for (const socket of fake.sockets) if (socket.callId === m[1]) socket.close(1000);
      res.writeHead(200, { 'content-type': 'application/json', ...(keepAlive ? {} : { connection: 'close' }) }).end('{}');
      return;
    }
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url, 'http://x');
    const go = () => {
      if (fake.refuse || req.headers.authorization !== `Bearer ${API_KEY}` || url.pathname !== '/v1/realtime' || !url.searchParams.get('call_id')) {
        socket.end(`HTTP/1.1 ${fake.refuse || 401} Refused\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.callId = url.searchParams.get('call_id');
        fake.sockets.add(ws);
        ws.on('message', (data) => {
          fake.received.push(JSON.parse(String(data)));
          for (const resolve of fake.waiters.splice(0)) resolve();
        });
        ws.on('close', () => fake.sockets.delete(ws));
        fake.joined.push(url.searchParams.get('call_id'));
      });
    };
    if (delayMs) setTimeout(go, delayMs);
    else go();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake = {
    /** An HTTP status every join is refused with from now on (0: joins are taken). */
    refuse,
    baseURL: `http://127.0.0.1:${server.address().port}/v1`,
    sockets: new Set(),
    received: [],
    waiters: [],
    /** Resolves when the next frame from the server arrives. */
    nextFrame: () => new Promise((resolve) => fake.waiters.push(resolve)),
    joined: [],
    hangups: [],
    /** Sends a server event on every sideband (or only `callId`'s). */
    send: (event, callId) => {
      for (const socket of fake.sockets) if (callId === undefined || socket.callId === callId) socket.send(JSON.stringify(event));
    },
    drop: () => {
      for (const socket of fake.sockets) socket.terminate();
    },
    close: async () => {
      for (const socket of fake.sockets) socket.terminate();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return fake;
}

