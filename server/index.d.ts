// Hand-written types for `realtime-companion/server`. Keep in step with options.js and the two
// handlers (ephemeral-key-handler.js, realtime-call-handler.js).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ToolDefinition, ValidationOptions } from '../web/index.js';

/**
 * A function tool fixed on the server: the page's {@link ToolDefinition}, given as it is. OpenAI's
 * session gets it without the page's fields (`route`, `execute`, `needsApproval`) or the server's.
 */
export type RealtimeTool = ToolDefinition;

/** What a server tool's handler is told besides the arguments. */
export interface ServerToolContext {
  /** Aborts at the tool's deadline (`timeoutMs`) or when the call ends: pass it to your database or fetch. */
  signal: AbortSignal;
  /** The call (`rtc_…`). */
  callId: string;
  /** Who the call is for: what `authorize` returned, else the client's address key. */
  clientId: string | null;
  /** The model's id for this function call. */
  toolCallId: string;
}

/**
 * A tool that runs on the server (`createRealtimeCallHandler` only): called from the call's
 * sideband, never by the page, which never sees `handler`. The arguments are validated against
 * `parameters` by the same core as a page's tool first; whatever the handler returns (an object as
 * it is, any other value as `{ response }`) goes to the model; a throw answers `internal_error`
 * (its message stays on the server), a late answer `timeout`. See docs/supervision.md.
 */
export interface ServerTool {
  type?: 'function';
  name: string;
  description?: string;
  parameters?: ToolDefinition['parameters'];
  handler: (args: any, context: ServerToolContext) => unknown;
  /** The handler's deadline, 1 to 600000 ms. Default 10000. */
  timeoutMs?: number;
}

/** The answer of one token-bucket decision. */
export interface RateLimitResult {
  allowed: boolean;
  /** When refused: milliseconds until one token is available (>= 1). */
  retryAfterMs: number;
  /** Whole tokens left after this decision (below zero after a charge larger than what was left). */
  remaining: number;
}

/** Where token buckets live. Implement it to use another shared store. */
export interface RateLimitStore {
  /**
   * Takes one token for `clientId`; `now` is in milliseconds. Rejecting, answering no decision, or
   * not settling within `hookTimeoutMs` makes the handler answer 503 `rate_limit_unavailable`.
   *
   * `cost` (default 1; 0 to `burst`) is taken only if the bucket holds it, and at least one token:
   * a cost of 0 asks whether a whole token is left and spends nothing. The built-in stores reject a
   * cost that is not a number in that range.
   */
  take(clientId: string, limit: { perMinute: number; burst: number }, now: number, cost?: number): Promise<RateLimitResult>;
}

/** A store a per-client budget ({@link SuperviseOptions.budget}) can use: both built-in stores are. */
export interface BudgetStore extends RateLimitStore {
  /**
   * Charges `cost` tokens already spent (0 to 1e12): always applied, even below zero (a debt, at
   * most 1e12, refilled like any deficit). `allowed`: at least one whole token is left after it;
   * if not, `retryAfterMs` is how long until one is.
   */
  charge(clientId: string, limit: { perMinute: number; burst: number }, now: number, cost: number): Promise<RateLimitResult>;
}

/**
 * A per-client budget across calls, in a rate-limit store: each budget is a bucket of `tokens`
 * (or `seconds`) per client that refills evenly over `periodSeconds`. A call is refused at its
 * start while the client has less than one token (second) left, and hung up once a charge leaves
 * less than one. Keys are `budget:tokens:<client id>` and `budget:seconds:<client id>` (with a
 * Redis store, after its prefix).
 */
export interface BudgetOptions {
  /** Tokens per period per client, as summed from each response's `usage.total_tokens`; 1 to 1e12. */
  tokens?: number;
  /** Seconds of call time per period per client; 1 to 1e9. */
  seconds?: number;
  /** The period over which a budget refills, 1 s to 366 days. Required. */
  periodSeconds: number;
  /** Where the buckets live. Default: a new in-memory store; a Redis store shares the budget across instances. */
  store?: BudgetStore;
  /** Deadline on each store decision, 10 to 60000 ms; past it, or if the store fails, the budget fails closed. Default 5000. */
  timeoutMs?: number;
}

