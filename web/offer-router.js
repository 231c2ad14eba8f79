// Sends one DeepChat element's WebRTC offer where OpenAI takes it, and touches nothing else.
//
// DeepChat posts its SDP offer with the page's global `fetch`: 2.4.2 to the beta
// `https://api.openai.com/v1/realtime` (which OpenAI refuses: it takes GA offers only), 2.5 to
// `…/v1/realtime/calls?model=…`. The only handle on that request is the bearer token it carries, and
// the attachment chose that token for this start. So one page-wide wrapper looks at each fetch and
// reroutes a request only when it is a POST to OpenAI's realtime offer paths AND its bearer token is
// one that an attachment registered for a start; every other call goes through unchanged, with its
// own arguments. The wrapper removes itself when the last registration goes (unless other code has
// wrapped fetch on top of it since, in which case it stays as a pass-through).
import { GA_CALLS_PATH } from '../common/realtime-ga.js';
import { BETA_OFFER_PATH } from './deepchat-2.4.2/offer.js';

const OPENAI_ORIGIN = 'https://api.openai.com';
const OFFER_PATHS = new Set([BETA_OFFER_PATH, GA_CALLS_PATH]);

/** token → rewrite(url, init) resolving to the Response DeepChat gets */
const routes = new Map();
let installed = null; // { wrapper, previous }

function bearerOf(headers) {
  if (!headers) return null;
  const value = headers instanceof Headers ? headers.get('authorization')
    : Array.isArray(headers) ? headers.find(([name]) => String(name).toLowerCase() === 'authorization')?.[1]
      : Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  const match = /^Bearer (.+)$/.exec(String(value ?? ''));
  return match ? match[1] : null;
}

/** The registered route a fetch call belongs to, or null (a plain string URL and init, as DeepChat calls it). */
function routeOf(input, init) {
  if (typeof input !== 'string' || String(init?.method ?? 'GET').toUpperCase() !== 'POST') return null;
  let url;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.origin !== OPENAI_ORIGIN || !OFFER_PATHS.has(url.pathname)) return null;
  const token = bearerOf(init.headers);
  return token === null ? null : routes.get(token) ?? null;
}

function install() {
  const previous = globalThis.fetch;
  const wrapper = function fetch(input, init) {
    const route = routes.size > 0 ? routeOf(input, init) : null;
    // eslint-disable-next-line prefer-rest-params
    return route ? route(new URL(input), init, previous) : previous.apply(this, arguments);
  };
  globalThis.fetch = wrapper;
  installed = { wrapper, previous };
}

function uninstallIfIdle() {
  if (routes.size > 0 || !installed) return;
  if (globalThis.fetch === installed.wrapper) {
    globalThis.fetch = installed.previous;
    installed = null;
  }
}

/**
 * Routes the offer that carries `token` through `rewrite(url, init, fetch)`, which returns the
 * Response DeepChat reads its SDP answer from. Returns the function that removes the route.
 * @param {string} token
 * @param {(url: URL, init: RequestInit, fetch: typeof globalThis.fetch) => Promise<Response>} rewrite
 */
export function routeOffer(token, rewrite) {
  if (!installed) install();
  routes.set(token, rewrite);
  return () => {
    if (routes.get(token) === rewrite) routes.delete(token);
    uninstallIfIdle();
  };
}

/** A token for one start that cannot be taken for any key (tests look for it in requests). */
export function offerToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `rc_offer_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
