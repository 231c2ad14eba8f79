// docs/server.md's Fastify wiring (@fastify/middie), run as its own process by tests/tool-calls/documented-wirings.test.mjs.
// WIRING_HOOK=onRequest registers middie with its default hook instead: the set-up docs/server.md warns about.
import Fastify from 'fastify';
import middie from '@fastify/middie';
import { createEphemeralKeyHandler, createToolMiddleware } from 'realtime-companion/server';
import { tools, reached, mark, announce } from './tools.mjs';

const seen = (request) => ({ params: request.params, query: request.query, body: request.body });
const answer = (tool) => async (request, reply) =>
  reply.header('x-reached', mark(tool, request.raw.toolCall)).type('application/json').send(reached(tool, request.raw.toolCall, seen(request)));
// Your tool handlers: each reads the checked call from request.raw.toolCall.
const [getWeather, readFile, book] = ['get_weather', 'read_file', 'book'].map(answer);

// README:begin fastify
const ephemeralKey = createEphemeralKeyHandler({
  allowedOrigins: ['https://app.example.com'],
  tools, // the page's list as it is: OpenAI gets it without the routes
});
const validateTools = await createToolMiddleware(tools, { basePath: '/api' });

const app = Fastify();
await app.register(middie, { hook: 'preValidation' }); // run middlewares once Fastify has read the body
app.use(validateTools);
app.route({
  method: ['GET', 'POST', 'OPTIONS'], // OPTIONS: CORS preflights
  url: '/ephemeral-key',
  handler(request, reply) {
    reply.hijack(); // the handler answers on the raw response itself
    ephemeralKey(request.raw, reply.raw);
  },
});
app.get('/api/get_weather', getWeather); // reads request.raw.toolCall.arguments
app.get('/api/files/:id', readFile);
app.post('/api/restaurants/:restaurant/bookings', book);
// README:end

if (process.env.WIRING_HOOK === 'onRequest') {
  // Rebuilt with middie's default hook (onRequest, before Fastify reads the body).
  const wrong = Fastify();
  await wrong.register(middie);
  wrong.use(validateTools);
  wrong.get('/api/get_weather', getWeather);
  wrong.post('/api/restaurants/:restaurant/bookings', book);
  await wrong.listen({ port: 0, host: '127.0.0.1' });
  announce(wrong.server.address().port);
} else {
  await app.listen({ port: 0, host: '127.0.0.1' });
  announce(app.server.address().port);
}
