// One start of an attached <deep-chat> element's voice session (attach.js holds the attachment
// `a` it works on): the key or token DeepChat sends, the service's data channel bridged, and its
// WebRTC offer routed where it must go, with a refusal explained on the element's error line.
import { internalError } from '../common/errors.js';
import { offerToken, routeOffer } from './offer-router.js';
import { isBetaOffer, rerouteBetaOffer } from './deepchat-2.4.2/offer.js';
import { offerUrlAt } from './realtime-base-url.js';
import { bridgeDataChannel } from './data-channel-bridge.js';
import { describeOfferRefusal, readOfferRefusal } from './offer-refusal.js';
import { describeFatalError } from '../common/realtime-errors.js';
import { toolCallFinished } from './event-stream.js';
import { deepChatApiOf, stopRealtimeService } from './deepchat-service.js';
import { NO_SERVER_TOOLS, serverToolsOf } from './server-tools.js';

/** What DeepChat's fetchEphemeralKey gets for this start: the checked key, or the offer token. */
export async function keyForThisStart(a) {
  a.errorLine.hide();
  a.errorLine.explain(null);
  return a.offerEndpoint ? startOnServer(a) : startWithKey(a);
}

/**
 * The unified interface: DeepChat's offer goes to the page's server, which adds the session and
 * the master key. DeepChat still needs a bearer token to send: a random one, meaningful only here.
 */
function startOnServer(a) {
  const token = offerToken();
  prepareStart(a, token, sendOfferToServer);
  a.state = 'connecting';
  return token;
}

/** A key from the page's key function, checked before DeepChat may send it anywhere. */
async function startWithKey(a) {
  a.state = 'fetching_key';
  a.emit('key_requested');
  let key;
  let piece;
  try {
    key = await a.fetchEphemeralKey();
    piece = await a.keyPiece(); // no check, no key: a key piece that cannot load refuses every key
  } catch (error) {
    a.state = 'failed';
    a.emit('key_failed', { message: String(error?.message ?? error) });
    throw error;
  }
  const refusal = piece.refuseKey(key, a.now());
  if (refusal) {
    a.state = 'failed';
    a.emit('key_refused', { reason: refusal[0], message: refusal[1] });
    throw refusal[2]; // DeepChat shows its error; nothing is sent to the realtime endpoint
  }
  const value = typeof key === 'object' ? key.value : key;
  const model = typeof key === 'object' && typeof key.model === 'string' ? key.model : null;
  const start = prepareStart(a, value, sendOfferToOpenAI);
  // DeepChat 2.5 names its model in the offer (`?model=`, default gpt-realtime-2): the key's own.
  const rawBody = a.chat._activeService?.rawBody;
  if (model && start.api === 'ga' && rawBody && typeof rawBody === 'object') rawBody.model = model;
  a.state = 'connecting';
  a.emit('key_received', {
    ...(typeof key === 'object' && typeof key.expires_at === 'number' ? { expiresAt: key.expires_at } : {}),
    ...(model ? { model } : {}),
  });
  return value;
}

/**
 * This start's realtime service: its data channel bridged, and its offer (which will carry
 * `token` as its bearer) sent by `sendOffer`. `start.api` is what the service's code shows it
 * speaks, else what the offer's URL tells.
 */
function prepareStart(a, token, sendOffer) {
  const service = a.chat._activeService;
  const shown = a.deepChatApi === 'auto' ? deepChatApiOf(service) : a.deepChatApi;
  const start = { api: shown ?? 'ga', serverTools: NO_SERVER_TOOLS };
  bridgeDataChannel(service, {
    dialect: () => start.api,
    serverTools: () => start.serverTools,
    answer: (call, callOptions) => answerCall(a, call, callOptions),
    onEvent: (type, detail) => bridgeEvent(a, service, type, detail),
  });
  a.unrouteOffer();
  // Every offer is routed, a GA DeepChat's too: its refusal is read before DeepChat sees only "Error".
  const unroute = routeOffer(token, async (url, init, fetch) => {
    unroute(); // one offer per start
    if (shown === null) start.api = isBetaOffer(url) ? 'beta' : 'ga';
    return sendOffer(a, start, token, url, init, fetch);
  });
  a.unrouteOffer = unroute;
  return start;
}

/** The key path: the offer goes to OpenAI's GA path (or the page's stand-in for it). */
async function sendOfferToOpenAI(a, start, token, url, init, fetch) {
  const ga = start.api === 'beta' ? rerouteBetaOffer(url, a.emit) : url;
  const target = a.realtimeBase ? offerUrlAt(a.realtimeBase, ga) : ga;
  a.emit('offer_sent', { endpoint: target.pathname });
  const response = await fetch(target.href, init);
  if (!response.ok) await offerRefused(a, response, [token], 'openai');
  return response;
}

/** The unified interface: the offer's SDP goes to the page's server, which answers with OpenAI's. */
async function sendOfferToServer(a, start, token, url, init, fetch) {
  a.emit('offer_sent', { endpoint: a.offerEndpoint.pathname });
  const response = await fetch(a.offerEndpoint.href, {
    method: 'POST',
    body: init.body,
    headers: { 'content-type': 'application/sdp', 'x-requested-with': 'fetch' },
    credentials: 'same-origin',
    cache: 'no-store',
    signal: init.signal,
  });
  if (!response.ok) await offerRefused(a, response, [token], 'server');
  else start.serverTools = serverToolsOf(response);
  return response; // DeepChat shows its error when this is not an SDP answer
}

/** Tells the page (event) and the person (the element's error line) why the offer was refused. */
async function offerRefused(a, response, secrets, sentTo) {
  const refusal = await readOfferRefusal(response, secrets, sentTo);
  a.errorLine.explain(describeOfferRefusal(refusal));
  a.emit('offer_refused', refusal);
}

/** Runs one of the page's calls, and tells its end (the bridge told its start): the spinner's pair. */
async function answerCall(a, call, callOptions) {
  const began = performance.now();
  let result = internalError(); // if the handler throws (the bridge answers that)
  try {
    // Approval: the page's `approve` here, else the companion's, else the element's own confirmation.
    result = await a.companion.functionHandler(call, { ...callOptions, approve: a.approve, defaultApprove: a.confirmInElement, onEvent: a.emit });
    return result;
  } finally {
    const name = typeof call.name === 'string' ? call.name : '';
    a.emit('tool_call_finished', toolCallFinished({ name, callId: callOptions.callId ?? null, result, durationMs: performance.now() - began }));
  }
}

/** The bridge's events, and the two it needs attach to act on. */
function bridgeEvent(a, service, type, detail) {
  if (type === 'session_error') a.errorLine.explain(describeFatalError(detail)); // DeepChat stops and shows its error next
  a.emit(type, detail);
  if (type === 'channel_closed' && a.chat._activeService === service) {
    // OpenAI ended the call (DeepChat does not notice a closed channel): end it here, visibly.
    a.errorLine.explain(detail.error ? describeFatalError(detail.error) : { line: 'The connection to OpenAI closed.', detail: null });
    a.errorLine.show();
    stopRealtimeService(a.chat);
  }
}
