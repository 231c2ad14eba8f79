// Types of realtime-companion's public API (hand-written; the runtime is web/*.js).

/** A JSON Schema (draft 2020-12 by default). */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** Where a tool's calls go. Every field is optional. */
export interface ToolRoute {
  /** HTTP method. GET and DELETE send the arguments as a query; POST, PUT, PATCH as a JSON body. Default GET. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path on the base URL, may hold `{param}` templates filled from the arguments. Default `/<name>`. */
  path?: string;
  /** Abort the request after this many milliseconds. Default 10000. */
  timeoutMs?: number;
  /** Stop reading and report `response_too_large` past this many bytes. Default 1048576 (1 MiB). */
  maxResponseBytes?: number;
}

/** A tool as OpenAI/DeepChat define it, plus an optional route. */
export interface ToolDefinition {
  type?: 'function';
  /** Must match ^[a-zA-Z0-9_-]{1,64}$. */
  name: string;
  description?: string;
  /** The arguments' JSON Schema; its root must describe an object. */
  parameters?: JsonSchema;
  route?: ToolRoute;
  [field: string]: unknown;
}

/** The tool as DeepChat's `config.tools` expects it (no `route`). */
export type PublicTool = Omit<ToolDefinition, 'route'> & { type: 'function' };

export interface ToolCall {
  name: string;
  /** The model's arguments: a JSON text (an object is accepted too). */
  arguments: string | Record<string, unknown>;
}

export type ToolErrorCode =
  | 'unknown_tool'
  | 'invalid_arguments'
  | 'http_error'
  | 'timeout'
  | 'network_error'
  | 'response_too_large'
  | 'invalid_response'
  | 'blocked_destination'
  | 'internal_error';

/** One failed schema assertion ("basic" output unit of JSON Schema). */
export interface ValidationError {
  instanceLocation: string;
  keywordLocation: string;
  error: string;
}

export interface ToolError {
  error: {
    code: ToolErrorCode;
    /** Written for the model: what went wrong and what it can do. */
    message: string;
    tool: string;
    /** http_error: the backend's status. */
    status?: number;
    /** http_error: the start of the backend's answer. */
    body?: string;
    /** invalid_arguments: what to fix. */
    errors?: ValidationError[];
    timeoutMs?: number;
    maxResponseBytes?: number;
  };
}

/** What functionHandler resolves to: the backend's JSON object, `{ response }`, or a ToolError. */
export type ToolResult = Record<string, unknown> | { response: unknown } | ToolError;

/** Context handed to a `headers` function. */
export interface RequestContext {
  name: string;
  method: string;
  url: string;
}

export interface CompanionOptions {
  tools: ToolDefinition[];
  /** Base URL of the page's backend. Default: the page's origin; required where there is none (Node). */
  baseUrl?: string | URL;
  /** Injectable fetch. Default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  /** Extra request headers (e.g. a CSRF token), or a function (may be async) returning them. */
  headers?: HeadersInit | ((context: RequestContext) => HeadersInit | Promise<HeadersInit>);
  /** Defaults for routes that do not set their own. */
  defaults?: { timeoutMs?: number; maxResponseBytes?: number };
  /** Larger argument strings are refused as invalid_arguments. Default 1048576. */
  maxArgumentBytes?: number;
  /** Where the .wasm comes from, when not next to this package (CDN, CSP, a precompiled module). */
  wasm?: URL | string | ArrayBuffer | ArrayBufferView | Response | WebAssembly.Module;
}

/** What a tool call did, for logs and panels. */
export interface ToolCallRecord {
  name: string;
  arguments: string;
  /** The requests made, in order (more than one after a same-origin redirect); empty when refused. */
  requests: { method: string; url: string }[];
  /** The final HTTP status, if a response arrived. */
  status?: number;
  result: ToolResult;
  durationMs: number;
}

export interface Companion {
  /** For DeepChat's `config.tools`. */
  readonly tools: readonly PublicTool[];
  /** For DeepChat's `config.function_handler`. Never throws; always resolves to a plain object. */
  functionHandler(call: ToolCall): Promise<ToolResult>;
  /** Calls `listener` after every tool call; returns a function that unsubscribes it. */
  onToolCall(listener: (record: ToolCallRecord) => void): () => void;
  /** Frees the WebAssembly side; later calls answer with an internal_error object. */
  dispose(): void;
}

/** Compiles the tools once and returns the companion. Rejects with CompanionConfigError on bad options. */
export function createCompanion(options: CompanionOptions): Promise<Companion>;

export class CompanionConfigError extends Error {
  name: 'CompanionConfigError';
}

export const TOOL_ERROR_CODES: readonly ToolErrorCode[];
