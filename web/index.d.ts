// Types of realtime-companion's public API (the runtime is web/*.js and common/*.js). Written by hand,
// except the unions marked as generated: scripts/generate-enum-types.mjs writes them from the core's enum tables.

/** A JSON Schema (draft 2020-12 by default). */
export type JsonSchema = boolean | JsonSchemaObject;

/** A JSON Schema object. Read-only, so that definitions written `as const` fit. */
export interface JsonSchemaObject {
  readonly [keyword: string]: unknown;
}

/**
 * A string-literal union that also takes a plain `string`: tools declared in a variable without a type
 * annotation have their literals widened to `string` by TypeScript. The value is still checked when the
 * tools are compiled (createCompanion rejects with CompanionConfigError).
 */
export type LiteralOrString<T extends string> = T | (string & {});

export type HttpMethod =
  // generated from src/router/http_methods.def: do not edit
  /** The arguments go in the query. */
  | 'GET'
  /** The arguments go in a JSON body. */
  | 'POST'
  /** The arguments go in a JSON body. */
  | 'PUT'
  /** The arguments go in a JSON body. */
  | 'PATCH'
  /** The arguments go in the query. */
  | 'DELETE';
  // end of generated

/** Where a tool's calls go. Every field is optional. */
export interface ToolRoute {
  /** HTTP method (any case). GET and DELETE send the arguments as a query; POST, PUT, PATCH as a JSON body. Default GET. */
  method?: LiteralOrString<HttpMethod>;
  /** Path on the base URL, may hold `{param}` templates filled from the arguments. Default `/<name>`. */
  path?: string;
  /** Abort the call after this many milliseconds: one deadline for the headers function, every redirect and the body. Default 10000. */
  timeoutMs?: number;
  /** Stop reading and report `response_too_large` past this many bytes. Default 1048576 (1 MiB), at most 8388608. */
  maxResponseBytes?: number;
}

/**
 * A tool as OpenAI/DeepChat define it, plus where its calls run: a `route` (a backend endpoint, the
 * default `GET /<name>`) or `execute` (a function the page runs). No other field is accepted: a typo such as
 * `rout` or `paramaters` is refused (by these types in an object literal, at creation in any case).
 */
export interface ToolDefinition {
  /** Only 'function' (the default) can be routed. */
  type?: LiteralOrString<'function'>;
  /** Must match ^[a-zA-Z0-9_-]{1,64}$. */
  name: string;
  description?: string;
  /** The arguments' JSON Schema; its root must be `{ type: 'object' }`. Default: an object with no declared properties. */
  parameters?: JsonSchemaObject;
  /** Not with `execute`. */
  route?: ToolRoute;
  /**
   * Runs the tool in the page instead of a route: the arguments are validated first, `signal` aborts at
   * the deadline (`timeoutMs`) or when the voice session stops, and whatever it returns or throws becomes
   * an object for the model (an object as it is, another value as `{ response }`, a throw `internal_error`).
   * In a compiled set (JSON) it is `true`, and `createCompanion({ toolSet, execute: { name: fn } })` gives the function.
   */
  execute?: PageToolFunction | true;
  /** A page-run tool's deadline, in ms, from 1 to 600000. Default: the page's `defaults.timeoutMs` (10000). Approval time counts. */
  timeoutMs?: number;
  /**
   * Ask before a call runs (routed or page-run): `true`, or a function of the validated arguments (raw tools
   * only; anything but `false` asks). The companion calls `approve`; a declined call answers `declined`.
   */
  needsApproval?: boolean | ((args: Record<string, unknown>) => boolean | Promise<boolean>);
}

/** A page-run tool's function (`tool({ execute })` in agents-realtime). */
export type PageToolFunction = (args: Record<string, unknown>, context: PageToolContext) => unknown;

export interface PageToolContext {
  name: string;
  /** OpenAI's `call_id` (null when the handler was called without one). */
  callId: string | null;
  /** Aborts at the call's deadline or when the voice session stops. */
  signal: AbortSignal;
}

/** What `approve` is asked: a validated call of a tool with `needsApproval`. */
export interface ApprovalRequest {
  name: string;
  arguments: Record<string, unknown>;
  callId: string | null;
  /** Aborts at the call's deadline or when the voice session stops: take any question away then. */
  signal: AbortSignal;
}

