// Mistakes the types must catch. Each line below a @ts-expect-error must be an error: an unused
// directive is one itself (TS2578), so a type that stops catching the mistake fails the build.
import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { compileSchema, createCompanion, lintTools, type Companion } from 'realtime-companion';
import { createEphemeralKeyHandler, createToolMiddleware } from 'realtime-companion/server';

// --- tool definitions (in object literals, where TypeScript checks excess fields) ---
// @ts-expect-error a misspelt field: `rout` for `route`
await createCompanion({ tools: [{ name: 'x', rout: { method: 'POST' } }] });
// @ts-expect-error a misspelt field: `paramaters` for `parameters`
await createCompanion({ tools: [{ name: 'x', paramaters: { type: 'object' } }] });
// @ts-expect-error a misspelt route field: `timeout` for `timeoutMs`
await createCompanion({ tools: [{ name: 'x', route: { timeout: 5000 } }] });
// @ts-expect-error a tool needs a name
await createCompanion({ tools: [{ description: 'no name' }] });
// @ts-expect-error timeoutMs is a number of milliseconds
await createCompanion({ tools: [{ name: 'x', route: { timeoutMs: '5s' } }] });
// @ts-expect-error parameters is a schema object, not a type name
await createCompanion({ tools: [{ name: 'x', parameters: 'object' }] });
// @ts-expect-error a JSON Schema may be `true`, but a tool's parameters must be an object schema
await createCompanion({ tools: [{ name: 'x', parameters: true }] });
// @ts-expect-error tools is a list
await createCompanion({ tools: { name: 'x' } });
// @ts-expect-error lintTools takes a list of tools
await lintTools({ name: 'x' });
// @ts-expect-error createToolMiddleware checks the same definitions
await createToolMiddleware([{ name: 'x', rout: {} }]);

// --- options ---
// @ts-expect-error a misspelt option: `keyEndPoint`
await createCompanion({ tools: [], keyEndPoint: '/ephemeral-key' });
// @ts-expect-error keys.mode is 'per-session' or 'reuse'
await createCompanion({ keys: { mode: 'once' } });
// @ts-expect-error the dialect is 'draft2020-12' or 'draft7'
await compileSchema({}, { defaultDialect: 'draft4' });
// @ts-expect-error allowedOrigins is a list of origins
createEphemeralKeyHandler({ allowedOrigins: 'https://app.example.com' });
// @ts-expect-error allowedOrigins is required
createEphemeralKeyHandler({});
// @ts-expect-error the key endpoint answers GET and POST only
createEphemeralKeyHandler({ allowedOrigins: ['https://app.example.com'], methods: ['PUT'] });
// @ts-expect-error the server's tools refuse typos too
createEphemeralKeyHandler({ allowedOrigins: ['https://app.example.com'], tools: [{ name: 'x', paramaters: {} }] });

// --- results ---
declare const companion: Companion;
// @ts-expect-error companion.tools have no route (they are DeepChat's config.tools)
companion.tools[0]?.route;
// @ts-expect-error functionHandler resolves to an object, never a string
const answer: string = await companion.functionHandler({ name: 'x', arguments: '{}' });
// @ts-expect-error attach needs an element, and getElementById may find none (not 'chat', which
// the README's page declares for its own block)
companion.attach(document.getElementById('voice-chat'));

// --- req.toolCall (the module augmentation) ---
declare const req: IncomingMessage;
// @ts-expect-error undefined on a request the middleware did not validate
req.toolCall.name;
// @ts-expect-error the arguments are an object, not JSON text
const argumentsText: string = req.toolCall!.arguments;
declare const expressRequest: Request;
// @ts-expect-error express's Request has it too, undefined until validated
expressRequest.toolCall.arguments;

export { answer, argumentsText };

// @ts-expect-error a server tool's handler is the call handler's: the key handler cannot join the call to run it
createEphemeralKeyHandler({ allowedOrigins: ['https://app.example.com'], tools: [{ name: 'lookup_order', handler: () => ({}) }] });
