// attachToDeepChat: wires a <deep-chat> element's OpenAI Realtime voice mode to a companion, and
// makes every start use a key fetched for that start.
//
// Why the element needs help: DeepChat 2.4.2 keeps one realtime service object per element for
// the element's life (`_activeService`, created once by `onRender()`), and that object caches the
// first key it got, a failed key fetch, and an error state in which the toggle no longer takes
// clicks. So after each session ends or fails, this module drops the service and lets DeepChat build
// a fresh one from the same settings (`_activeService = undefined; onRender()`), carrying a visible
// error over. Both members are public in DeepChat's own typings. See docs/deepchat.md.
//
// Today's OpenAI (GA only since 2026-05-12) needs two more things, each scoped to this element:
// its offer sent where GA takes it (offer-router.js: DeepChat 2.4.2 still posts to the beta path,
// and the `offerEndpoint` option sends any version's offer to the page's own server), and every
// function call of a response answered, plus GA event names for 2.4.2 (data-channel-bridge.js).
// What only 2.4.2 needs is in deepchat-2.4.2/.
import { CompanionConfigError, internalError } from '../common/errors.js';
import { refuseUnknownOptions } from '../common/option-names.js';
import { keySourceOf, loadKeyPiece } from './key-piece.js';
import { offerToken, routeOffer } from './offer-router.js';
import { isBetaOffer, rerouteBetaOffer, showsBetaOffer } from './deepchat-2.4.2/offer.js';
import { offerUrlAt, resolveRealtimeBaseURL } from './realtime-base-url.js';
import { bridgeDataChannel } from './data-channel-bridge.js';
import { describeOfferRefusal, readOfferRefusal } from './offer-refusal.js';
import { describeFatalError } from '../common/realtime-errors.js';
import { createApprovalPrompt } from './approval-prompt.js';
import { callEventListener, toolCallFinished } from './event-stream.js';
import { TOOL_NAME } from '../common/realtime-ga.js';

const ERROR_ID = 'deep-chat-openai-realtime-error';
/** What DeepChat (2.4.2 and 2.5) writes on its error line unless the page gives its own text. */
const DEEPCHAT_ERROR_TEXT = 'Error';

/**
 * Why a key is not handed to DeepChat, or null: [reason, message, EphemeralKeyError]. Accepts a string,
 * `{ value, expires_at, model? }` or `{ value, expiresAt, model? }`. The rule is the key piece's (web/key-check.js).
 */