/** One audit record; the default sink writes it to stdout as one JSON line. */
export interface AuditRecord {
  /** ISO 8601 time the request arrived. */
  time: string;
  event: 'issued' | 'call_created' | 'refused' | 'rate_limited' | 'upstream_error';
  /** The refusal code (a key of {@link REFUSALS}); null when issued. */
  reason: RefusalCode | null;
  /** The HTTP status answered. */
  status: number;
  /**
   * What `authorize` returned, else the peer address: `ip:192.0.2.1`, an IPv6 client by its /64
   * (`ip:2001:db8:1:2::/64`: one line or VM holds a whole /64), `ip:unknown` for a forwarded
   * value that is no address. Null when refused before `authorize`.
   */
  client_id: string | null;
  /** The request's `Origin` header, as sent. */
  origin: string | null;
  method: string;
  /** The server's session settings; instructions as a hash and length, tools by name. */
  session: {
    /** Which OpenAI endpoint: `client_secrets` (key handler) or `calls` (offer handler). */
    api: 'client_secrets' | 'calls';
    model: string;
    voice: string | null;
    tools: string[];
    instructions_id: string | null;
    instructions_length: number;
    expires_after_seconds: number | null;
  };
  /** Key handler: the key's expiry (Unix seconds) when issued, else null. */
  expires_at?: number | null;
  /** Key handler: first 12 hex digits of SHA-256 of the key when issued, else null. */
  key_id?: string | null;
  /** Offer handler: OpenAI's id of the call (`rtc_…`, from its `Location`) when created, else null. */
  call_id?: string | null;
  /** Seconds, when rate-limited. */
  retry_after?: number;
  /** OpenAI's HTTP status, for upstream errors that got one. */
  upstream_status?: number;
  /**
   * When OpenAI answered with an error status (`upstream_error` with `upstream_status`): its error
   * object, made safe. Present with null fields when the body was not OpenAI's error JSON.
   */
  upstream_error?: OpenAIErrorFields;
  /**
   * For upstream errors: what went wrong, e.g. `answered HTTP 403`, `answered HTTP 502; its error
   * body is not JSON` (also `is larger than 16384 bytes`, `was not read before the deadline`),
   * `no answer within 10000 ms`, `answer larger than 1048576 bytes`, `the value is shaped like an
   * API key, not an ephemeral key`, `expires_at is in the past: the key has expired`. Names the
   * rule, never the value.
   *
   * For `authorize_timeout`: `authorize did not settle within 5000 ms`. For
   * `rate_limit_unavailable`: why the store gave no decision, e.g. `no redis reply within 1000 ms`,
   * `redis refused AUTH (WRONGPASS)`, `redis connect failed (ECONNREFUSED)`, `redis reply
   * malformed: bulk length 1073741824 exceeds 65536`, `redis replies out of step with requests`,
   * `the rate-limit store did not answer within 5000 ms` (a store of your own: its error is not
   * copied). Never a password or other secret.
   */
  detail?: string;
  duration_ms: number;
}

/**
 * OpenAI's error object (`{ error: { code, type, param, message } }`) as the audit log keeps it.
 * Each field is null when absent, of the wrong type, or not safe to keep.
 */
export interface OpenAIErrorFields {
  /** e.g. `model_not_found`, `invalid_model`, `insufficient_quota`, `invalid_api_key`: a token of at most 64 of `[A-Za-z0-9_.-]`, never key-like. */
  code: string | null;
  /** e.g. `invalid_request_error`; the same rule as `code`. */
  type: string | null;
  /** The request field at fault, at most 128 printable ASCII characters, keys redacted. */
  param: string | null;
  /**
   * OpenAI's sentence, at most 300 characters (cut at a code-point boundary, `…` marking it), no
   * control or invisible characters, no SDP, and every key-like token (`sk-…`, `sk-proj-…`, `ek_…`,
   * `rk-…`, masked `****abcd`) and every piece of 8 or more characters of the master key replaced
   * by `[redacted]`. It may name the project or organisation: it is never sent to the page.
   */
  message: string | null;
}

/**
 * The body of every refusal, with the status of its {@link REFUSALS} entry. `upstream_status` and
 * `upstream_code` are present on `upstream_error` when OpenAI answered with an error status (not
 * for a connection that failed); the message is then ours, composed from the code, e.g.
 * `OpenAI refused the call: this project may not use the model (model_not_found).` (key handler:
 * `OpenAI refused to mint a key: …`), or `OpenAI refused the call (HTTP 403, some_code).`
 */
export interface RefusalBody {
  error: {
    code: RefusalCode;
    message: string;
    /** OpenAI's HTTP status. */
    upstream_status?: number;
    /** OpenAI's error code, when it is a safe token; else null. */
    upstream_code?: string | null;
  };
}

