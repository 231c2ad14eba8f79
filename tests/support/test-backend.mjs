// A real HTTP backend on 127.0.0.1 (ephemeral port) with one endpoint per kind
// of answer the router must handle. Every request is recorded.
import http from 'node:http';

export async function startBackend({ redirectTarget } = {}) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://placeholder');
    const body = await readAll(req);
    requests.push({ method: req.method, url: req.url, path: url.pathname, headers: req.headers, body });
    // Every endpoint is also served under /api, for companions whose baseUrl has that path.
    const segments = url.pathname.split('/');
    const route = routes[segments[1] === 'api' ? segments[2] : segments[1]] ?? notFound;
    route(req, res, { url, body, redirectTarget, server });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

function readAll(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function send(res, status, type, body) {
  res.writeHead(status, type ? { 'content-type': type } : {});
  res.end(body);
}

const routes = {
  json: (req, res) => send(res, 200, 'application/json', JSON.stringify({ temp: 21, city: 'Paris' })),
  array: (req, res) => send(res, 200, 'application/json; charset=utf-8', '[1,2,3]'),
  text: (req, res) => send(res, 200, 'text/plain; charset=utf-8', 'sunny, 21°C'),
  empty: (req, res) => send(res, 204, null, ''),
  fail: (req, res) => send(res, 500, 'application/json', JSON.stringify({ detail: 'database down' })),
  lying: (req, res) => send(res, 200, 'application/json', '<html>not json</html>'),
  binary: (req, res) => send(res, 200, 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47])),
  slow: (req, res) => {
    const timer = setTimeout(() => send(res, 200, 'application/json', '{"late":true}'), 5000);
    res.on('close', () => clearTimeout(timer));
  },
  // Declares its size up front: refused before reading.
  huge: (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) });
    res.end('{');
  },
  // Never ends and declares nothing: must be cut off while streaming.
  endless: (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  },
  'redirect-away': (req, res, { redirectTarget }) => {
    res.writeHead(302, { location: `${redirectTarget}/stolen` });
    res.end();
  },
  'redirect-home': (req, res) => {
    res.writeHead(307, { location: '/json' });
    res.end();
  },
  'redirect-loop': (req, res) => {
    res.writeHead(302, { location: '/redirect-loop' });
    res.end();
  },
  // /redirect-status/<status>: that redirect to ./echo/redirected (beside it: under /api when called there).
  'redirect-status': (req, res, { url }) => {
    res.writeHead(Number(url.pathname.split('/').at(-1)), { location: url.pathname.replace(/redirect-status\/\d+$/, 'echo/redirected') });
    res.end();
  },
  // ?to=<Location>: a redirect wherever the arguments say (GET tools send them as the query).
  'redirect-to': (req, res, { url }) => {
    res.writeHead(302, { location: url.searchParams.get('to') });
    res.end();
  },
  // /redirect-slow/<n>: 400 ms, then a 307 to hop n + 1; an answer after hop 5.
  'redirect-slow': (req, res, { url }) => {
    const hop = Number(url.pathname.split('/').at(-1));
    const timer = setTimeout(() => {
      if (hop >= 5) return send(res, 200, 'application/json', '{"hops":5}');
      res.writeHead(307, { location: url.pathname.replace(/\d+$/, String(hop + 1)) });
      res.end();
    }, 400);
    res.on('close', () => clearTimeout(timer));
  },
  // Sends its headers and the start of a body, then nothing.
  'stall-body': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"partial":');
  },
  // What a redirect out of the base path must never reach.
  internal: (req, res) => send(res, 200, 'application/json', '{"internal":true}'),
  // Echoes what arrived, so encoding is checked on the wire.
  echo: (req, res, { url, body }) =>
    send(res, 200, 'application/json', JSON.stringify({
      method: req.method,
      rawPath: url.pathname,
      rawQuery: url.search,
      query: [...url.searchParams.entries()],
      body,
      headers: req.headers,
    })),
};

function notFound(req, res) {
  send(res, 404, 'text/plain', 'no such endpoint');
}