function refuseKey(keyPiece, key, nowMs) {
  const error = keyPiece.checkKey(key, nowMs);
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

/**
 * Which Realtime interface this DeepChat's service speaks, read off the code that posts its offer:
 * 'ga' (2.5: `realtime/calls`), 'beta' (2.4.2: `realtime` alone), or null where that code does not
 * show it (a transpiled build): the offer's own URL then tells, when it is sent.
 */
function deepChatApiOf(service) {
  for (let proto = service && Object.getPrototypeOf(service); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const init = Object.getOwnPropertyDescriptor(proto, 'init')?.value;
    if (typeof init !== 'function') continue;
    const source = Function.prototype.toString.call(init);
    if (source.includes('realtime/calls')) return 'ga';
    if (showsBetaOffer(source)) return 'beta';
    return null;
  }
  return null;
}

/** The page's offer endpoint as a URL on an http(s) origin, or a CompanionConfigError. */
function resolveOfferEndpoint(offerEndpoint) {
  try {
    const url = new URL(offerEndpoint, globalThis.location?.href);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new CompanionConfigError(`offerEndpoint ${JSON.stringify(String(offerEndpoint))} is not an http(s) URL or path`);
}

/** Every option attachToDeepChat reads (AttachOptions in index.d.ts): the names checkOptions destructures. */
const ATTACH_OPTION_NAMES = Object.freeze(['companion', 'fetchEphemeralKey', 'offerEndpoint', 'realtimeBaseURL', 'deepChatApi', 'onEvent', 'now', 'approve']);

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
  if (options === null || typeof options !== 'object') throw new CompanionConfigError('attachToDeepChat needs an options object');
  refuseUnknownOptions(options, ATTACH_OPTION_NAMES, 'attachToDeepChat', CompanionConfigError);
  const { companion, fetchEphemeralKey, offerEndpoint, deepChatApi = 'auto', onEvent, now } = options;
  if (!companion || !Array.isArray(companion.tools) || typeof companion.functionHandler !== 'function') {
    throw new CompanionConfigError('attachToDeepChat needs options.companion (from createCompanion)');
  }
  if (offerEndpoint !== undefined && options.realtimeBaseURL !== undefined) {
    // With offerEndpoint the page's server posts the offer: its own baseURL says where.
    throw new CompanionConfigError("realtimeBaseURL is for the ephemeral-key path; with offerEndpoint, give the stand-in's baseURL to the server's createRealtimeCallHandler");
  }
  if (offerEndpoint === undefined && typeof fetchEphemeralKey !== 'function') {
    throw new CompanionConfigError('attachToDeepChat needs options.fetchEphemeralKey (an async function returning the key) or options.offerEndpoint');
  }
  if (!['auto', 'beta', 'ga'].includes(deepChatApi)) throw new CompanionConfigError("deepChatApi must be 'auto', 'beta' or 'ga'");
  for (const [name, value] of [['onEvent', onEvent], ['now', now], ['approve', options.approve]]) {
    if (value !== undefined && typeof value !== 'function') throw new CompanionConfigError(`attachToDeepChat: ${name} must be a function`);
  }
  const openAI = chat.directConnection?.openAI ?? {};
  if (openAI.key) {
    throw new CompanionConfigError('directConnection.openAI.key puts an API key in the page: remove it, the key comes from fetchEphemeralKey');
  }
  if (typeof openAI.realtime === 'object' && openAI.realtime?.ephemeralKey) {
    throw new CompanionConfigError('directConnection.openAI.realtime.ephemeralKey is a fixed key that would be reused: remove it');
  }
}

const NO_SERVER_TOOLS = Object.freeze(new Set());

/**
 * The tools the page's server runs on this call, as its answer to the offer names them
 * (`X-Realtime-Companion-Server-Tools: lookup_order, cancel_order`): their calls are the server's.
 * Only well-formed tool names count, at most 128 of them (OpenAI's tools per session).
 */
function serverToolsOf(response) {
  const header = response.headers.get('x-realtime-companion-server-tools');
  if (typeof header !== 'string' || header.length > 128 * 66) return NO_SERVER_TOOLS;
  const names = header.split(',').map((name) => name.trim()).filter((name) => TOOL_NAME.test(name));
  return names.length === 0 ? NO_SERVER_TOOLS : new Set(names.slice(0, 128));
}

/**
 * Puts a reason on DeepChat's error line: the line as its text, the detail as its tooltip. DeepChat
 * centres that element over its buttons, sized for "Error": it gets room to wrap, and lets clicks
 * through, so that a longer line never hides the toggle that starts the next session.
 */
function showExplained(element, { line, detail }) {
  element.textContent = line;
  if (detail) element.setAttribute('title', detail);
  else element.removeAttribute('title');
  Object.assign(element.style, { pointerEvents: 'none', width: 'max-content', maxWidth: '90%', textAlign: 'center' });
}

/**
 * @param {HTMLElement} chat a defined `<deep-chat>` element
 * @param {import('./attach').AttachOptions} options
 * @returns {import('./attach').DeepChatAttachment}
 */
export function attachToDeepChat(chat, options) {
  checkOptions(chat, options);
  const { companion, fetchEphemeralKey, onEvent, now = () => Date.now(), deepChatApi = 'auto' } = options;
  const offerEndpoint = options.offerEndpoint === undefined ? null : resolveOfferEndpoint(options.offerEndpoint);
  const realtimeBase = options.realtimeBaseURL === undefined ? null : resolveRealtimeBaseURL(options.realtimeBaseURL);
  const original = chat.directConnection;
  const realtime = typeof original?.openAI?.realtime === 'object' ? original.openAI.realtime : {};

  let state = 'idle';
  let attached = true;
  let rebuildTimer = null;
  let rebuilding = false;
  let errorElement = null;
  let unrouteOffer = () => {};

  const emit = (type, detail = {}) => {
    if (typeof onEvent === 'function') callEventListener(onEvent, { type, at: now(), ...detail });
  };
  // Keys from a key function are checked by the key piece's rule: its load starts here, before the
  // first start, which waits for it. A failed load is tried again at the next start.
  let keyPiece;
  const keyPieceReady = () => (keyPiece ??= loadKeyPiece(keySourceOf(companion)).catch((error) => {
    keyPiece = undefined;
    throw error;
  }));
  if (offerEndpoint === null) keyPieceReady().catch(() => {}); // the first start reports a failure
  const confirmInElement = createApprovalPrompt(chat);
  /** Runs one of the page's calls, and tells its end (the bridge told its start): the spinner's pair. */
  async function answerCall(call, callOptions) {
    const began = performance.now();
    let result = internalError(); // if the handler throws (the bridge answers that)
    try {
      // Approval: the page's `approve` here, else the companion's, else the element's own confirmation.
      result = await companion.functionHandler(call, { ...callOptions, approve: options.approve, defaultApprove: confirmInElement, onEvent: emit });
      return result;
    } finally {
      const name = typeof call.name === 'string' ? call.name : '';
      emit('tool_call_finished', toolCallFinished({ name, callId: callOptions.callId ?? null, result, durationMs: performance.now() - began }));
    }
  }
  const setState = (next) => {
    state = next;
  };

  /**
   * This start's realtime service: its data channel bridged, and its offer (which will carry
   * `token` as its bearer) routed where today's OpenAI takes it. `api` is what the service's code
   * shows it speaks (null: the offer's URL tells).
   */
  function prepareStart(token, rewrite) {
    const service = chat._activeService;
    const shown = deepChatApi === 'auto' ? deepChatApiOf(service) : deepChatApi;
    const start = { api: shown ?? 'ga', serverTools: NO_SERVER_TOOLS };
    bridgeDataChannel(service, {
      dialect: () => start.api,
      serverTools: () => start.serverTools,
      answer: answerCall,
      onEvent: (type, detail) => bridgeEvent(service, type, detail),
    });
    unrouteOffer();
    // Every offer is routed, a GA DeepChat's too: its refusal is read before DeepChat sees only "Error".
    const unroute = routeOffer(token, async (url, init, fetch) => {
      unroute(); // one offer per start
      if (shown === null) start.api = isBetaOffer(url) ? 'beta' : 'ga';
      if (rewrite) return rewrite(url, init, fetch);
      const ga = start.api === 'beta' ? rerouteBetaOffer(url, emit) : url;
      const target = realtimeBase ? offerUrlAt(realtimeBase, ga) : ga;
      emit('offer_sent', { endpoint: target.pathname });
      const response = await fetch(target.href, init);
      if (!response.ok) await offerRefused(response, [token], 'openai');
      return response;
    });
    unrouteOffer = unroute;
    return start;
  }

  /** Tells the page (event) and the person (the element's error line) why the offer was refused. */
  async function offerRefused(response, secrets, sentTo) {
    const refusal = await readOfferRefusal(response, secrets, sentTo);
    explanation = describeOfferRefusal(refusal);
    emit('offer_refused', refusal);
  }

  /** The bridge's events, and the two it needs attach to act on. */
  function bridgeEvent(service, type, detail) {
    if (type === 'session_error') explanation = describeFatalError(detail); // DeepChat stops and shows its error next
    emit(type, detail);
    if (type === 'channel_closed' && chat._activeService === service) {
      // OpenAI ended the call (DeepChat does not notice a closed channel): end it here, visibly.
      explanation = detail.error ? describeFatalError(detail.error) : { line: 'The connection to OpenAI closed.', detail: null };
      showError();
      stopRealtimeService(chat);
    }
  }

  // The unified interface: DeepChat's offer goes to the page's server, which adds the session and
  // the master key. DeepChat still needs a bearer token to send: a random one, meaningful only here.
  async function unifiedStart() {
    const token = offerToken();
    const start = prepareStart(token, async (url, init, fetch) => {
      emit('offer_sent', { endpoint: offerEndpoint.pathname });
      const response = await fetch(offerEndpoint.href, {
        method: 'POST',
        body: init.body,
        headers: { 'content-type': 'application/sdp', 'x-requested-with': 'fetch' },
        credentials: 'same-origin',
        cache: 'no-store',
        signal: init.signal,
      });
      if (!response.ok) await offerRefused(response, [token], 'server');
      else start.serverTools = serverToolsOf(response);
      return response; // DeepChat shows its error when this is not an SDP answer
    });
    setState('connecting');
    return token;
  }

  // DeepChat calls this once per service object, i.e. once per start (the service is rebuilt after).
  const keyForThisStart = async () => {
    hideCarriedError();
    explanation = null;
    if (offerEndpoint) return unifiedStart();
    setState('fetching_key');
    emit('key_requested');
    let key;
    let piece;
    try {
      key = await fetchEphemeralKey();
      piece = await keyPieceReady(); // no check, no key: a key piece that cannot load refuses every key
    } catch (error) {
      setState('failed');
      emit('key_failed', { message: String(error?.message ?? error) });
      throw error;
    }
    const refusal = refuseKey(piece, key, now());
    if (refusal) {
      setState('failed');
      emit('key_refused', { reason: refusal[0], message: refusal[1] });
      throw refusal[2]; // DeepChat shows its error; nothing is sent to the realtime endpoint
    }
    const value = typeof key === 'object' ? key.value : key;
    const model = typeof key === 'object' && typeof key.model === 'string' ? key.model : null;
    const start = prepareStart(value, null);
    // DeepChat 2.5 names its model in the offer (`?model=`, default gpt-realtime-2): the key's own.
    const rawBody = chat._activeService?.rawBody;
    if (model && start.api === 'ga' && rawBody && typeof rawBody === 'object') rawBody.model = model;
    setState('connecting');
    emit('key_received', {
      ...(typeof key === 'object' && typeof key.expires_at === 'number' ? { expiresAt: key.expires_at } : {}),
      ...(model ? { model } : {}),
    });
    return value;
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
      if (explanation !== null) {
        // DeepChat shows only "Error": say why instead. The page's own text (`realtime.error.text`)
        // stays, with the reason as its tooltip (and in the events).
        const own = errorElement.textContent;
        showExplained(errorElement, own === DEEPCHAT_ERROR_TEXT || own === ''
          ? explanation : { line: own, detail: [explanation.line, explanation.detail].filter(Boolean).join(' ') });
        explanation = null;
        observer.takeRecords();
      }
      setState('failed');
      emit('session_failed', { message: errorElement.textContent });
      scheduleRebuild();
    }
  });
  /** Why the next error DeepChat shows happened, in words for the person (null: DeepChat's text stays). */
  let explanation = null;
  /** Shows the error line as DeepChat would (for endings DeepChat does not notice). */
  function showError() {
    if (!errorElement || errorVisible()) return;
    errorElement.style.display = 'block';
    errorElement.textContent = realtime.error?.text ?? DEEPCHAT_ERROR_TEXT;
  }
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
    errorElement.removeAttribute('title');
    observer.takeRecords(); // our own write, not DeepChat's
  }

  function rebuild({ carryError = true, initial = false } = {}) {
    clearTimeout(rebuildTimer);
    rebuildTimer = null;
    const message = carryError && errorVisible() ? errorElement.textContent : null;
    const detail = message === null ? null : errorElement.getAttribute('title');
    rebuilding = true;
    try {
      observer.disconnect();
      stopRealtimeService(chat);
      unrouteOffer();
      chat._activeService = undefined;
      chat.onRender(); // synchronous: a new service from chat.directConnection, a new realtime view
    } finally {
      rebuilding = false;
    }
    watchErrorElement();
    if (message !== null && errorElement) {
      errorElement.style.display = 'block';
      showExplained(errorElement, { line: message, detail });
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
    /** Stops a live session, removes every listener and route, and gives the element its own settings back. */
    detach() {
      if (!attached) return;
      attached = false;
      clearTimeout(rebuildTimer);
      chat.removeEventListener('sts-session-started', onStarted);
      chat.removeEventListener('sts-session-stopped', onStopped);
      chat.removeEventListener('render', onRender);
      observer.disconnect();
      stopRealtimeService(chat);
      unrouteOffer();
      chat._activeService = undefined;
      chat.directConnection = original; // DeepChat renders again with the page's own settings
      setState('idle');
    },
  };
}