export type RefusalCode =
  | 'method_not_allowed'
  | 'origin_not_allowed'
  | 'cross_site'
  | 'csrf_header_missing'
  | 'unauthorized'
  | 'authorize_failed'
  | 'authorize_timeout'
  | 'rate_limited'
  | 'offer_invalid'
  | 'offer_too_large'
  | 'rate_limit_unavailable'
  | 'budget_exhausted'
  | 'budget_unavailable'
  | 'upstream_timeout'
  | 'upstream_error'
  | 'upstream_malformed'
  | 'internal_error';

/** Status, audit event and message for every refusal. */
export const REFUSALS: Readonly<Record<RefusalCode, { status: number; event: AuditRecord['event']; message: string }>>;

/** What both handlers take: the master key, OpenAI's address, the fixed session, who may call, limits, audit. */
export interface RealtimeServerOptions {
  /** The pages allowed to call the endpoint, as origins (`https://app.example.com`). Required. */
  allowedOrigins: readonly string[];
  /** Master key. Default: `process.env.OPENAI_API_KEY` (read once, at creation). */
  apiKey?: string;
  /** Default: `process.env.OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  baseURL?: string;
  /**
   * Removed: OpenAI switched off the beta Realtime interface (`'sessions'`) on 2026-05-12; keys come
   * from GA `/v1/realtime/client_secrets`. Passing `'sessions'` throws at start-up.
   * @deprecated
   */
  api?: 'client_secrets';
  /** Default: `gpt-realtime`. The key answer names it (`model`), so the page's offer can too. */
  model?: string;
  /** Default: OpenAI's. Sent as `audio.output.voice`. */
  voice?: string;
  instructions?: string;
  tools?: readonly RealtimeTool[];
  /**
   * Further GA session fields (`output_modalities`, `audio`, `tool_choice`, `parallel_tool_calls`,
   * `max_output_tokens`, …), merged under the ones above. Beta names (`modalities`,
   * `turn_detection`, `input_audio_transcription`, …) throw at start-up with their GA names.
   */
  session?: Record<string, unknown>;
  /**
   * The site's own user check. Return a client id (string), `true` (client id = the peer address),
   * or a falsy value (401). May be async; throwing answers 500; not settling within
   * `hookTimeoutMs` answers 503 `authorize_timeout` (a later answer is ignored).
   */
  authorize?: (req: IncomingMessage) => string | number | boolean | null | undefined | Promise<string | number | boolean | null | undefined>;
  /** Request header that must be present and non-empty (anti-CSRF). Default `x-requested-with`; `false` to disable. */
  csrfHeader?: string | false;
  /** Take the client address from the last `X-Forwarded-For` entry (one trusted proxy). Default false. */
  trustProxy?: boolean;
  /** Per client. Default `{ perMinute: 6, burst: 3 }` in memory; `false` disables (not advised). */
  rateLimit?: false | { perMinute?: number; burst?: number; store?: RateLimitStore };
  /** Audit sink. Default: one JSON line per record on stdout. A throwing or rejecting sink is reported on stderr. */
  audit?: (record: Readonly<AuditRecord | CallAuditRecord>) => unknown;
  /** Upstream timeout, ms. Default 10000. A `fetch` that ignores its abort signal is given up 1 s later. */
  timeoutMs?: number;
  /**
   * Deadline, ms, for each function of yours that a request waits on: `authorize` (past it: 503
   * `authorize_timeout`) and the rate-limit store's `take` (503 `rate_limit_unavailable`). Either
   * way the request is answered and recorded; what the function does afterwards changes nothing.
   * Default 5000.
   */
  hookTimeoutMs?: number;
  /** Clock in ms (tests, benchmarks). Default `Date.now`. */
  now?: () => number;
  /** The fetch used to call OpenAI. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

export interface EphemeralKeyHandlerOptions extends RealtimeServerOptions {
  /** Key lifetime, integer 10-7200 s. Default 60. */
  expiresAfterSeconds?: number;
  /** Default `['GET', 'POST']`. */
  methods?: readonly ('GET' | 'POST')[];
}