/** Resolves to `true` to run the call; anything else (or a throw) declines it. */
export type ApproveFunction = (call: ApprovalRequest) => boolean | Promise<boolean>;

/** The tool as DeepChat's `config.tools` expects it (no `route`, `execute`, `timeoutMs` or `needsApproval`). */
export type PublicTool = Omit<ToolDefinition, 'route' | 'execute' | 'timeoutMs' | 'needsApproval'> & { type: 'function' };

export interface ToolCall {
  name: string;
  /** The model's arguments: a JSON text (an object is accepted too). */
  arguments: string | Record<string, unknown>;
}

/**
 * The codes a tool call's error object can carry (the core's list, in its order).
 * `arguments_too_complex`: checking the arguments against the tool's schema would cost more than the
 * evaluation budget allows (it grows with the arguments' and the schema's size, with a floor and a cap:
 * docs/validator.md), so the call was refused before its cost grew. Nothing was fetched. Simpler or
 * smaller arguments pass.
 */
export type ToolErrorCode =
  // generated from src/router/error_codes.def: do not edit
  /** The name is not a declared tool (or not a valid name); nothing was fetched. */
  | 'unknown_tool'
  /** The arguments are not JSON, not an object, or against the tool's schema; nothing was fetched. */
  | 'invalid_arguments'
  /** The arguments cost more to check than the evaluation budget allows (docs/validator.md); nothing was fetched. */
  | 'arguments_too_complex'
  /** The backend answered outside 2xx (the error carries `status` and the start of the body). */
  | 'http_error'
  /** The backend did not answer within the tool's timeoutMs; the request was aborted. */
  | 'timeout'
  /** The request could not be made or the connection broke. */
  | 'network_error'
  /** The answer exceeded maxResponseBytes; reading stopped there. */
  | 'response_too_large'
  /** The answer could not be understood (bad JSON, an unsupported content type). */
  | 'invalid_response'
  /** The backend redirected away from the base URL's origin; the redirect was not followed. */
  | 'blocked_destination'
  /** A bug in realtime-companion, reported instead of thrown. */
  | 'internal_error'
  /** The tool needs approval and the user declined (or nobody could be asked): nothing ran. */
  | 'declined';
  // end of generated

/** One failed schema assertion ("basic" output unit of JSON Schema). */
export interface ValidationError {
  instanceLocation: string;
  keywordLocation: string;
  error: string;
}

