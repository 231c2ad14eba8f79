// createCompanion: the package's front door. It loads the tools (a compiled
// set, or raw tools it compiles) into the WebAssembly core and hands DeepChat
// a function_handler that never throws.
import { prepareToolSet } from '../common/tool-set.js';
import { CompanionConfigError, internalError, thrownText } from '../common/errors.js';
import { EphemeralKeyError } from './key-error.js';
import { deferKeyLifecycle } from './deferred-keys.js';
import { rememberKeySource } from './key-piece.js';
import { keyOptionsText } from './key-options.js';
import { callListener, ignoreRejection } from './listeners.js';
import { failCall } from '../common/plan-call.js';
import { performToolCall } from './tool-call.js';
import { attachToDeepChat } from './attach.js';
import { construct } from '../common/wire.js';
import { pageFunctions, splitPageFunctions } from './page-tools.js';
import { seekApproval } from './approval.js';
import { refuseUnknownOptions } from '../common/option-names.js';
import { createEventStream, keyStreamEvent, toolCallFinished } from './event-stream.js';
import { deepFreeze } from '../common/deep-freeze.js';

/** Every option createCompanion reads (CompanionOptions in index.d.ts): the names destructured below. */
const OPTION_NAMES = Object.freeze([
  'tools', 'toolSet', 'baseUrl', 'fetch', 'headers', 'defaults', 'maxArgumentBytes', 'wasm', 'keyEndpoint', 'keys', 'keysWasm',
  'validation', 'execute', 'approve', 'onEvent',
]);

/**
 * @param {import('./index').CompanionOptions} options
 * @returns {Promise<import('./index').Companion>}
 */
