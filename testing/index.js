/**
 * `realtime-companion/testing`: OpenAI's Realtime service as it speaks today (GA), on 127.0.0.1,
 * for a page author's own CI. One call starts the key endpoint (`/v1/realtime/client_secrets`) and
 * the realtime endpoint (`/v1/realtime/calls` over real WebRTC, the sideband, the hang-up) behind
 * one `baseURL`, as at api.openai.com, with a scripted model the test drives call by call.
 * See docs/testing.md. werift (WebRTC in Node) is an optional peer dependency, loaded only here.
 */
import { refuseUnknownOptions } from '../common/option-names.js';
import { startRestStandIn, TEST_MASTER_KEY } from './openai-rest.js';
import { callOf } from './call.js';

const OPTION_NAMES = Object.freeze(['masterKey', 'entitledModels']);

function checkOptions(options) {
  if (options === null || typeof options !== 'object') throw new TypeError('startOpenAIStandIn: options must be an object');
  refuseUnknownOptions(options, OPTION_NAMES, 'startOpenAIStandIn');
  const { masterKey, entitledModels } = options;
  if (masterKey !== undefined && (typeof masterKey !== 'string' || masterKey.length === 0)) {
    throw new TypeError('startOpenAIStandIn: masterKey must be a non-empty string');
  }
  if (entitledModels !== undefined && (typeof entitledModels?.[Symbol.iterator] !== 'function' || typeof entitledModels === 'string'
    || ![...entitledModels].every((model) => typeof model === 'string'))) {
    throw new TypeError('startOpenAIStandIn: entitledModels must be a list of model names');
  }
}

/** An HTTP error status, as a refusal needs one (a test's typo should not pass as a 2xx). */
function errorStatus(status, where) {
  if (!Number.isInteger(status) || status < 400 || status > 599) throw new TypeError(`${where}: status must be an HTTP error status (400-599)`);
  return status;
}

/** @param {import('./index').OpenAIStandInOptions} [options] @returns {Promise<import('./index').OpenAIStandIn>} */
export async function startOpenAIStandIn(options = {}) {
  checkOptions(options);
  const { masterKey = TEST_MASTER_KEY, entitledModels } = options;
  // Imported here so that a missing werift is one clear error at the start, not at import.
  const { startRealtimeStandIn } = await import('./realtime-webrtc.js');
  const rest = await startRestStandIn({ masterKey });
  let realtime;
  try {
    realtime = await startRealtimeStandIn({
      isValidKey: (key) => rest.isValidKey(key),
      describeKey: (key) => rest.issued.get(key)?.session,
      masterKey,
      ...(entitledModels === undefined ? {} : { entitledModels: [...entitledModels] }),
    });
  } catch (error) {
    await rest.close();
    throw error;
  }
  rest.serveRealtime(realtime.origin);

  /** Sessions already handed to the test: waitForCall gives each call once, in order. */
  let handedOut = 0;
  return Object.freeze({
    baseURL: rest.baseURL,
    masterKey,
    get offers() {
      return realtime.offers.map(({ status, code, form, at }) => ({ status, code, form, at }));
    },
    async waitForCall({ timeoutMs = 15_000 } = {}) {
      const session = await realtime.waitForSession({ after: handedOut, timeoutMs });
      handedOut = realtime.sessions.indexOf(session) + 1;
      return callOf(session, realtime.waitFor);
    },
    failNextOffer(status = 401, error = undefined) {
      realtime.failNextOffer(errorStatus(status, 'failNextOffer'), error);
    },
    refuseNextSideband(status = 401) {
      realtime.refuseNextSideband(errorStatus(status, 'refuseNextSideband'));
    },
    async close() {
      await realtime.close();
      await rest.close();
    },
  });
}
