// attachToDeepChat: wires a <deep-chat> element's OpenAI Realtime voice mode to a companion, and
// makes every start use a key fetched for that start.
//
// Why the element needs help: DeepChat 2.4.2 keeps one realtime service object per element for
// the element's life (`_activeService`, created once by `onRender()`), and that object caches the
// first key it got, a failed key fetch, and an error state in which the toggle no longer takes
// clicks. So after each session ends or fails, this module drops the service and lets DeepChat build
// a fresh one from the same settings (`_activeService = undefined; onRender()`), carrying a visible
// error over. Both members are public in DeepChat's own typings. See docs/deepchat.md.
import { CompanionConfigError } from './errors.js';
import { checkKey } from './key-check.js';

const ERROR_ID = 'deep-chat-openai-realtime-error';

/**
 * Why a key is not handed to DeepChat, or null: [reason, message, EphemeralKeyError]. Accepts a string,
 * `{ value, expires_at }` or `{ value, expiresAt }`. The rule is the core's (web/key-check.js).
 */
function refuseKey(key, nowMs) {
  const error = checkKey(key, nowMs);
  if (error === null) return null;
  const reason = { master_key_refused: 'master_key', key_expired_on_arrival: 'expired' }[error.code] ?? 'not_a_key';
  return [reason, error.message, error];
}

/**
 * Closes the realtime service's peer connection (if any) and releases the microphone. `stop()` is
 * private in DeepChat's typings; without it (a future version) the old connection is left to DeepChat.
 */
function stopRealtimeService(chat) {
  const service = chat._activeService;
  if (service && typeof service.isCustomView === 'function' && service.isCustomView() && typeof service.stop === 'function') service.stop();
}

function checkOptions(chat, options) {
  if (typeof HTMLElement === 'undefined' || !(chat instanceof HTMLElement)) throw new TypeError('attachToDeepChat needs a <deep-chat> element');
  const DeepChat = globalThis.customElements?.get('deep-chat');
  if (!DeepChat || !(chat instanceof DeepChat)) {
    throw new TypeError('attachToDeepChat: load deep-chat (its module defines <deep-chat>) before attaching');
  }
  // `_activeService` is only an own property once DeepChat has rendered, so only onRender is checked.
  if (typeof chat.onRender !== 'function') {
    throw new TypeError('attachToDeepChat: this deep-chat version has no onRender(); see docs/deepchat.md');
  }
  const { companion, fetchEphemeralKey } = options ?? {};
  if (!companion || !Array.isArray(companion.tools) || typeof companion.functionHandler !== 'function') {
    throw new CompanionConfigError('attachToDeepChat needs options.companion (from createCompanion)');
  }
  if (typeof fetchEphemeralKey !== 'function') throw new CompanionConfigError('attachToDeepChat needs options.fetchEphemeralKey (an async function returning the key)');
  const openAI = chat.directConnection?.openAI ?? {};
  if (openAI.key) {
    throw new CompanionConfigError('directConnection.openAI.key puts an API key in the page: remove it, the key comes from fetchEphemeralKey');
  }
  if (typeof openAI.realtime === 'object' && openAI.realtime?.ephemeralKey) {
    throw new CompanionConfigError('directConnection.openAI.realtime.ephemeralKey is a fixed key that would be reused: remove it');
  }
}

/**
 * @param {HTMLElement} chat a defined `<deep-chat>` element
 * @param {import('./attach').AttachOptions} options
 * @returns {import('./attach').DeepChatAttachment}
 */