/** How the offer handler holds the calls it starts (see docs/supervision.md). */
export interface SuperviseOptions {
  /** A page changed the session (instructions, tools, tool choice, voice): put it back (`restore`, default) or end the call (`hangup`). A model change always ends it. */
  onTamper?: 'restore' | 'hangup';
  /** The sideband could not be opened, or dropped: end the call (`hangup`, default: fail closed) or let it go on unsupervised (`continue`, audited). */
  onSidebandFailure?: 'hangup' | 'continue';
  /** The longest a call may run, 0 to 3600 s (0: OpenAI's own limit, 60 minutes). Default 1800. */
  maxCallSeconds?: number;
  /** Hang up after this long without the person speaking or the model responding, 0 to 3600 s (0: never). Default 300. */
  idleSeconds?: number;
  /** Hang up once the call's responses have used more tokens than this (0: no limit). Default 0. */
  maxTokens?: number;
  /** How long the sideband's opening handshake may take, 100 to 60000 ms. Default 5000. */
  connectTimeoutMs?: number;
  /** A per-client budget across calls (tokens and/or seconds per period), at least one of `tokens` and `seconds`. Default none. */
  budget?: false | null | BudgetOptions;
}

/** The offer handler takes the shared options (POST, no key lifetime), and `supervise`. */
export interface RealtimeCallHandlerOptions extends Omit<RealtimeServerOptions, 'tools'> {
  /** The page's tools as they are (OpenAI gets them without their page parts), plus tools the server runs ({@link ServerTool}). */
  tools?: readonly (RealtimeTool | ServerTool)[];
  /**
   * Supervise every call this handler starts: the server joins it over OpenAI's sideband
   * (`wss://…/v1/realtime?call_id=rtc_…`, with the API key), keeps the server's session on it, hangs
   * it up past its limits, and audits what it cost. Default `true` (the defaults of {@link SuperviseOptions}); `false` to start calls and forget them.
   */
  supervise?: boolean | SuperviseOptions;
}

/** A call's lifecycle record, written by its supervisor (same sink as the request records). */
export interface CallAuditRecord {
  time: string;
  event: 'session_tampered' | 'call_hung_up' | 'sideband_failed' | 'sideband_rejoined' | 'call_unsupervised' | 'server_tool_call' | 'budget_unavailable' | 'call_ended';
  call_id: string | null;
  client_id: string | null;
  /** session_tampered: the fields the page changed (names only, never values), and what was done. */
  changed?: ('model' | 'instructions' | 'tools' | 'tool_choice' | 'voice')[];
  action?: 'restored' | 'hung_up';
  /** call_hung_up / call_ended: why (`max_call_seconds`, `idle`, `max_tokens`, `budget_exhausted`, `budget_unavailable`, `session_tampered`, `sideband_failed`, `sideband_closed`, `application` or the application's own reason, `shutdown`, `detached`, `unsupervised`). */
  reason?: string;
  /** call_hung_up: OpenAI's answer to the hang-up (0 when none). */
  status?: number;
  detail?: string;
  /** call_ended: whether the sideband was joined. */
  supervised?: boolean;
  /** call_ended: from the call's start (its 201) to the end. */
  duration_ms?: number;
  /** call_ended: every `response.done`'s usage, summed. */
  usage?: { responses: number; input_tokens: number; output_tokens: number; total_tokens: number; input_audio_tokens: number; output_audio_tokens: number; cached_tokens: number };
  /** call_ended: function calls the model made. */
  tool_calls?: number;
  /** server_tool_call: the tool, the model's call id, how it ended (`ok`, an error code the model got, or `aborted`), and how long it took; never the arguments or the output. */
  name?: string;
  tool_call_id?: string;
  outcome?: string;
  /** server_tool_call with outcome `internal_error`: the thrown error's class (`TypeError`), never its message. */
  error?: string;
  /** sideband_rejoined: which join after a drop (1 to 3). */
  attempt?: number;
}

/** The offer handler: a `node:http` listener, plus control of the calls it supervises. */
export interface RealtimeCallHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Hangs up a supervised call (audited with `reason`, a short snake_case word); false if it is not one of this handler's. */
  hangup(callId: string, reason?: string): Promise<boolean>;
  /** The ids (`rtc_…`) of the calls under supervision now. */
  activeCalls(): string[];
  /** Shutdown (SIGTERM): hang up every supervised call (default), or `{ hangup: false }` to let them go on unsupervised. */
  close(options?: { hangup?: boolean }): Promise<void>;
  /** Settles when the server's tools are compiled; rejects for a `parameters` schema the compiler refuses (every offer is then refused with 500). */
  readonly ready: Promise<void>;
}

