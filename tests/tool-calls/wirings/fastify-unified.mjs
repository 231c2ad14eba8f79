// docs/server.md's Fastify wiring of the unified interface (createRealtimeCallHandler), run as its own
// process by tests/server/fastify-sdp-offer.test.mjs. Fastify answers 415 to a body type it has no
// parser for, and DeepChat's offer is `application/sdp`: the parser line below is what it needs.
// WIRING_SDP_PARSER=none builds the route without it (the 415 docs/server.md warns about);
// WIRING_SDP_PARSER=string with one that reads the body itself (the handler then finds it consumed).
import Fastify from 'fastify';
import { createRealtimeCallHandler } from 'realtime-companion/server';
import { tools, announce } from './tools.mjs';

const parser = process.env.WIRING_SDP_PARSER;
const app = Fastify();

// README:begin fastify-unified
const realtimeCall = createRealtimeCallHandler({
  allowedOrigins: ['https://app.example.com'],
  tools, // the page's list as it is: OpenAI gets it without the routes
});

// Fastify answers 415 to a type it has no parser for: this one leaves the SDP offer unread, for the handler.
app.addContentTypeParser('application/sdp', (request, payload, done) => done(null));
app.route({
  method: ['POST', 'OPTIONS'], // OPTIONS: CORS preflights
  url: '/realtime/call',
  handler(request, reply) {
    reply.hijack(); // the handler reads the offer and answers on the raw request and response
    realtimeCall(request.raw, reply.raw);
  },
});
// README:end

if (parser === 'none' || parser === 'string') {
  // Rebuilt without the parser line (Fastify's 415), or with one that reads the body first.
  const other = Fastify();
  if (parser === 'string') other.addContentTypeParser('application/sdp', { parseAs: 'string' }, (request, body, done) => done(null, body));
  other.post('/realtime/call', (request, reply) => {
    reply.hijack();
    realtimeCall(request.raw, reply.raw);
  });
  await other.listen({ port: 0, host: '127.0.0.1' });
  announce(other.server.address().port);
} else {
  await app.listen({ port: 0, host: '127.0.0.1' });
  announce(app.server.address().port);
}