export async function createCompanion(options = {}) {
  if (options === null || typeof options !== 'object') throw new CompanionConfigError('options must be an object');
  refuseUnknownOptions(options, OPTION_NAMES, 'createCompanion', CompanionConfigError);
  const {
    tools: toolsOption, toolSet, baseUrl, fetch: fetchOption, headers, defaults, maxArgumentBytes, wasm, keyEndpoint, keys, keysWasm,
    validation, execute, approve,
  } = options;
  const tools = toolsOption ?? (toolSet === undefined ? [] : undefined);
  if (approve !== undefined && typeof approve !== 'function') throw new CompanionConfigError('approve must be a function: (call) => boolean | Promise<boolean>');
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') throw new CompanionConfigError('onEvent must be a function: (event) => void');
  // The page's functions leave the tools here: the compiler reads JSON, where they are marks.
  const split = Array.isArray(tools) ? splitPageFunctions(tools) : undefined;
  if (headers !== undefined && typeof headers !== 'function' && (headers === null || typeof headers !== 'object')) {
    throw new CompanionConfigError('headers must be an object or a function returning one');
  }
  const fetchImpl = fetchOption ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchImpl !== 'function') throw new CompanionConfigError('no fetch: pass options.fetch');
  const base = resolveBaseUrl(baseUrl);
  // `keys` tunes the key lifecycle, which only keyEndpoint starts: alone it would be ignored.
  if (keys !== undefined && keyEndpoint === undefined) throw new CompanionConfigError('keys applies to keys fetched from keyEndpoint: give keyEndpoint too, or remove keys');
  const keyUrl = keyEndpoint === undefined ? undefined : resolveKeyEndpoint(keyEndpoint, base);
  checkWasmSource(keysWasm, 'keysWasm');

  const { module, bytes } = await prepareToolSet({ tools: split ? split.source : tools, toolSet, validation, wasm, fetch: fetchImpl });
  // The core that reads the tools checks the key options now; the key piece runs them later.
  const keysText = keyUrl === undefined ? undefined : keyOptionsText(module, keys);
  const core = construct(
    module,
    'CoreRouter',
    bytes,
    JSON.stringify({
      baseOrigin: base.origin,
      basePath: base.pathname.replace(/\/+$/, ''),
      ...(defaults ? { defaults } : {}),
      ...(maxArgumentBytes !== undefined ? { maxArgumentBytes } : {}),
    }),
  );
  let keyLifecycle;
  let inPage;
  // Subscribed before the key lifecycle starts: its warm-up fetch's events are in the stream too.
  const stream = createEventStream();
  if (options.onEvent) stream.subscribe(options.onEvent);
  try {
    inPage = pageFunctions(JSON.parse(core.pageTools()), split, execute);
    // The key piece starts loading now, off the way to the first tool call; the first key waits for it.
    keyLifecycle = keyUrl === undefined ? undefined
      : deferKeyLifecycle({ keyEndpoint: keyUrl, keys: JSON.parse(keysText), fetch: fetchImpl, headers }, keysWasm);
    keyLifecycle?.onKeyEvent((event) => stream.emit(keyStreamEvent(event)));
  } catch (error) {
    core.delete();
    throw error;
  }
  const publicTools = deepFreeze(JSON.parse(core.publicTools()));
  const warnings = deepFreeze(JSON.parse(core.warnings()));
  const io = { module, fetch: fetchImpl, headers };
  const listeners = new Set();
  const keyListeners = new Map(); // the page's listener -> the wrapper the key lifecycle calls
  let disposed = false;

  /** What the page does for this call: ask first (needsApproval), run it in the page (execute). */
  const inPageSteps = (read, { signal, callId, approve: approveHere, defaultApprove, onEvent }) => {
    const needs = inPage.approval.get(read.name);
    return {
      execute: inPage.execute.get(read.name),
      callId,
      approval: needs && ((deadline) => seekApproval({
        module, core, name: read.name, argumentsText: read.argumentsText, callId, needs,
        approve: approveHere ?? approve ?? defaultApprove, onEvent, deadline, stop: signal,
      })),
    };
  };

  /**
   * DeepChat's function_handler: always resolves to a plain object, whatever `call` is. `signal`
   * (the bridge's, when the voice session stops) aborts the backend request, the headers function,
   * a page-run tool and a pending approval; the rest of `context` is attach's (see readContext).
   */
  const functionHandler = async (call, context) => {
    const started = performance.now();
    const read = readCall(call);
    const trace = { name: read.name, arguments: read.argumentsText, requests: [], status: undefined };
    const how = readContext(context);
    // attach passes its onEvent and tells the call's start and end itself, in the element's stream
    // (which companion.attach feeds into this companion's). Called any other way, this does.
    const callId = how.callId ?? null;
    const toStream = how.onEvent === null;
    if (toStream) {
      how.onEvent = (type, detail) => stream.emit({ type, at: Date.now(), ...detail });
      how.onEvent('tool_call_started', { name: read.name, callId, runsOn: 'page' });
    }
    let result;
    try {
      result = disposed
        ? internalError(read.name, 'This tool is no longer available (the page closed its companion).')
        : await performToolCall(core, io, read, trace, how.signal, inPageSteps(read, how));
    } catch (error) {
      result = thrownAnswer(module, core, read.name, error, disposed);
    }
    if (result === null || typeof result !== 'object' || Array.isArray(result)) {
      result = { response: result ?? null };
    }
    const record = { ...trace, result, durationMs: performance.now() - started };
    for (const listener of listeners) callListener(listener, record);
    if (toStream) how.onEvent('tool_call_finished', toolCallFinished({ name: read.name, callId, result, durationMs: record.durationMs }));
    return result;
  };

  const companion = Object.freeze({
    tools: publicTools,
    /** lintTools' warnings about the tools: doubtful but workable definitions. */
    warnings,
    functionHandler,
    /**
     * Calls `listener(event)` on every event of this companion: its keys, its tool calls, and every
     * element attached with companion.attach (see web/event-stream.js); returns an unsubscribe function.
     */
    onEvent(listener) {
      return stream.subscribe(listener);
    },
    /** Calls `listener(record)` after every tool call, arguments and result included; returns an unsubscribe function. */
    onToolCall(listener) {
      if (typeof listener !== 'function') throw new TypeError('onToolCall needs a function');
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** An ephemeral key for DeepChat's fetchEphemeralKey: valid, never handed out before (per-session). */
    fetchEphemeralKey() {
      if (!keyLifecycle) {
        return Promise.reject(new EphemeralKeyError({ error: 'invalid_options', message: 'no keyEndpoint was given to createCompanion' }));
      }
      return keyLifecycle.fetchEphemeralKey();
    },
    /** The key lifecycle's state: never the key, nor any part of it. */
    keyStatus() {
      return keyLifecycle ? keyLifecycle.keyStatus() : { state: 'unconfigured' };
    },
    /** Calls `listener(event)` on fetched / handed_out / refreshed / expired / refused / failed; returns an unsubscribe function. */
    onKeyEvent(listener) {
      if (typeof listener !== 'function') throw new TypeError('onKeyEvent needs a function');
      if (!keyLifecycle) return () => false;
      if (!keyListeners.has(listener)) {
        const unsubscribe = keyLifecycle.onKeyEvent((event) => callListener(listener, event));
        keyListeners.set(listener, () => keyListeners.delete(listener) && unsubscribe());
      }
      return keyListeners.get(listener);
    },
    /** Tell the key lifecycle a voice session started or stopped (attach() does this for DeepChat). */
    setSessionActive(active) {
      keyLifecycle?.setSessionActive(active);
    },
    /** Wires a <deep-chat> element: tools, handler, and a fresh key (or, with `offerEndpoint`, the page's server) for every start (see web/attach.js). */
    attach(chat, attachOptions = {}) {
      return attachToDeepChat(chat, {
        companion,
        // With the key's model: a DeepChat that names a model in its offer (2.5) names the key's.
        fetchEphemeralKey: () => (keyLifecycle
          ? keyLifecycle.fetchKey().then(({ value, expiresAt, model }) => ({ value, expires_at: expiresAt, model }))
          : companion.fetchEphemeralKey()),
        ...attachOptions,
        onEvent(event) {
          // No pre-fetching during a session: no second start can come before it ends.
          if (event.type === 'session_started') keyLifecycle?.setSessionActive(true);
          if (event.type === 'session_stopped' || event.type === 'session_failed') keyLifecycle?.setSessionActive(false);
          try {
            ignoreRejection(attachOptions.onEvent?.(event)); // a throw is attach's to report
          } finally {
            stream.emit(event); // the element's events are the companion's too
          }
        },
      });
    },
    /** Stops timers, drops keys and frees the WebAssembly side. Later tool calls answer with an error object. */
    dispose() {
      if (disposed) return;
      disposed = true;
      listeners.clear();
      keyListeners.clear();
      stream.clear();
      keyLifecycle?.dispose();
      core.delete();
    },
  });
  rememberKeySource(companion, keysWasm); // attach's key check loads the same key piece
  return companion;
}

