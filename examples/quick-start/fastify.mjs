// The README's quick start with Fastify: `OPENAI_API_KEY=sk-… node fastify.mjs`, then open
// http://127.0.0.1:8080/ (PORT to change). Beside it: index.html, page.js and tools.mjs. Run by
// tests/examples/quick-start-frameworks.test.mjs against a local stand-in of OpenAI (OPENAI_BASE_URL).
import Fastify from 'fastify';
import middie from '@fastify/middie';
import { readFile } from 'node:fs/promises';
import { createEphemeralKeyHandler, createRealtimeCallHandler, createToolMiddleware } from 'realtime-companion/server';
import { tools } from './tools.mjs';

const port = Number(process.env.PORT ?? 8080);
const settings = {
  allowedOrigins: [`http://127.0.0.1:${port}`], // your page's origin
  model: 'gpt-realtime',
  instructions: 'Use get_weather for weather questions.',
  tools, // the page's list as it is: OpenAI gets it without the routes
};
const ephemeralKey = createEphemeralKeyHandler(settings); // a fresh key for every start
const realtimeCall = createRealtimeCallHandler(settings); // or the unified interface: no key in the page
const app = Fastify();
// The handlers answer on the raw request and response.
const raw = (handler) => (request, reply) => {
  reply.hijack();
  handler(request.raw, reply.raw);
};
app.route({ method: ['GET', 'POST', 'OPTIONS'], url: '/ephemeral-key', handler: raw(ephemeralKey) });
// Fastify answers 415 to a type it has no parser for: this one leaves the SDP offer unread, for the handler.
app.addContentTypeParser('application/sdp', (request, payload, done) => done(null));
app.route({ method: ['POST', 'OPTIONS'], url: '/realtime/call', handler: raw(realtimeCall) });
await app.register(middie, { hook: 'preValidation' }); // middlewares run once Fastify has read the body
app.use(await createToolMiddleware(tools)); // every tool call checked again, here
app.get('/api/get_weather', async (request) => ({ city: request.raw.toolCall.arguments.city, celsius: 21 }));

// The page, the package's browser files and DeepChat (a bundler such as Vite does this for you).
const companion = import.meta.resolve('realtime-companion'); // …/web/index.js
const files = {
  '/': [new URL('index.html', import.meta.url), 'text/html'],
  '/page.js': [new URL('page.js', import.meta.url), 'text/javascript'],
  '/tools.mjs': [new URL('tools.mjs', import.meta.url), 'text/javascript'],
  '/deep-chat.js': [new URL('deepChat.bundle.js', import.meta.resolve('deep-chat')), 'text/javascript'],
};
app.get('/*', async (request, reply) => {
  let [url, type] = files[request.url.split('?', 1)[0]] ?? [];
  const own = /^\/realtime-companion\/((?:web|common)(?:\/[\w-][\w.-]*)*\/[\w-]+\.js|dist\/[\w-]+\.(mjs|wasm))$/.exec(request.url);
  if (own) [url, type] = [new URL(`../${own[1]}`, companion), own[2] === 'wasm' ? 'application/wasm' : 'text/javascript'];
  if (!url) return reply.code(404).send();
  return reply.type(type).send(await readFile(url));
});
await app.listen({ port, host: '127.0.0.1' });
console.log(`quick start: http://127.0.0.1:${port}/`);
