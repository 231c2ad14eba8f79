import { resolveOptions } from './options.js';
import { buildClientSecretsBody, mintKey } from './mint-key.js';
import { refuseUpstreamFailure } from './post-to-openai.js';
import { keyId, sessionSummary } from './audit.js';
import { sendKey } from './respond.js';
import { admit, startRecord } from './admission.js';
import { upstreamWithin } from './deadline.js';
import { splitTools } from './supervision/server-tools.js';
import { cutText } from '../common/cut-text.js';

const NAME = 'createEphemeralKeyHandler';

/**
 * Creates the handler behind `GET|POST /ephemeral-key`. It answers `{ value, expires_at, model }`
 * (a key minted at `/v1/realtime/client_secrets` with the server's own model, voice, instructions
 * and tools) or a refusal, and writes one audit record per request. Works as a `node:http` request
 * listener and as express middleware (it never calls `next`, and ignores any request body).
 * The checks before minting are `admission.js`'s.
 * @param {import('./index.js').EphemeralKeyHandlerOptions} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function createEphemeralKeyHandler(options) {
  const handled = Array.isArray(options?.tools) ? options.tools.find((tool) => tool?.handler !== undefined) : undefined;
  if (handled) {
    // On the key path the server never learns the call's id, so it cannot join the call to run it.
    throw new TypeError(`${NAME}: tool ${cutText(String(handled.name), 64)} has a \`handler\`: tools that run on the server need the unified interface (createRealtimeCallHandler), where the server joins the call`);
  }
  // The page's own list may be passed as it is: OpenAI gets each tool without the page's fields.
  const { sessionTools } = splitTools(options?.tools, NAME);
  const o = resolveOptions(sessionTools === undefined ? options : { ...options, tools: sessionTools });
  const summary = sessionSummary({ api: 'client_secrets', ...o.session, expiresAfterSeconds: o.expiresAfterSeconds });
  const body = buildClientSecretsBody(o.session, o.expiresAfterSeconds);

  return async function ephemeralKeyHandler(req, res) {
    const audit = startRecord(req, res, o, { session: summary, expires_at: null, key_id: null });
    try {
      req.resume?.(); // the body is never used; drain it so keep-alive connections stay usable
      if ((await admit(req, res, o, audit)) === null) return;
      const minted = await upstreamWithin(() => mintKey({ baseURL: o.baseURL, apiKey: o.apiKey, timeoutMs: o.timeoutMs, body, fetch: o.fetch }), o.timeoutMs);
      if (minted.status !== 'fulfilled') return refuseUpstreamFailure(minted, audit, 'key');
      const key = minted.value;
      sendKey(res, key);
      Object.assign(audit.record, { event: 'issued', status: 200, expires_at: key.expires_at, key_id: keyId(key.value) });
    } catch {
      audit.refuse('internal_error');
    } finally {
      audit.finish();
    }
  };
}
