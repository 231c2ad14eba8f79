// docs/server.md's express 4 wiring, run as its own process by tests/tool-calls/documented-wirings.test.mjs.
// WIRING_MOUNT=router mounts the middleware inside a router at /api instead (docs/server.md names both).
import express from 'express';
import { createEphemeralKeyHandler, createToolMiddleware } from 'realtime-companion/server';
import { tools, reached, mark, announce } from './tools.mjs';

const ephemeralKey = createEphemeralKeyHandler({ allowedOrigins: ['https://app.example.com'], tools });
const seen = (req) => ({ params: req.params, query: req.query, body: req.body });
const answer = (tool) => (req, res) => res.set('x-reached', mark(tool, req.toolCall)).type('json').send(reached(tool, req.toolCall, seen(req)));
// Your tool handlers: each reads the checked call from req.toolCall.
const [getWeather, readFile, book] = ['get_weather', 'read_file', 'book'].map(answer);

// Mounted inside a router at /api: basePath is still the whole path, '/api'.
async function inRouter() {
  const validateTools = await createToolMiddleware(tools, { basePath: '/api' });
  const app = express();
  app.all('/ephemeral-key', ephemeralKey);
  const api = express.Router();
  api.use(validateTools);
  api.use(express.json());
  api.get('/get_weather', getWeather);
  api.get('/files/:id', readFile);
  api.post('/restaurants/:restaurant/bookings', book);
  app.use('/api', api);
  return app;
}

async function documented() {
  // README:begin express
  const validateTools = await createToolMiddleware(tools, { basePath: '/api' });
  const app = express();
  app.all('/ephemeral-key', ephemeralKey); // all: CORS preflights reach it too
  app.use(validateTools); // before or after express.json(): both work
  app.use(express.json());
  app.get('/api/get_weather', getWeather); // reads req.toolCall.arguments
  app.get('/api/files/:id', readFile);
  app.post('/api/restaurants/:restaurant/bookings', book);
  // README:end
  return app;
}

const app = process.env.WIRING_MOUNT === 'router' ? await inRouter() : await documented();
const server = app.listen(0, '127.0.0.1', () => announce(server.address().port));
