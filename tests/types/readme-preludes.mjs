// What a README block takes from its context (the tools, your own functions, the page's HTML),
// declared before the block when it is compiled. Keyed by the file name in the block's marker.
export const preludes = {
  'quick-start-server.ts': `
    import type { ServerResponse } from 'node:http';
    import type { ServerToolCall } from 'realtime-companion/server';
    // The page's tools, declared in a variable without annotation, as most pages do.
    const tools = [{
      type: 'function',
      name: 'get_weather',
      description: 'Current weather for a city.',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      route: { method: 'GET', path: '/get_weather', timeoutMs: 8000 },
    }];
    declare function answerTool(call: ServerToolCall | undefined, res: ServerResponse): void;
  `,
  'quick-start-page.ts': `
    // The page's HTML (the block before this one) holds <deep-chat id="chat">.
    declare global {
      interface Document { getElementById(elementId: 'chat'): HTMLElement }
    }
  `,
  'seed-wiring.ts': `
    import type { DeepChat } from 'deep-chat';
    import type { Companion } from 'realtime-companion';
    declare const chat: DeepChat;
    declare const companion: Companion;
  `,
  'validator-api.ts': `
    import type { JsonSchema, ToolDefinition } from 'realtime-companion';
    declare const schema: JsonSchema;
    declare const tools: ToolDefinition[];
  `,
  'key-lifecycle.ts': `
    import { createCompanion, type ToolDefinition } from 'realtime-companion';
    declare const tools: readonly ToolDefinition[];
  `,
  'key-handler.ts': `
    import type { IncomingMessage } from 'node:http';
    declare function sessionUser(req: IncomingMessage): Promise<{ id: string } | undefined>;
  `,
  'tool-middleware.ts': `
    import express from 'express';
    import type { ToolDefinition } from 'realtime-companion';
    const app = express();
    declare const tools: ToolDefinition[];
    declare function weatherFor(city: unknown): object;
  `,
  'bundler-page.ts': `
    import type { JsonSchema, ToolDefinition } from 'realtime-companion';
    declare const tools: readonly ToolDefinition[];
    declare const schema: JsonSchema;
  `,
};