/**
 * Creates the `POST /realtime/call` handler (OpenAI's unified interface): takes the page's SDP
 * offer (`application/sdp`, at most 64 KiB), posts it with the server's fixed session and the
 * master key to `/v1/realtime/calls`, and answers `201` with OpenAI's SDP answer; or a refusal as
 * the key handler does (plus 400 `offer_invalid`, 413 `offer_too_large`). Session settings from the
 * page are never read. Pair it with `attach(chat, { offerEndpoint })`. The returned promise never rejects.
 */
export function createRealtimeCallHandler(options: RealtimeCallHandlerOptions): RealtimeCallHandler;

/**
 * Creates the `GET|POST /ephemeral-key` handler: answers `{ value, expires_at, model }` with
 * `Cache-Control: no-store`, or a {@link RefusalBody} with 401/403/405/429/502/503/504.
 * Usable as a `node:http` listener or express middleware; the returned promise never rejects.
 * Throws `TypeError`/`RangeError` at creation for a bad configuration.
 */
export function createEphemeralKeyHandler(
  options: EphemeralKeyHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The default store: buckets in this process's memory, O(1) per decision (amortised) at any number
 * of clients. Buckets idle long enough to have refilled are forgotten as requests arrive; past
 * `maxBuckets` (default 100,000, about 10 MB) the least recently used goes first.
 */
export function createMemoryRateLimitStore(options?: { maxBuckets?: number }): BudgetStore & { readonly size: number };

/**
 * Buckets in Redis, updated atomically by one Lua script, for several server instances.
 * Pass `url` (built-in client) or `command` (your client's). See docs/redis.md.
 *
 * The built-in client: `redis://host:port`, `redis://:password@host` (`AUTH password`),
 * `redis://user:password@host` (ACL `AUTH user password`), `/n` for database n; `rediss:` (TLS)
 * throws (use `command` with a TLS client). Each command is paired with its reply by a nonce; a
 * timeout, a reply out of step, too large (a bulk over 64 KiB) or not RESP replaces the
 * connection (reconnecting with backoff) and the decisions on it fail closed (503). TCP keepalive
 * is on. A refused AUTH is written once to stderr (never the password) and named in each refused
 * request's audit `detail`.
 */
export function createRedisRateLimitStore(options: {
  url?: string;
  /** Sends one command; `options.timeoutMs` is what is left of the decision's time (may be ignored). */
  command?: (args: string[], options?: { timeoutMs: number }) => Promise<unknown>;
  /** Key prefix. Default `realtime-companion:rl:`. */
  prefix?: string;
  /**
   * A decision slower than this rejects (the handler answers 503). Default 1000 ms. Each command
   * carries a deadline, half this after it was sent, on Redis' own clock: one that reaches Redis
   * later (it queued while Redis was frozen) spends no token.
   */
  timeoutMs?: number;
}): BudgetStore & { close(): void };

/** First 12 hex digits of SHA-256 of `key`. */
export function keyId(key: string): string;

/** The default audit sink. */
export function stdoutAuditSink(record: Readonly<AuditRecord>): void;

/** What createToolMiddleware puts on a request it validated, as `req.toolCall`. */
export interface ServerToolCall {
  /** The tool whose route served the request. */
  name: string;
  /** The arguments, valid against the tool's schema: the query typed back by the schema, path values decoded, or the parsed body. */
  arguments: Record<string, unknown>;
}

// `req.toolCall` on node:http's IncomingMessage, and so on express's Request (which extends it)
// and on Fastify's raw request. Set only on the requests the middleware validated.
declare module 'node:http' {
  interface IncomingMessage {
    /** Set by createToolMiddleware on a request it validated (before `next()`); undefined on any other request. */
    toolCall?: ServerToolCall;
  }
}

/**
 * What a tool middleware did with a request: `valid` and `unmatched` went on to `next()`;
 * `refused` was answered (400, 405, 413, or 500 for a wiring that cannot work); `aborted`: the
 * client disconnected mid-body and nothing was answered.
 */
export type ToolMiddlewareOutcome = 'valid' | 'refused' | 'unmatched' | 'aborted';

export interface ToolMiddlewareOptions {
  /**
   * The path of the browser's baseUrl, from the site's root ('/api'). Default ''. Where the
   * middleware is mounted does not change it: mounted paths are matched on `req.originalUrl`.
   */
  basePath?: string;
  /** Larger bodies are refused with 413. Default 1048576. */
  maxArgumentBytes?: number;
  /** Where the .wasm comes from, when not next to the package. */
  wasm?: URL | string | ArrayBuffer | ArrayBufferView | WebAssembly.Module;
}

/**
 * Server-side validation of tool requests with the same compiled schemas as the browser.
 * Invalid arguments are answered 400 `{ error: { code: 'invalid_arguments', ... } }`; valid ones get
 * `req.toolCall = { name, arguments }` and go on to `next()`, with `req.body` (POST/PUT/PATCH) or
 * an existing `req.query` (express) replaced by those arguments. The returned promise never
 * rejects: no wiring (node:http, express 4, Fastify through @fastify/middie with
 * `hook: 'preValidation'`) needs to await it.
 *
 * Which requests are a tool's, so that whatever a router delivers to a tool's handler has been
 * checked (README "Server-side tool validation"):
 * - the target is read as each router might: express's `req.baseUrl + req.url` and
 *   `req.originalUrl` (a rewrite may have changed `url`; express and middie strip a mount path
 *   from it), node's `req.url`; refused if any reading is, a tool's if any is; origin-form
 *   (`/api/x?q`) or absolute-form (`http://host/api/x`);
 * - the path matches basePath + a route path segment by segment, each segment percent-decoded
 *   once, ASCII case ignored, empty segments (trailing or doubled `/`) ignored;
 * - HEAD is GET; another method on a tool's path is 405 with `Allow`, except OPTIONS, passed on;
 * - refused with 400 `bad_request_target`, whatever the path: a `.` or `..` segment, raw or
 *   percent-encoded (`%2e%2e`, `..%2F`, `%C0%AE`); a target starting `//`; a control character,
 *   space, non-ASCII byte, `#` or `\` in it; a malformed or non-UTF-8 %-escape; a bad host or
 *   port in absolute-form; a `;` right after a tool's path; a query on a body tool; a body on a
 *   query tool;
 * - a body member that repeats a path value is `invalid_arguments`.
 * Express 4 needs nothing more: a JSON body parser before or after it works (it marks the body
 * read). Fastify: register @fastify/middie with `{ hook: 'preValidation' }`; with the default
 * `onRequest` hook a tool POST is answered 500 naming the fix. Mounted at a path no tool's route
 * lies under (basePath left out), every request there is answered 500 naming basePath.
 */
export function createToolMiddleware(
  tools: readonly ToolDefinition[],
  options?: ToolMiddlewareOptions,
): Promise<(req: IncomingMessage, res: ServerResponse, next?: () => void) => Promise<ToolMiddlewareOutcome>>;

/** The source of a compiled tool set: a tools array, or the tools with their validation options. */
export type ToolSetSource = readonly ToolDefinition[] | { tools: readonly ToolDefinition[]; validation?: ValidationOptions };

/**
 * Compiles tools into a set for `createCompanion({ toolSet })` (the CLI's
 * `realtime-companion compile` is the same code). Takes the list the page and the server helpers
 * take: a tool with a `handler` runs on the server and is left out of the set; an `execute`
 * function is marked in it. Rejects with a CompanionConfigError naming each refused tool, and any
 * other function (which a set, being JSON, cannot hold). `hash` is the set's SHA-256 (hex): the same tools give the same bytes and hash.
 */
export function compileToolSet(source: ToolSetSource, options?: { wasm?: URL | string | ArrayBuffer | ArrayBufferView | WebAssembly.Module }): Promise<{ bytes: Uint8Array; hash: string }>;

/** A compiled set, as `createToolSetHandler`'s `ready` gives it. */
export interface ServedToolSet {
  /** The set's SHA-256 (hex), also its ETag. */
  hash: string;
  bytes: Uint8Array;
  /** `${path}?v=${hash}`: where a page loads this version from, cached as immutable. */
  url: string;
}

/**
 * A node:http / express handler that serves the compiled set, returned at once (mount it where it
 * is made): strong `ETag` (its hash), 304 on `If-None-Match`, `Cache-Control: no-cache` by default
 * and a year's immutable caching when asked for with `?v=<hash>` (`handler.url`). GET and HEAD only.
 * The set is compiled in the background; requests made before it is ready wait for it. `ready`
 * rejects with a CompanionConfigError for tools the compiler refuses (then every request is
 * answered 500, and the refusal is written to stderr); `hash`, `bytes` and `url` throw until ready.
 * Throws at once for an unknown option or a function the set cannot hold.
 */
export function createToolSetHandler(
  source: ToolSetSource,
  options?: { wasm?: URL | string | ArrayBuffer | ArrayBufferView | WebAssembly.Module; path?: string },
): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & ServedToolSet & { readonly ready: Promise<ServedToolSet> };
