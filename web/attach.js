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
// OpenAI's GA interface, the only one it takes, needs two more things, each scoped to this element:
// its offer sent where GA takes it (offer-router.js: DeepChat 2.4.2 posts to the beta path, and the
// `offerEndpoint` option sends any version's offer to the page's own server), and every function call
// of a response answered, plus GA event names for 2.4.2 (data-channel-bridge.js). What only 2.4.2
// needs is in deepchat-2.4.2/.
import { keySourceOf, loadKeyPiece } from './key-piece.js';
import { resolveRealtimeBaseURL } from './realtime-base-url.js';
import { callEventListener } from './event-stream.js';
import { checkAttachOptions, resolveOfferEndpoint } from './attach-options.js';
import { stopRealtimeService } from './deepchat-service.js';
import { createErrorLine } from './error-line.js';
import { keyForThisStart } from './attach-start.js';

/**
 * @param {HTMLElement} chat a defined `<deep-chat>` element
 * @param {import('./attach').AttachOptions} options
 * @returns {import('./attach').DeepChatAttachment}
 */
export function attachToDeepChat(chat, options) {
  checkAttachOptions(chat, options);
  const a = createAttachment(chat, options);
  if (a.offerEndpoint === null) a.keyPiece().catch(() => {}); // the first start reports a failure
  chat.directConnection = withKeyPerStart(a);
  const unlisten = listenToSessions(a);
  rebuild(a, { carryError: false, initial: true });
  return {
    /** `idle` | `fetching_key` | `connecting` | `live` | `failed` */
    get state() {
      return a.state;
    },
    /** Stops a live session, removes every listener and route, and gives the element its own settings back. */
    detach() {
      if (!a.attached) return;
      a.attached = false;
      clearTimeout(a.rebuildTimer);
      unlisten();
      a.errorLine.stopWatching();
      stopRealtimeService(chat);
      a.unrouteOffer();
      chat._activeService = undefined;
      chat.directConnection = a.original; // DeepChat renders again with the page's own settings
      a.state = 'idle';
    },
  };
}

/** One attachment's settings and state, which the steps below and attach-start.js share. */
function createAttachment(chat, options) {
  const { companion, fetchEphemeralKey, onEvent, now = () => Date.now(), deepChatApi = 'auto' } = options;
  const original = chat.directConnection;
  const a = {
    chat, companion, fetchEphemeralKey, now, deepChatApi, original,
    approve: options.approve,
    offerEndpoint: options.offerEndpoint === undefined ? null : resolveOfferEndpoint(options.offerEndpoint),
    realtimeBase: options.realtimeBaseURL === undefined ? null : resolveRealtimeBaseURL(options.realtimeBaseURL),
    realtime: typeof original?.openAI?.realtime === 'object' ? original.openAI.realtime : {},
    state: 'idle',
    attached: true,
    rebuildTimer: null,
    rebuilding: false,
    unrouteOffer: () => {},
    emit(type, detail = {}) {
      if (typeof onEvent === 'function') callEventListener(onEvent, { type, at: now(), ...detail });
    },
    keyPiece: keyPieceLoader(companion),
    confirmInElement: elementConfirmation(chat),
  };
  a.errorLine = createErrorLine(chat, {
    pageText: () => a.realtime.error?.text,
    quiet: () => a.rebuilding,
    onShown: (message) => sessionFailed(a, message),
  });
  return a;
}

/**
 * Keys from a key function are checked by the key piece's rule: its load starts at attach, before
 * the first start, which waits for it. A failed load is tried again at the next start.
 */
function keyPieceLoader(companion) {
  let loading;
  return () => (loading ??= loadKeyPiece(keySourceOf(companion)).catch((error) => {
    loading = undefined;
    throw error;
  }));
}

/**
 * The element's own Allow / Decline question (approval-prompt.js), imported when a call first needs
 * it: a page whose tools need no approval never downloads it. A failed import rejects, which
 * declines the call (approval.js: the page could not ask the user); the next call tries again.
 */
function elementConfirmation(chat) {
  let prompt;
  return async (call) => {
    prompt ??= import('./approval-prompt.js').then(({ createApprovalPrompt }) => createApprovalPrompt(chat), (error) => {
      prompt = undefined;
      throw error;
    });
    return (await prompt)(call);
  };
}

/** The element's settings with this attachment's tools and handler, and a key (or token) per start. */
function withKeyPerStart(a) {
  const { original, realtime, companion } = a;
  return {
    ...original,
    openAI: {
      ...original?.openAI,
      realtime: {
        ...realtime,
        autoFetchEphemeralKey: false,
        autoStart: false,
        // DeepChat calls this once per service object, i.e. once per start (the service is rebuilt after).
        fetchEphemeralKey: () => keyForThisStart(a),
        config: { ...realtime.config, tools: companion.tools, function_handler: companion.functionHandler },
      },
    },
  };
}

/** DeepChat showed an error: this service is spent (it would keep its key, or refuse clicks). */
function sessionFailed(a, message) {
  a.state = 'failed';
  a.emit('session_failed', { message });
  scheduleRebuild(a);
}

/** The element's session events, and DeepChat's own re-renders; returns what removes the listeners. */
function listenToSessions(a) {
  const { chat } = a;
  const onStarted = () => {
    a.state = 'live';
    a.emit('session_started');
  };
  const onStopped = () => {
    a.emit('session_stopped');
    if (a.rebuilding) return;
    a.state = 'idle';
    scheduleRebuild(a);
  };
  // DeepChat re-renders on its own when the page changes a property; the error element may move.
  const onRender = () => {
    if (!a.rebuilding) a.errorLine.follow();
  };
  chat.addEventListener('sts-session-started', onStarted);
  chat.addEventListener('sts-session-stopped', onStopped);
  chat.addEventListener('render', onRender);
  return () => {
    chat.removeEventListener('sts-session-started', onStarted);
    chat.removeEventListener('sts-session-stopped', onStopped);
    chat.removeEventListener('render', onRender);
  };
}

/** A fresh realtime service from the element's settings, with a visible error carried over. */
function rebuild(a, { carryError = true, initial = false } = {}) {
  clearTimeout(a.rebuildTimer);
  a.rebuildTimer = null;
  const carried = carryError ? a.errorLine.carried() : null;
  a.rebuilding = true;
  try {
    a.errorLine.stopWatching();
    stopRealtimeService(a.chat);
    a.unrouteOffer();
    a.chat._activeService = undefined;
    a.chat.onRender(); // synchronous: a new service from chat.directConnection, a new realtime view
  } finally {
    a.rebuilding = false;
  }
  a.errorLine.watch();
  a.errorLine.restore(carried);
  a.state = carried === null ? 'idle' : 'failed';
  if (!initial) a.emit('reset', { error: carried?.line ?? null });
}

/** After DeepChat's own handler has finished (stopOnError shows its error right after stopping). */
function scheduleRebuild(a) {
  if (a.attached && a.rebuildTimer === null) a.rebuildTimer = setTimeout(() => rebuild(a), 0);
}
