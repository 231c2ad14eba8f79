/**
 * `realtime-companion/testing`: OpenAI's Realtime service (GA) on 127.0.0.1 for your own CI, so
 * that a test of your page needs no OpenAI account and no network. Needs werift (an optional peer
 * dependency): `npm install --save-dev werift`. See docs/testing.md.
 */

export interface OpenAIStandInOptions {
  /** The key your server must send (as `apiKey`). Default: a random `sk-test-…`, the same for the whole process. */
  masterKey?: string;
  /** The realtime models your project may use; an offer for another answers 403 `model_not_found`. Default: all of them. */
  entitledModels?: Iterable<string>;
}

/** An OpenAI error object, as the body of a refusal carries it (`{ error: … }`). */
export interface OpenAIErrorObject {
  type: string;
  code: string | null;
  message: string;
  param?: string | null;
}

/** One `POST /v1/realtime/calls` the stand-in answered. */
export interface OfferRecord {
  /** 201 for an answered offer, else the refusal's status. */
  status: number;
  /** The refusal's OpenAI error code (`invalid_api_key`, `model_not_found` …), or null. */
  code: string | null;
  /** true: the unified interface (multipart, from your server); false: an ephemeral key (SDP, from the page). */
  form: boolean;
  /** When it arrived (ms since the epoch). */
  at: number;
}

/** A client event the call received (`session.update`, `conversation.item.create`, `response.create` …). */
export interface ClientEvent {
  type: string;
  [field: string]: unknown;
}

/** A tool call the model makes: `arguments` as a value (sent as JSON) or as text (sent as it is, e.g. invalid JSON). */
export interface ScriptedToolCall {
  name: string;
  arguments: object | string;
}

export interface CallWaitOptions {
  /** How long the page may take. Default 10 000 ms. */
  timeoutMs?: number;
}

/** One call your page opened, driven by the test: what the model says and does. */
export interface StandInCall {
  /** The call's id (`rtc_…`), as the offer's `Location` names it. */
  readonly callId: string;
  /** The session as OpenAI holds it now: model, instructions, tools, audio … (what `session.updated` shows). */
  readonly session: Readonly<Record<string, unknown>>;
  /** Every client event the call received so far, in order. */
  readonly events: readonly ClientEvent[];
  /** The model answers in words (a spoken response with this transcript). Resolves when `response.done` is sent. */
  say(text: string): Promise<void>;
  /** The model calls one tool; resolves with the output the page sent back, parsed. */
  callTool<Output = unknown>(name: string, args: object | string, options?: CallWaitOptions): Promise<Output>;
  /** Several calls in one response; resolves with each output, parsed, in call order. */
  callTools(calls: readonly ScriptedToolCall[], options?: CallWaitOptions): Promise<unknown[]>;
  /**
   * The user speaks over the model (server VAD): the response under way is cancelled (`turn_detected`)
   * and the model answers `answer` (default: it reads back tool outputs, or repeats `transcript`).
   * Resolves when that answer is done.
   */
  interrupt(options?: { transcript?: string; answer?: string }): Promise<void>;
  /** An `error` event, as OpenAI sends one (DeepChat ends the call on any). */
  sendError(code: string, options?: { message?: string; type?: string; param?: string | null }): void;
  /** The session reaches its maximum duration: the `session_expired` error, then the call closes. */
  expire(): Promise<void>;
  /** The first client event of this type the call received (already, or within the time limit). */
  waitForEvent(type: string, options?: CallWaitOptions): Promise<ClientEvent>;
}

/** The stand-in: give `baseURL` and `masterKey` to your server (`baseURL`, `apiKey`). */
export interface OpenAIStandIn {
  /** `http://127.0.0.1:<port>/v1`, like `https://api.openai.com/v1`. */
  readonly baseURL: string;
  readonly masterKey: string;
  /** Every offer so far, in order. */
  readonly offers: readonly OfferRecord[];
  /** The next call whose data channel opens (each call is given once, in order). Default limit 15 000 ms. */
  waitForCall(options?: CallWaitOptions): Promise<StandInCall>;
  /** The next offer is refused with `status` (default 401) and `error` (default: a generic one for the status). */
  failNextOffer(status?: number, error?: OpenAIErrorObject): void;
  /** The next sideband (your server joining a call) is refused with `status` (default 401). */
  refuseNextSideband(status?: number): void;
  /** Ends every call and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts OpenAI's Realtime endpoints on 127.0.0.1 (an ephemeral port): keys
 * (`/v1/realtime/client_secrets`), calls (`/v1/realtime/calls`, real WebRTC), the sideband and
 * the hang-up, all under `baseURL`. Refuses unknown option names.
 */
export function startOpenAIStandIn(options?: OpenAIStandInOptions): Promise<OpenAIStandIn>;
