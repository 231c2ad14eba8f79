// attachToDeepChat's options and element, checked before anything is touched: a mistake is a
// TypeError (the element) or a CompanionConfigError (the options) at attach time, never at a start.
import { CompanionConfigError } from '../common/errors.js';
import { refuseUnknownOptions } from '../common/option-names.js';
import { httpUrl } from './http-url.js';

/** Every option attachToDeepChat reads (AttachOptions in index.d.ts): the names checkAttachOptions destructures. */
const ATTACH_OPTION_NAMES = Object.freeze(['companion', 'fetchEphemeralKey', 'offerEndpoint', 'realtimeBaseURL', 'deepChatApi', 'onEvent', 'now', 'approve']);

/** Throws unless `chat` is a rendered-capable <deep-chat> and `options` can drive it. */
export function checkAttachOptions(chat, options) {
  checkElement(chat);
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
  checkNoKeyInPage(chat.directConnection?.openAI ?? {});
}

function checkElement(chat) {
  if (typeof HTMLElement === 'undefined' || !(chat instanceof HTMLElement)) throw new TypeError('attachToDeepChat needs a <deep-chat> element');
  const DeepChat = globalThis.customElements?.get('deep-chat');
  if (!DeepChat || !(chat instanceof DeepChat)) {
    throw new TypeError('attachToDeepChat: load deep-chat (its module defines <deep-chat>) before attaching');
  }
  // `_activeService` is only an own property once DeepChat has rendered, so only onRender is checked.
  if (typeof chat.onRender !== 'function') {
    throw new TypeError('attachToDeepChat: this deep-chat version has no onRender(); see docs/deepchat.md');
  }
}

/** The element's own settings may hold no key: every start fetches its own. */
function checkNoKeyInPage(openAI) {
  if (openAI.key) {
    throw new CompanionConfigError('directConnection.openAI.key puts an API key in the page: remove it, the key comes from fetchEphemeralKey');
  }
  if (typeof openAI.realtime === 'object' && openAI.realtime?.ephemeralKey) {
    throw new CompanionConfigError('directConnection.openAI.realtime.ephemeralKey is a fixed key that would be reused: remove it');
  }
}

/** The page's offer endpoint as a URL on an http(s) origin, or a CompanionConfigError. */
export function resolveOfferEndpoint(offerEndpoint) {
  const url = httpUrl(offerEndpoint, globalThis.location?.href);
  if (url) return url;
  throw new CompanionConfigError(`offerEndpoint ${JSON.stringify(String(offerEndpoint))} is not an http(s) URL or path`);
}