export interface ToolError {
  error: {
    /** `aborted` (the page's own, never sent to the model): the voice session stopped while the call ran, and its request was aborted. */
    code: ToolErrorCode | 'aborted';
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
  /** Aborts when the call's deadline passes or its voice session stops: pass it on to any request the function makes. */
  signal: AbortSignal;
}

export interface CompanionOptions {
  /**
   * The tools, raw: compiled here by the compiler artifact, which is then downloaded (a dynamic
   * import). Default: none. Prefer `toolSet`.
   */
  tools?: readonly ToolDefinition[];
  /**
   * The tools compiled ahead (createToolSetHandler or `npx realtime-companion compile`): the bytes,
   * a URL to fetch (or a file: URL in Node), or a Response. Only the browser core is downloaded.
   * Checked fully before use; a truncated, tampered or foreign set is a CompanionConfigError.
   * Not with `tools` or `validation` (the set holds them).
   */
  toolSet?: Uint8Array | ArrayBuffer | ArrayBufferView | URL | string | Response;
  /** Base URL of the page's backend. Default: the page's origin; required where there is none (Node). */
  baseUrl?: string | URL;
  /** Injectable fetch. Default globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  /** Extra request headers (e.g. a CSRF token), or a function (may be async) returning them. */
  headers?: HeadersInit | ((context: RequestContext) => HeadersInit | Promise<HeadersInit>);
  /** Defaults for routes that do not set their own. */
  defaults?: { timeoutMs?: number; maxResponseBytes?: number };
  /** Larger argument strings are refused as invalid_arguments, before any copy. Default 1048576, at most 8388608. */
  maxArgumentBytes?: number;
  /**
   * Where the .wasm comes from, when not next to this package (CDN, CSP, a precompiled module):
   * the browser core's (`realtime-companion/browser-wasm`) with `toolSet`, the compiler's
   * (`realtime-companion/wasm`) with `tools`.
   */
  wasm?: URL | string | ArrayBuffer | ArrayBufferView | Response | WebAssembly.Module;
  /** The page's backend endpoint that mints ephemeral keys (resolved against baseUrl), e.g. '/ephemeral-key'. */
  keyEndpoint?: string | URL;
  /** The key lifecycle's options (see KeyOptions). */
  keys?: KeyOptions;
  /**
   * Where the key piece's .wasm comes from (`realtime-companion/keys-wasm`), when not next to this
   * package: the key manager and the key check, loaded only by a page that uses keys (keyEndpoint, or
   * attach with a key function), before its first start. Taken as `wasm` is.
   */
  keysWasm?: URL | string | ArrayBuffer | ArrayBufferView | Response | WebAssembly.Module;
  /** How the tools' parameters are validated (with `tools`; a tool set has it compiled in). */
  validation?: ValidationOptions;
  /**
   * With `toolSet`: the functions of the tools the set marks `execute: true`, by name. A missing or extra
   * one is refused at creation. With raw `tools`, each tool carries its own `execute` instead.
   */
  execute?: Readonly<Record<string, PageToolFunction>>;
  /**
   * Asked before every call of a tool with `needsApproval` (headless use; `attach` takes its own, and
   * shows a confirmation in the element when neither is given). Without any, such calls are declined.
   */
  approve?: ApproveFunction;
  /**
   * Every {@link CompanionEvent} of this companion, from creation on (the key lifecycle's warm-up
   * included): the same stream as `companion.onEvent`. A listener that throws is reported (console.error).
   */
  onEvent?: (event: CompanionEvent) => void;
}

/** functionHandler's second argument: `signal` (the session's end); the rest is what attach passes. */
export interface CallContext {
  signal?: AbortSignal;
  /** OpenAI's `call_id`, passed to `execute` and `approve`. */
  callId?: string;
  /** Used instead of createCompanion's `approve` for this call. */
  approve?: ApproveFunction;
  /** Used when neither this call nor createCompanion has an `approve` (attach: the in-element confirmation). */
  defaultApprove?: ApproveFunction;
  /**
   * Approval events (`tool_call_approval_requested`, `tool_call_approved`, `tool_call_declined`). Given, the
   * caller (attach) tells the call's start and end; without it, they go to the companion's own stream.
   */
  onEvent?: (type: string, detail: { name: string; callId: string | null; reason?: string }) => void;
}

export interface KeyOptions {
  /** 'per-session' (default): each key handed out once, the next pre-fetched. 'reuse': one key shared until it nears expiry. */
  mode?:
    // generated from src/keys/key_modes.def: do not edit
    /** Each key is handed out once; the next one is pre-fetched. */
    | 'per-session'
    /** One key is shared until it nears expiry; callers share one fetch. */
    | 'reuse';
    // end of generated
  /** Never hand out a key that expires sooner than this. Default 5000. */
  minValidityMs?: number;
  /** Lifetime assumed when the response has no expires_at. Default 60000, at most 7200000 (2 h). */
  defaultLifetimeMs?: number;
  /** One attempt's timeout. Default 8000. */
  fetchTimeoutMs?: number;
  /** Tries per fetch, the first included. Default 4. */
  maxAttempts?: number;
  /** No retry starts later than this after the first try. Default 15000. */
  retryBudgetMs?: number;
  /** Full-jitter backoff: retry n waits up to min(backoffMaxMs, backoffBaseMs * 2^(n-1)). Defaults 250 / 4000. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Pre-fetching stops this long after the last use. Default 600000. */
  idleTimeoutMs?: number;
  /** Pre-fetch the next key / refresh ahead. Default true. */
  prefetch?: boolean;
  /** Warm up when the companion is created. Default true. */
  prefetchOnCreate?: boolean;
  /** per-session: keys kept ready, 1 to 4. Default 1. */
  poolSize?: number;
  /** Cap of the refresh lead (lifetime / 5, at least 2 s). Default 300000. */
  maxRefreshLeadMs?: number;
  /** Key requests under way at once (in flight or waiting to retry), 1 to 16; more callers queue. Default 4. */
  maxConcurrentFetches?: number;
  /** A caller waits at most this for its key, then key_queue_timeout. Default 30000. */
  queueTimeoutMs?: number;
}

export type KeyErrorCode =
  // generated from src/keys/key_errors.def without none: do not edit
  /** The key endpoint failed (see httpStatus; 0 means a network error). Check the backend and keyEndpoint. */
  | 'key_fetch_failed'
  /** The key endpoint did not answer in time (fetchTimeoutMs), after retries. */
  | 'key_endpoint_timeout'
  /**
   * The key endpoint answered, but not with a key: expected plain text, a JSON string, {value, expires_at, model},
   * {client_secret: {value, expires_at}} or {value, expires_at, session}, at most 256 KiB, with expires_at in epoch
   * seconds at most 4 hours away and model a short lowercase model name.
   */
  | 'invalid_key_response'
  /**
   * The key endpoint returned something that is not an ephemeral key (ek_ and letters, digits, _ or -; never an API key
   * such as sk-...). It was refused and dropped unseen: the backend is misconfigured and must return an ephemeral
   * client secret, never the API key.
   */
  | 'master_key_refused'
  /** The key endpoint returned a key that expires (by the server's clock) within minValidityMs. */
  | 'key_expired_on_arrival'
  /**
   * The key endpoint returned a key it had returned before (a cache in front of it?). A key is handed out once; the
   * endpoint must mint a new one for every request (Cache-Control: no-store).
   */
  | 'key_reused'
  /** No key came within queueTimeoutMs: too many starts at once, or the key endpoint asked to wait (Retry-After). */
  | 'key_queue_timeout'
  /** The keys options are invalid. */
  | 'invalid_options'
  /** The companion was disposed. */
  | 'disposed'
  // end of generated
  /** The key piece (its JavaScript chunk or its .wasm) could not be loaded: no key is fetched or used. The next start tries again. */
  | 'keys_unavailable';

/** A failure to get an ephemeral key. Its message never holds any part of a key. */
export class EphemeralKeyError extends Error {
  name: 'EphemeralKeyError';
  code: KeyErrorCode;
  /** The key endpoint's last HTTP status, for key_fetch_failed (absent for network errors). */
  httpStatus?: number;
}

/** What onKeyEvent listeners receive (the stream has them as {@link KeyStreamEvent}). Keys are named by keyId (the first 12 hex digits of their SHA-256, as in the server's audit log), never by value. */
export interface KeyEvent {
  type:
    // generated from src/keys/event_kinds.def without none: do not edit
    /** A key arrived: keyId, expiresAtMs, ttlMs, clockSkewMs, attempts. */
    | 'fetched'
    /** A key went to waiter waiterId: keyId, ttlMs. */
    | 'handed_out'
    /** keyId replaced previousKeyId ahead of its expiry. */
    | 'refreshed'
    /** keyId reached its expiry less minValidityMs unused and was dropped. */
    | 'expired'
    /**
     * The endpoint returned what must not be handed out: error master_key_refused (a non-ephemeral value; no keyId) or
     * key_reused (a key it had returned before; keyId says which).
     */
    | 'refused'
    /** A fetch job gave up: error, httpStatus, attempts. */
    | 'failed';
    // end of generated
  /** Date.now() when the event fired. */
  at: number;
  keyId?: string;
  previousKeyId?: string;
  /** Expiry on the local clock, corrected for the server's clock. */
  expiresAtMs?: number;
  ttlMs?: number;
  clockSkewMs?: number;
  attempts?: number;
  httpStatus?: number;
  error?: KeyErrorCode;
  /** Which rule or what failed; never any part of a key. */
  detail?: string;
  /** handed_out: which fetchEphemeralKey call got the key. */
  waiterId?: number;
  /** fetched / handed_out: the key's model, when the key endpoint named one. */
  model?: string;
}

export interface KeyStatus {
  /** `loading`: the key piece is on its way (the first key waits for it); `failed` with lastError `keys_unavailable`: it could not load. */
  state:
    // generated from src/keys/key_states.def: do not edit
    /** No key, nothing under way (idle, hidden, or nothing asked yet). */
    | 'empty'
    /** A fetch is in flight and no key is ready. */
    | 'fetching'
    /** A key is ready to hand out. */
    | 'ready'
    /** No key ready; the last try failed and a retry is scheduled. */
    | 'retrying'
    /** The last fetch job gave up; the next call starts afresh. */
    | 'failed'
    /** dispose() was called. */
    | 'disposed'
    // end of generated
    | 'unconfigured'
    | 'loading';
  mode?:
    // generated from src/keys/key_modes.def: do not edit
    /** Each key is handed out once; the next one is pre-fetched. */
    | 'per-session'
    /** One key is shared until it nears expiry; callers share one fetch. */
    | 'reuse';
    // end of generated
  /** Expiry of the next key to hand out (local clock, skew corrected); 0 if none. */
  expiresAt?: number;
  ttlMs?: number;
  keyId?: string;
  readyKeys?: number;
  fetchesInFlight?: number;
  waiters?: number;
  prefetching?: boolean;
  clockSkewMs?: number;
  lastError?: KeyErrorCode | null;
  lastHttpStatus?: number;
  keysFetched?: number;
  keysHandedOut?: number;
  fetchesStarted?: number;
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
  /** For DeepChat's `config.tools`. Frozen: a mutable array type only because DeepChat's types take one. */
  readonly tools: PublicTool[];
  /** lintTools' warnings about the tools (errors make createCompanion reject). */
  readonly warnings: readonly LintFinding[];
  /** For DeepChat's `config.function_handler`. Never throws; always resolves to a plain object. */
  functionHandler(call: ToolCall, options?: CallContext): Promise<ToolResult>;
  /**
   * Calls `listener` on every {@link CompanionEvent}: the key lifecycle's, every tool call's (started,
   * finished, approval), and every event of an element attached with `companion.attach`. Returns a
   * function that unsubscribes it. A listener that throws is reported (console.error), never rethrown.
   */
  onEvent(listener: (event: CompanionEvent) => void): () => void;
  /**
   * Calls `listener` after every tool call with its whole record: the model's arguments, the requests
   * and the result, which the event stream leaves out (keep them out of logs). Returns an unsubscribe function.
   */
  onToolCall(listener: (record: ToolCallRecord) => void): () => void;
  /** For DeepChat's fetchEphemeralKey: a valid ephemeral key (per-session: never handed out before). Rejects with EphemeralKeyError. */
  fetchEphemeralKey(): Promise<string>;
  /** The key lifecycle's state: never the key, nor any part of it. */
  keyStatus(): KeyStatus;
  /** The key events alone, under their bare names (`fetched` …; `key_fetched` … in onEvent); returns an unsubscribe function. */
  onKeyEvent(listener: (event: KeyEvent) => void): () => void;
  /** Tells the key lifecycle a voice session started or stopped (no pre-fetching during a session). */
  setSessionActive(active: boolean): void;
  /**
   * Wires a `<deep-chat>` element's OpenAI Realtime voice mode to this companion: its tools, its
   * function handler, and a fresh key from fetchEphemeralKey() (with the key's model) for every start,
   * or, with `offerEndpoint`, the page's server for every offer. Session starts and stops are reported
   * to the key lifecycle. See attachToDeepChat.
   */
  attach(chat: HTMLElement, options?: Partial<AttachOptions>): DeepChatAttachment;
  /** Stops timers, drops keys and frees the WebAssembly side; later tool calls answer with an internal_error object. */
  dispose(): void;
}

/** Compiles the tools once and returns the companion. Rejects with CompanionConfigError on bad options. */
export function createCompanion(options: CompanionOptions): Promise<Companion>;

export class CompanionConfigError extends Error {
  name: 'CompanionConfigError';
}

export const TOOL_ERROR_CODES: readonly ToolErrorCode[];

/** Options of the validator (also createCompanion's `validation`). */
export interface ValidationOptions {
  /** The dialect of a schema without $schema. Default 'draft2020-12'. */
  defaultDialect?: 'draft2020-12' | 'draft7';
  /** 'assert' (default): date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid are checked. 'annotation': format is informative only. */
  formats?: 'assert' | 'annotation';
  /** uri -> schema: the only documents $ref may reach outside the schema (no network, ever). */
  remotes?: Readonly<Record<string, JsonSchema>>;
  /** Errors listed per validation; evaluation stops at the last one (and sets `truncated`). Default 20. */
  maxErrors?: number;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationError[];
  /** maxErrors errors were listed and evaluation stopped there: the value may hold more. */
  truncated?: boolean;
  /**
   * Invalid because checking the value would cost more than the evaluation budget allows (it grows
   * with the value's and the schema's size, with a floor and a cap, docs/validator.md), or a pattern
   * ran out of its step budget. `errors` then says which. A tool call answers `arguments_too_complex`.
   */
  tooComplex?: boolean;
}

export interface SchemaValidator {
  /** Validates JSON text (like the model's arguments string). Given anything else, answers invalid, pointing to validateValue. */
  validate(jsonText: string): ValidationResult;
  /** Validates a JavaScript value (serialised with JSON.stringify first). */
  validateValue(value: unknown): ValidationResult;
  /** Frees the compiled schema in WebAssembly memory; the validator is unusable afterwards. */
  delete(): void;
}

/** Compiles a schema once. Rejects with CompanionConfigError on an invalid schema or options. */
export function compileSchema(schema: JsonSchema, options?: ValidationOptions & { wasm?: CompanionOptions['wasm'] }): Promise<SchemaValidator>;

export interface LintFinding {
  tool: string;
  /** JSON Pointer into that tool's definition. */
  path: string;
  message: string;
}

/** What OpenAI would reject (errors) or what is doubtful (warnings) in tool definitions. createCompanion runs it and rejects on errors. */
export function lintTools(tools: readonly ToolDefinition[], options?: ValidationOptions & { wasm?: CompanionOptions['wasm'] }): Promise<{ errors: LintFinding[]; warnings: LintFinding[] }>;

// --- attachToDeepChat (web/attach.js) ---

/**
 * What a key function may return: the key, or the key endpoint's answer (expiry checked). `model`
 * (the key's session model) is put in the offer of a DeepChat that names one (2.5's `?model=`).
 * `{ value, expiresAt, model }` is the key lifecycle's own shape (`fetchKey`).
 */
export type EphemeralKey = string | { value: string; expires_at?: number; model?: string } | { value: string; expiresAt?: number; model?: string | null };

/**
 * The key lifecycle's events in the stream: onKeyEvent's {@link KeyEvent} under `key_` names, its
 * `refused` as `key_response_refused` (the endpoint's answer was no usable key) and `failed` as
 * `key_fetch_failed` (fetching gave up), apart from attach's `key_refused` and `key_failed`.
 */
export type KeyStreamEvent = Omit<KeyEvent, 'type'> & {
  type: 'key_fetched' | 'key_handed_out' | 'key_refreshed' | 'key_expired' | 'key_response_refused' | 'key_fetch_failed';
};

/**
 * Every event of the page's one stream (`createCompanion({ onEvent })`, `companion.onEvent`): the key
 * lifecycle's and an element's. Each has `type` and `at` (ms); none holds a key, the model's arguments
 * or a tool's result. docs/deepchat.md ("Events") has the table.
 */
export type CompanionEvent = KeyStreamEvent | DeepChatAttachmentEvent;

/**
 * One thing that happened to the attached element (its part of {@link CompanionEvent}), or to a call
 * of `companion.functionHandler` made outside attach; `at` is the time in ms (`options.now`).
 */
export type DeepChatAttachmentEvent =
  | { type: 'key_requested'; at: number }
  /** `expiresAt` (Unix seconds) and `model` when the key function returned them. */
  | { type: 'key_received'; at: number; expiresAt?: number; model?: string }
  /** A beta DeepChat's (2.4.2) offer was sent to GA `/v1/realtime/calls` instead of the switched-off beta path. */
  | { type: 'offer_rerouted'; at: number; from: string; to: string }
  /** DeepChat's offer is being sent: to this path of OpenAI (or `realtimeBaseURL`), or of the page's server with `offerEndpoint`. */
  | { type: 'offer_sent'; at: number; endpoint: string }
  /**
   * The offer was refused, by OpenAI (`by: 'openai'`: directly on the key path, or relayed by the page's
   * server as `upstream_code`) or by the page's server itself (`by: 'server'`: rate limit, sign-in …).
   * `code` is OpenAI's (`model_not_found`, `insufficient_quota`, `invalid_api_key` …) or the server's;
   * `message` has every key redacted. The element shows the same reason.
   */
  | { type: 'offer_refused'; at: number; by: 'openai' | 'server'; status: number; upstreamStatus: number | null; code: string | null; errorType: string | null;
      param: string | null; message: string | null }
  /** A response held `count` completed function calls; all were answered before one `response.create`. */
  | { type: 'parallel_calls'; at: number; count: number }
  /**
   * The companion started one function call of the model's (to drive a spinner; `tool_call_finished`
   * ends it). `runsOn: 'server'`: a tool the page's server runs (its answer to the offer named it); the
   * page neither runs nor answers it, and `tool_call_finished` ends it too. `callId` is null only for a call
   * of `functionHandler` made without one.
   */
  | { type: 'tool_call_started'; at: number; name: string; callId: string | null; runsOn: 'page' | 'server' }
  /**
   * A call ended, whatever the outcome: `ok`, or `errorCode` (the error object the model got:
   * `declined`, `timeout`, `http_error` with `httpStatus` …, or `aborted`, which the model never sees).
   * `runsOn: 'server'`: the server's output for its call reached the conversation (its `durationMs`
   * is from the response that asked for it).
   */
  | { type: 'tool_call_finished'; at: number; name: string; callId: string | null; runsOn: 'page' | 'server'; ok: boolean;
      errorCode: ToolErrorCode | 'aborted' | null; httpStatus?: number; durationMs: number }
  /** A tool with `needsApproval`: `approve` (or the element's confirmation) was asked. */
  | { type: 'tool_call_approval_requested'; at: number; name: string; callId: string | null }
  /** The call was allowed and runs now. */
  | { type: 'tool_call_approved'; at: number; name: string; callId: string | null }
  /**
   * The call was not allowed, and the model was told (`declined`, or `timeout` when the deadline passed
   * first). `reason`: `user` (the answer was no), `timeout`, `no_approver`, `error` (approve threw).
   */
  | { type: 'tool_call_declined'; at: number; name: string; callId: string | null; reason: 'user' | 'timeout' | 'no_approver' | 'error' }
  /** The session stopped while the call ran: its request (and `headers` function) got an aborted signal. */
  | { type: 'tool_call_aborted'; at: number; name: string; callId: string; reason: 'session_stopped' | 'channel_closed' }
  /**
   * Calls that were not run: their response was `cancelled` (the person spoke: `reason: 'turn_detected'`),
   * `incomplete` or `failed`, or the call itself was not `completed`, or its `call_id` was seen before.
   */
  | { type: 'tool_calls_skipped'; at: number; status: string | null; reason: string | null;
      calls: { name: string | null; call_id: string | null; reason: 'response_cancelled' | 'response_incomplete' | 'response_failed' | 'call_incomplete' | 'repeated_call_id' | 'no_call_id' | string }[] }
  /**
   * An `error` event OpenAI documents as leaving the session open (or one it does not document:
   * `known: false`). DeepChat would have ended the call on it; it never sees it. `eventId` is the client
   * event it answers. `handled: 'response_deferred'`: a `response.create` raced a response already under
   * way, and is sent again when that one ends.
   */
  | { type: 'realtime_error'; at: number; code: string | null; message: string | null; param: string | null; eventId: string | null;
      recoverable: true; known?: boolean; handled?: 'response_deferred' }
  /** An `error` event that ends the session (`session_expired` …): DeepChat stops, and its error line says why. */
  | { type: 'session_error'; at: number; code: string | null; message: string | null; param: string | null; eventId: string | null; meaning: string }
  /** OpenAI closed the data channel of a live session, or its connection failed (DeepChat notices neither): the session is ended, with the last error if any. */
  | { type: 'channel_closed'; at: number; reason: 'channel_closed' | 'connection_failed'; error: { code: string | null; message: string | null; meaning: string } | null }
  /** The key function threw or rejected; DeepChat shows its error and the next start tries again. */
  | { type: 'key_failed'; at: number; message: string }
  /** The key was not handed to DeepChat: no key, not shaped like an ephemeral key (the core's rule), or expired. */
  | { type: 'key_refused'; at: number; reason: 'not_a_key' | 'master_key' | 'expired'; message: string }
  /** DeepChat's `sts-session-started`: the data channel is open and the service said `session.created`. */
  | { type: 'session_started'; at: number }
  /** DeepChat's `sts-session-stopped`: stopped by the person, or by DeepChat after a failure. */
  | { type: 'session_stopped'; at: number }
  /** DeepChat showed its error (a failed key, a refused offer, a broken handler, a server `error` event). */
  | { type: 'session_failed'; at: number; message: string }
  /** The spent realtime service was replaced by a fresh one; `error` is the error text kept visible. */
  | { type: 'reset'; at: number; error: string | null };

export interface AttachOptions {
  /** Gives DeepChat `config.tools` (`companion.tools`) and `config.function_handler`. */
  companion: Pick<Companion, 'tools' | 'functionHandler'>;
  /** Called once for every start (never cached); must return a fresh ephemeral key. Not needed with `offerEndpoint`. */
  fetchEphemeralKey: () => EphemeralKey | Promise<EphemeralKey>;
  /**
   * OpenAI's unified interface: DeepChat's SDP offer is posted here (same-origin, `application/sdp`,
   * `X-Requested-With`) instead of to OpenAI, and the server (`createRealtimeCallHandler`) starts the
   * call with its own session and the master key. The page then holds no key at all.
   */
  offerEndpoint?: string | URL;
  /**
   * For tests: where the offer goes on the ephemeral-key path instead of `https://api.openai.com/v1`
   * (its `/realtime/calls` under this base), e.g. the `baseURL` of `realtime-companion/testing`'s
   * stand-in, so that a test needs no request interception. An http(s) URL (checked at attach); not
   * with `offerEndpoint`, where the page's server posts the offer to its own `baseURL`.
   */
  realtimeBaseURL?: string | URL;
  /**
   * Which Realtime interface the element's DeepChat speaks. `'auto'` (default) reads it off DeepChat's
   * code, or off the offer's URL when the code does not show it: 2.4.2 is `'beta'` (its offer is sent
   * to `/v1/realtime/calls` and GA event names are renamed for it), 2.5 is `'ga'` (left alone).
   */
  deepChatApi?: 'auto' | 'beta' | 'ga';
  /** Called for every {@link DeepChatAttachmentEvent} of this element; a throwing listener is reported (console.error), not rethrown. */
  onEvent?: (event: DeepChatAttachmentEvent) => void;
  /**
   * Asked before every call of a tool with `needsApproval` in this element's sessions (over createCompanion's
   * `approve`). Without either, the element shows its own confirmation (Allow / Decline buttons).
   */
  approve?: ApproveFunction;
  /** Clock in ms (for expiry checks and event times). Default `Date.now`. */
  now?: () => number;
}

export interface DeepChatAttachment {
  readonly state: 'idle' | 'fetching_key' | 'connecting' | 'live' | 'failed';
  /** Stops a live session, removes the listeners and restores the element's own `directConnection`. */
  detach(): void;
}

/**
 * Sets `chat.directConnection.openAI.realtime` (keeping the page's other settings): no automatic key
 * fetch or start, the key function, the companion's tools and handler. After every session end or
 * failure the element gets a fresh realtime service, so every start fetches a fresh key. Every
 * function call of a response is answered before one `response.create` (DeepChat answers only the
 * first). For DeepChat 2.4.2 the offer goes to GA `/v1/realtime/calls` and GA events get their beta
 * names, scoped to this element's own offer and data channel; `detach()` removes it all.
 * Throws `TypeError` if `chat` is not a defined `<deep-chat>`, `CompanionConfigError` for bad options
 * or when the element's settings hold an API key (`openAI.key`) or a fixed `ephemeralKey`.
 */
export function attachToDeepChat(chat: HTMLElement, options: AttachOptions): DeepChatAttachment;
