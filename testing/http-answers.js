/**
 * The HTTP plumbing both stand-ins share: reading a body, answering JSON in OpenAI's error shape,
 * and refusing a WebSocket upgrade before it happens (a raw HTTP answer on the socket, as `ws`
 * leaves it to the server).
 */

/** A request's whole body, as bytes. */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** OpenAI's error body for an HTTP answer (`{ error: { message, type, param, code } }`). */
export const openaiErrorBody = (message, type, code, param = null) => ({ error: { message, type, param, code } });

/** Answers `status` with `body` as JSON text; `headers` come first (the realtime stand-in's CORS). */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const REASONS = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** Answers an upgrade request with an HTTP status and `{ error }` as JSON, and closes the socket. */
export function refuseUpgrade(socket, status, error) {
  const body = JSON.stringify({ error });
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`
    + `Connection: close\r\n\r\n${body}`);
}
