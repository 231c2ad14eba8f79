// docs/server.md's node:http wiring, run as its own process by tests/tool-calls/documented-wirings.test.mjs. The code
// between the README markers is what docs/server.md shows (a test compares them).
import http from 'node:http';
import { createEphemeralKeyHandler, createToolMiddleware } from 'realtime-companion/server';
import { tools, reached, mark, announce } from './tools.mjs';

// Your tool endpoints. This router is lenient on purpose (case, trailing slash, WHATWG URL's
// reading of dot segments), like many hand-written ones: whatever it routes must have been checked.
function answerTool(req, res) {
  let path = null;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname).toLowerCase().replace(/\/+$/, '');
  } catch {}
  const get = req.method === 'GET' || req.method === 'HEAD';
  const file = path?.match(/^\/api\/files\/([^/]+)$/);
  const booking = path?.match(/^\/api\/restaurants\/([^/]+)\/bookings$/);
  const answer = (tool, framework) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-reached', mark(tool, req.toolCall));
    res.end(reached(tool, req.toolCall, framework));
  };
  if (get && path === '/api/get_weather') return answer('get_weather', {});
  if (get && file) return answer('read_file', { params: { id: file[1] } });
  if (req.method === 'POST' && booking) return answer('book', { params: { restaurant: booking[1] } });
  res.statusCode = 404;
  res.end('{}');
}

// README:begin node-http
const ephemeralKey = createEphemeralKeyHandler({
  allowedOrigins: ['https://app.example.com'],
  tools, // the model learns the same tools (OpenAI gets them without their routes)
});
const validateTools = await createToolMiddleware(tools, { basePath: '/api' });

const server = http.createServer((req, res) => {
  // Route on the raw target: new URL(req.url, base) throws on targets such as "//[/x".
  if (req.url.split('?', 1)[0] === '/ephemeral-key') return ephemeralKey(req, res);
  validateTools(req, res, () => answerTool(req, res)); // req.toolCall = { name, arguments }
});
// README:end
server.listen(0, '127.0.0.1', () => announce(server.address().port));
