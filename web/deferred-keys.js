// A companion's key lifecycle while the key piece (web/key-piece.js) loads: the same methods as
// web/key-lifecycle.js's, answered by it once it is there. createCompanion starts the load and
// does not wait for it; the first key asked for does. Until then the page's listeners and its
// session state are kept here and handed over. A load that fails is told (a `failed` event with
// `keys_unavailable`) and refuses every key asked for meanwhile; the next one tries again.
import { EphemeralKeyError } from './key-error.js';
import { keysUnavailable, loadKeyPiece, loadedKeyPiece } from './key-piece.js';

const disposedError = () => new EphemeralKeyError({ error: 'disposed', message: 'the companion was disposed' });

/**
 * @param {{ keyEndpoint: URL, keys?: object, fetch: Function, headers?: object | Function }} config
 * @param {URL | string | ArrayBuffer | ArrayBufferView | Response | WebAssembly.Module} [wasm] the key piece's source
 */
export function deferKeyLifecycle(config, wasm) {
  let lifecycle; // once the key piece is loaded
  let loading; // the load under way
  let failure; // the last load's refusal, until another load is tried
  let disposed = false;
  let sessionActive;
  const listeners = new Set();

  function emit(event) {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A page's logging bug must not break key handling.
      }
    }
  }

  function start(piece) {
    lifecycle = piece.createKeyLifecycle(config);
    lifecycle.onKeyEvent(emit);
    if (sessionActive !== undefined) lifecycle.setSessionActive(sessionActive);
    failure = undefined;
    return lifecycle;
  }

  async function load() {
    try {
      const piece = await loadKeyPiece(wasm);
      if (disposed) throw disposedError();
      return start(piece);
    } catch (error) {
      if (disposed) throw disposedError();
      failure = error instanceof EphemeralKeyError ? error : keysUnavailable(error);
      emit({ type: 'failed', at: Date.now(), error: failure.code, detail: failure.message.replace(/^realtime-companion: /, '') });
      throw failure;
    } finally {
      loading = undefined;
    }
  }

  function ready() {
    if (disposed) return Promise.reject(disposedError());
    if (lifecycle) return Promise.resolve(lifecycle);
    loading ??= load();
    return loading;
  }

  // Already loaded (an earlier companion on this page): at once, as if it had always been here.
  const loaded = loadedKeyPiece(wasm);
  if (loaded) start(loaded);
  else ready().catch(() => {}); // told as an event; a key asked for gets the refusal

  return {
    fetchEphemeralKey: () => (lifecycle ? lifecycle.fetchEphemeralKey() : ready().then((l) => l.fetchEphemeralKey())),
    fetchKey: () => (lifecycle ? lifecycle.fetchKey() : ready().then((l) => l.fetchKey())),
    keyStatus() {
      if (disposed) return { state: 'disposed' };
      if (lifecycle) return lifecycle.keyStatus();
      return failure && !loading ? { state: 'failed', lastError: failure.code } : { state: 'loading' };
    },
    onKeyEvent(listener) {
      if (typeof listener !== 'function') throw new TypeError('onKeyEvent needs a function');
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setSessionActive(active) {
      sessionActive = Boolean(active);
      lifecycle?.setSessionActive(sessionActive);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      lifecycle?.dispose();
      listeners.clear();
    },
  };
}
