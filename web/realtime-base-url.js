// The `realtimeBaseURL` attach option, meant for tests: on the ephemeral-key path DeepChat posts its
// offer to a fixed https://api.openai.com/v1/realtime/calls, and this option names another base
// for it (realtime-companion/testing's `baseURL`) so that a test needs no request interception. The
// unified interface needs no such option: there the page's server posts the offer to its own baseURL.
import { CompanionConfigError } from '../common/errors.js';
import { GA_CALLS_PATH } from '../common/realtime-ga.js';
import { httpUrl } from './http-url.js';

/** The offer's path under OpenAI's base (`https://api.openai.com/v1`): `realtime/calls`. */
const CALLS_UNDER_BASE = GA_CALLS_PATH.replace(/^\/v1\//, '');

/** The option as a URL on an http(s) origin, or a CompanionConfigError: refused at attach, not at the first start. */
export function resolveRealtimeBaseURL(value) {
  const url = typeof value === 'string' || value instanceof URL ? httpUrl(value, globalThis.location?.href) : undefined;
  if (url && !url.search && !url.hash) return url;
  throw new CompanionConfigError(`realtimeBaseURL ${JSON.stringify(String(value))} is not an http(s) base URL (e.g. the testing stand-in's baseURL)`);
}

/** Where an offer bound for OpenAI's GA calls path goes under `base` (its query kept: DeepChat 2.5's `?model=`). */
export function offerUrlAt(base, offerUrl) {
  const target = new URL(CALLS_UNDER_BASE, base.href.endsWith('/') ? base.href : `${base.href}/`);
  target.search = offerUrl.search;
  return target;
}
