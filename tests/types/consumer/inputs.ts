// What the types must accept: tools written `as const`, in a variable without annotation, or as a
// readonly list, through every function that takes them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { createCompanion, lintTools, type PublicTool, type ToolDefinition } from 'realtime-companion';
import { createEphemeralKeyHandler, createRealtimeCallHandler, createToolMiddleware, type RealtimeTool, type ServerTool, type ServerToolCall } from 'realtime-companion/server';

const constTools = [{
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string', enum: ['Paris', 'Oslo'] } }, required: ['city'], additionalProperties: false },
  route: { method: 'POST', path: '/weather/{city}', timeoutMs: 8000 },
}] as const;

// Widened by TypeScript: type and method are `string` here.
const plainTools = [{
  type: 'function',
  name: 'get_weather',
  parameters: { type: 'object', properties: { days: { type: 'integer' } } },
  route: { method: 'get' },
}];

const readonlyTools: readonly ToolDefinition[] = constTools;

for (const tools of [constTools, plainTools, readonlyTools]) {
  const companion = await createCompanion({ baseUrl: 'http://127.0.0.1:8080', tools });
  await lintTools(tools);
  await createToolMiddleware(tools, { basePath: '/api' });
  // The README's server quick start: the page's own list, fixed on the server (routes left out for OpenAI).
  createEphemeralKeyHandler({ allowedOrigins: ['https://app.example.com'], tools });
  // The companion's public tools fit the server's too.
  const serverTools: readonly RealtimeTool[] = companion.tools;
  const publicTools: readonly PublicTool[] = companion.tools;
  void serverTools;
  void publicTools;
}

createEphemeralKeyHandler({ allowedOrigins: ['https://app.example.com'] as const, methods: ['POST'] as const });

// req.toolCall on node:http and express, after the middleware validated the request.
const validate = await createToolMiddleware(constTools);
export function onRequest(req: IncomingMessage, res: ServerResponse) {
  void validate(req, res, () => {
    const call: ServerToolCall | undefined = req.toolCall;
    res.end(JSON.stringify({ name: call?.name, city: call?.arguments['city'] }));
  });
}
const app = express();
app.use(validate);
app.post('/weather/:city', (req, res) => {
  const call: ServerToolCall | undefined = req.toolCall;
  res.json(call?.arguments ?? {});
});

// A tool that runs on the server, beside the page's tools (the call handler only).
const lookupOrder: ServerTool = {
  name: 'lookup_order',
  parameters: { type: 'object', properties: { order_id: { type: 'string' } } },
  timeoutMs: 5000,
  async handler(args: { order_id: string }, { signal, clientId, callId, toolCallId }) {
    signal.throwIfAborted();
    return { order_id: args.order_id, for: clientId, callId, toolCallId };
  },
};
const realtimeCall = createRealtimeCallHandler({ allowedOrigins: ['https://app.example.com'], tools: [...constTools, lookupOrder] });
await realtimeCall.ready;
