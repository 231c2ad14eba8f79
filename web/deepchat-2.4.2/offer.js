// DeepChat 2.4.2 posts its offer to OpenAI's beta path, which OpenAI refuses; GA takes the same
// key and body at `/v1/realtime/calls`. Only 2.4.2 needs this folder: dropping 2.4.2 is deleting it
// and the lines that call it (in attach-start.js, deepchat-service.js, offer-router.js and
// data-channel-bridge.js).
import { GA_CALLS_PATH } from '../../common/realtime-ga.js';

/** Where DeepChat 2.4.2 posts its offer: the beta path. */
export const BETA_OFFER_PATH = '/v1/realtime';

/** Whether a service's `init` source posts to the beta path: fetch(`${base}realtime`) or "".concat(base, "realtime"). */
export function showsBetaOffer(source) {
  return /createDataChannel/.test(source) && /(?:}|["'`])realtime["'`]/.test(source);
}

/** Whether an offer's own URL is the beta one. */
export const isBetaOffer = (url) => url.pathname === BETA_OFFER_PATH;

/** The GA offer URL for a beta one (`/v1/realtime` → `/v1/realtime/calls`), query kept. */
export function gaOfferUrl(url) {
  const ga = new URL(url);
  ga.pathname = GA_CALLS_PATH;
  return ga;
}

/** A beta offer's GA URL, told to the page as `offer_rerouted`. */
export function rerouteBetaOffer(url, emit) {
  emit('offer_rerouted', { from: url.pathname, to: gaOfferUrl(url).pathname });
  return gaOfferUrl(url);
}