export function attachToDeepChat(chat, options) {
  checkOptions(chat, options);
  const { companion, fetchEphemeralKey, onEvent, now = () => Date.now() } = options;
  const original = chat.directConnection;
  const realtime = typeof original?.openAI?.realtime === 'object' ? original.openAI.realtime : {};

  let state = 'idle';
  let attached = true;
  let rebuildTimer = null;
  let rebuilding = false;
  let errorElement = null;

  const emit = (type, detail = {}) => {
    if (typeof onEvent !== 'function') return;
    try {
      onEvent({ type, at: now(), ...detail });
    } catch (error) {
      console.error('realtime-companion: an onEvent listener threw', error);
    }
  };
  const setState = (next) => {
    state = next;
  };

  // DeepChat calls this once per service object, i.e. once per start (the service is rebuilt after).
  const keyForThisStart = async () => {
    hideCarriedError();
    setState('fetching_key');
    emit('key_requested');
    let key;
    try {
      key = await fetchEphemeralKey();
    } catch (error) {
      setState('failed');
      emit('key_failed', { message: String(error?.message ?? error) });
      throw error;
    }
    const refusal = refuseKey(key, now());
    if (refusal) {
      setState('failed');
      emit('key_refused', { reason: refusal[0], message: refusal[1] });
      throw refusal[2]; // DeepChat shows its error; nothing is sent to the realtime endpoint
    }
    setState('connecting');
    emit('key_received', typeof key === 'object' && typeof key.expires_at === 'number' ? { expiresAt: key.expires_at } : {});
    return typeof key === 'object' ? key.value : key;
  };

  chat.directConnection = {
    ...original,
    openAI: {
      ...original?.openAI,
      realtime: {
        ...realtime,
        autoFetchEphemeralKey: false,
        autoStart: false,
        fetchEphemeralKey: keyForThisStart,
        config: { ...realtime.config, tools: companion.tools, function_handler: companion.functionHandler },
      },
    },
  };

  // A visible DeepChat error means this service is spent (it would keep its key, or refuse clicks).
  const observer = new MutationObserver(() => {
    if (!rebuilding && errorVisible()) {
      setState('failed');
      emit('session_failed', { message: errorElement.textContent });
      scheduleRebuild();
    }
  });
  function watchErrorElement() {
    observer.disconnect();
    errorElement = chat.shadowRoot?.getElementById(ERROR_ID) ?? null;
    if (errorElement) observer.observe(errorElement, { attributes: true, attributeFilter: ['style'], childList: true, characterData: true, subtree: true });
  }
  const errorVisible = () => errorElement?.isConnected && errorElement.style.display === 'block';
  function hideCarriedError() {
    if (!errorElement || errorElement.style.display !== 'block') return;
    errorElement.style.display = 'none';
    errorElement.textContent = '';
    observer.takeRecords(); // our own write, not DeepChat's
  }

  function rebuild({ carryError = true, initial = false } = {}) {
    clearTimeout(rebuildTimer);
    rebuildTimer = null;
    const message = carryError && errorVisible() ? errorElement.textContent : null;
    rebuilding = true;
    try {
      observer.disconnect();
      stopRealtimeService(chat);
      chat._activeService = undefined;
      chat.onRender(); // synchronous: a new service from chat.directConnection, a new realtime view
    } finally {
      rebuilding = false;
    }
    watchErrorElement();
    if (message !== null && errorElement) {
      errorElement.style.display = 'block';
      errorElement.textContent = message;
      observer.takeRecords();
    }
    setState(message === null ? 'idle' : 'failed');
    if (!initial) emit('reset', { error: message });
  }
  function scheduleRebuild() {
    // After DeepChat's own handler has finished (stopOnError shows its error right after stopping).
    if (attached && rebuildTimer === null) rebuildTimer = setTimeout(rebuild, 0);
  }

  const onStarted = () => {
    setState('live');
    emit('session_started');
  };
  const onStopped = () => {
    emit('session_stopped');
    if (rebuilding) return;
    setState('idle');
    scheduleRebuild();
  };
  // DeepChat re-renders on its own when the page changes a property; the error element may move.
  const onRender = () => {
    if (!rebuilding && chat.shadowRoot?.getElementById(ERROR_ID) !== errorElement) watchErrorElement();
  };
  chat.addEventListener('sts-session-started', onStarted);
  chat.addEventListener('sts-session-stopped', onStopped);
  chat.addEventListener('render', onRender);
  rebuild({ carryError: false, initial: true });

  return {
    /** `idle` | `fetching_key` | `connecting` | `live` | `failed` */
    get state() {
      return state;
    },
    /** Stops a live session, removes every listener and gives the element its own settings back. */
    detach() {
      if (!attached) return;
      attached = false;
      clearTimeout(rebuildTimer);
      chat.removeEventListener('sts-session-started', onStarted);
      chat.removeEventListener('sts-session-stopped', onStopped);
      chat.removeEventListener('render', onRender);
      observer.disconnect();
      stopRealtimeService(chat);
      chat._activeService = undefined;
      chat.directConnection = original; // DeepChat renders again with the page's own settings
      setState('idle');
    },
  };
}
