/**
 * Starting a WebRTC call at OpenAI for a page (`POST /v1/realtime/calls`, the "unified interface"):
 * the page's SDP offer and the server's fixed session go up as `multipart/form-data` with the master
 * key, and OpenAI's SDP answer comes back. The browser never holds a key of any kind.
 * @module
 */
import { buildSession } from './realtime-session.js';
import { OpenAIRequestError, postToOpenAI } from './post-to-openai.js';

/** An SDP offer or answer is a few KB; anything near this is not one. */
export const MAX_SDP_BYTES = 64 * 1024;

/** Whether `text` looks like an SDP session description (RFC 8866 starts with the version line). */
export const isSdp = (text) => typeof text === 'string' && text.startsWith('v=0') && !text.includes('\0');

/**
 * @param {{ baseURL: string, apiKey: string, timeoutMs: number, sdp: string,
 *   session: Parameters<typeof buildSession>[0], fetch: typeof fetch }} call
 * @returns {Promise<{ sdp: string, callId: string | null }>}
 */
export async function startCall({ baseURL, apiKey, timeoutMs, sdp, session, fetch }) {
  const url = `${baseURL.replace(/\/+$/, '')}/realtime/calls`;
  const form = new FormData();
  form.set('sdp', new Blob([sdp], { type: 'application/sdp' }));
  form.set('session', new Blob([JSON.stringify(buildSession(session))], { type: 'application/json' }));
  const { response, text } = await postToOpenAI({
    url, apiKey, headers: { Accept: 'application/sdp' }, body: form, timeoutMs, maxBytes: MAX_SDP_BYTES, fetch,
  });
  if (!isSdp(text)) throw new OpenAIRequestError('upstream_malformed', { upstreamStatus: response.status, detail: 'answer is not SDP' });
  // `Location: /v1/realtime/calls/rtc_…` names the call; only its id is kept (for the audit log).
  const callId = /\/(rtc_[A-Za-z0-9_-]{1,128})$/.exec(response.headers.get('location') ?? '')?.[1] ?? null;
  return { sdp: text, callId };
}
