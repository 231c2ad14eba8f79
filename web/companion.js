// createCompanion: the package's front door. It loads the tools (a compiled
// set, or raw tools it compiles) into the WebAssembly core and hands DeepChat
// a function_handler that never throws.
import { prepareToolSet } from '../common/tool-set.js';
import { EphemeralKeyError } from './key-error.js';
import { deferKeyLifecycle } from './deferred-keys.js';
import { rememberKeySource } from './key-piece.js';
import { keyOptionsText } from './key-options.js';
import { callListener, ignoreRejection } from './listeners.js';
import { attachToDeepChat } from './attach.js';
import { construct } from '../common/wire.js';
import { pageFunctions } from './page-tools.js';
import { createEventStream, keyStreamEvent } from './event-stream.js';
import { deepFreeze } from '../common/deep-freeze.js';
import { readCompanionOptions } from './companion-options.js';
import { createFunctionHandler } from './function-handler.js';

/**
 * @param {import('./index').CompanionOptions} options
 * @returns {Promise<import('./index').Companion>}
 */
export async function createCompanion(options = {}) {
  const { tools, split, fetchImpl, base, keyUrl } = readCompanionOptions(options);
  const { toolSet, headers, defaults, maxArgumentBytes, wasm, keys, keysWasm, validation, execute, approve } = options;
  const { module, bytes } = await prepareToolSet({ tools: split ? split.source : tools, toolSet, validation, wasm, fetch: fetchImpl });
  // The core that reads the tools checks the key options now; the key piece runs them later.
  const keysText = keyUrl === undefined ? undefined : keyOptionsText(module, keys);
  const core = construct(module, 'CoreRouter', bytes, routerOptionsText(base, defaults, maxArgumentBytes));
  // Subscribed before the key lifecycle starts: its warm-up fetch's events are in the stream too.
  const stream = createEventStream();
  if (options.onEvent) stream.subscribe(options.onEvent);
  let inPage;
  let keyLifecycle;
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
  const c = {
    module, core, inPage, approve, stream, keyLifecycle,
    io: { module, fetch: fetchImpl, headers },
    listeners: new Set(),
    keyListeners: new Map(), // the page's listener -> the wrapper the key lifecycle calls
    disposed: false,
  };
  const companion = companionApi(c, createFunctionHandler(c));
  rememberKeySource(companion, keysWasm); // attach's key check loads the same key piece
  return companion;
}

/** The router's options as the core reads them: where tools are served, and the page's defaults. */
function routerOptionsText(base, defaults, maxArgumentBytes) {
  return JSON.stringify({
    baseOrigin: base.origin,
    basePath: base.pathname.replace(/\/+$/, ''),
    ...(defaults ? { defaults } : {}),
    ...(maxArgumentBytes !== undefined ? { maxArgumentBytes } : {}),
  });
}

/** The companion the page holds (Companion in index.d.ts), over its parts `c`. */
function companionApi(c, functionHandler) {
  const { core, stream, listeners, keyListeners, keyLifecycle } = c;
  const companion = Object.freeze({
    tools: deepFreeze(JSON.parse(core.publicTools())),
    /** lintTools' warnings about the tools: doubtful but workable definitions. */
    warnings: deepFreeze(JSON.parse(core.warnings())),
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
      return attachToDeepChat(chat, attachOptionsFor(c, companion, attachOptions));
    },
    /** Stops timers, drops keys and frees the WebAssembly side. Later tool calls answer with an error object. */
    dispose() {
      if (c.disposed) return;
      c.disposed = true;
      listeners.clear();
      keyListeners.clear();
      stream.clear();
      keyLifecycle?.dispose();
      core.delete();
    },
  });
  return companion;
}

/** companion.attach's options: this companion's keys, and the element's events in its stream. */
function attachOptionsFor({ keyLifecycle, stream }, companion, attachOptions) {
  return {
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
  };
}