/** `keysWasm` takes what load-core.js loads: a mistake is caught here, at set-up, not at the first key. */
function checkWasmSource(source, name) {
  if (source === undefined || typeof source === 'string' || source instanceof URL || source instanceof ArrayBuffer
    || ArrayBuffer.isView(source) || (typeof Response !== 'undefined' && source instanceof Response)
    || source instanceof WebAssembly.Module) return;
  throw new CompanionConfigError(`${name} must be a URL, a string, bytes, a Response or a WebAssembly.Module`);
}

function resolveBaseUrl(baseUrl) {
  const fallback = globalThis.location?.origin;
  if (baseUrl === undefined && !fallback) {
    throw new CompanionConfigError('baseUrl is required where the page has no origin (e.g. in Node)');
  }
  let url;
  try {
    url = new URL(baseUrl ?? fallback, globalThis.location?.href);
  } catch {
    throw new CompanionConfigError(`baseUrl ${JSON.stringify(String(baseUrl))} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CompanionConfigError('baseUrl must be an http(s) URL');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new CompanionConfigError('baseUrl may not hold credentials, a query or a fragment');
  }
  return url;
}

function resolveKeyEndpoint(keyEndpoint, base) {
  if (!(keyEndpoint instanceof URL) && (typeof keyEndpoint !== 'string' || keyEndpoint.trim() === '')) {
    throw new CompanionConfigError('keyEndpoint must be a URL or a path (a string such as /ephemeral-key)');
  }
  try {
    const url = new URL(keyEndpoint, base);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new CompanionConfigError(`keyEndpoint ${JSON.stringify(String(keyEndpoint))} is not an http(s) URL or path`);
}

// The call as plain text, read once: DeepChat passes { name, arguments } with
// the model's JSON text. Anything else must still give an answer: a getter
// that throws, a revoked Proxy or arguments JSON.stringify cannot write make
// the part that could not be read `unreadable` (the core words the refusal).
function readCall(call) {
  let name;
  try {
    name = call?.name;
  } catch {
    return { name: '', argumentsText: '', unreadable: 'name' };
  }
  name = typeof name === 'string' ? name : '';
  try {
    return { name, argumentsText: argumentsAsText(call?.arguments) };
  } catch {
    return { name, argumentsText: '', unreadable: 'arguments' };
  }
}

// functionHandler's second argument, read once without throwing: `signal` (the session's end),
// and from attach the call's id, its `approve` (over the companion's), the element's own
// confirmation (`defaultApprove`, when neither gave one) and where approval events go (null: not
// called by attach, the companion's own stream).
function readContext(context) {
  const how = { signal: undefined, callId: undefined, approve: undefined, defaultApprove: undefined, onEvent: null };
  try {
    if (context?.signal instanceof AbortSignal) how.signal = context.signal;
    if (typeof context?.callId === 'string') how.callId = context.callId;
    for (const name of ['approve', 'defaultApprove']) if (typeof context?.[name] === 'function') how[name] = context[name];
    const onEvent = context?.onEvent;
    if (typeof onEvent === 'function') how.onEvent = (type, detail) => callListener(() => onEvent(type, detail));
  } catch {
    // A context that cannot be read is no context.
  }
  return how;
}

// The model's JSON text; an object from other callers is serialised (may throw).
function argumentsAsText(value) {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value) ?? '';
}

// What the model is told of a call that threw inside the companion: the core's own error while it can be asked.
function thrownAnswer(module, core, name, error, disposed) {
  const detail = thrownText(error).slice(0, 200);
  if (!disposed) {
    try {
      return failCall(module, core, name, 'internal_error', detail);
    } catch {
      // The core itself failed; answer without it.
    }
  }
  return internalError(name, `The call failed inside realtime-companion (${detail}).`);
}
