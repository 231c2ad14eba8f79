// What a README block takes from its context (the tools, your own functions, the page's HTML),
// declared before the block when it is compiled. Keyed by the file name in the block's marker.
export const preludes = {
  'quick-start-page.ts': `
    // The page's HTML (examples/quick-start/index.html) holds <deep-chat id="chat">; the page keeps
    // its attachment on window for the tests.
    declare global {
      interface Document { getElementById(elementId: 'chat'): HTMLElement }
      interface Window { attachment: unknown }
    }
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
  'supervise-shutdown.ts': `
    import { createRealtimeCallHandler, type RealtimeCallHandlerOptions } from 'realtime-companion/server';
    declare const settings: RealtimeCallHandlerOptions;
  `,
  'supervise-budget.ts': `
    import { createRealtimeCallHandler, createRedisRateLimitStore } from 'realtime-companion/server';
    import type { IncomingMessage } from 'node:http';
    declare module 'node:http' { interface IncomingMessage { user?: { id: string } } }
  `,
  'tool-set-handler.ts': `
    import { createToolSetHandler } from 'realtime-companion/server';
    import type { ToolDefinition } from 'realtime-companion';
    import type { Express } from 'express';
    declare const tools: readonly ToolDefinition[];
    declare const app: Express;
  `,
  'bundler-page.ts': `
    import type { JsonSchema, ToolDefinition } from 'realtime-companion';
    declare const tools: readonly ToolDefinition[];
    declare const schema: JsonSchema;
  `,
};
