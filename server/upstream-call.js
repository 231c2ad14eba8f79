/**
 * Starting a WebRTC call at OpenAI for a page (`POST /v1/realtime/calls`, the "unified interface"):
 * the page's SDP offer and the server's fixed session go up as `multipart/form-data` with the master
 * key, and OpenAI's SDP answer comes back. The browser never holds a key of any kind.
 * @module
 */
import { buildSession, MintError, networkFailure } from './upstream.js';
import { BoundedReadError, readBoundedText } from './bounded-read.js';

/** An SDP offer or answer is a few KB; anything near this is not one. */
export const MAX_SDP_BYTES = 64 * 1024;

/** Whether `text` looks like an SDP session description (RFC 8866 starts with the version line). */
export const isSdp = (text) => typeof text === 'string' && text.startsWith('v=0') && !text.includes('\0');

/**
 * @param {{ baseURL: string, apiKey: string, timeoutMs: number, sdp: string,
 *   session: Parameters<typeof buildSession>[0], fetch: typeof fetch }} call
 * @returns {Promise<{ sdp: string, callId: string | null }>}
 */
export async function createCall({ baseURL, apiKey, timeoutMs, sdp, session, fetch }) {
  const url = `${baseURL.replace(/\/+$/, '')}/realtime/calls`;
  const form = new FormData();
  form.set('sdp', new Blob([sdp], { type: 'application/sdp' }));
  form.set('session', new Blob([JSON.stringify(buildSession(session))], { type: 'application/json' }));
  const signal = AbortSignal.timeout(timeoutMs);
  let response;
  let text;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/sdp' },
      body: form,
      signal,
      redirect: 'error', // a redirect would carry the master key elsewhere
    });
    // An error answer is never read; an answer is read to at most MAX_SDP_BYTES, and not past the deadline.
    if (response.ok) text = await readBoundedText(response, { maxBytes: MAX_SDP_BYTES, signal });
    else response.body?.cancel().catch(() => {});
  } catch (err) {
    if (!signal.aborted && err instanceof BoundedReadError) {
      throw new MintError('upstream_malformed', { upstreamStatus: response.status, detail: err.message });
    }
    throw networkFailure(err, signal, timeoutMs);
  }
  if (!response.ok) {
    throw new MintError('upstream_error', { upstreamStatus: response.status, detail: `answered HTTP ${response.status}` });
  }
  if (!isSdp(text)) throw new MintError('upstream_malformed', { upstreamStatus: response.status, detail: 'answer is not SDP' });
  // `Location: /v1/realtime/calls/rtc_…` names the call; only its id is kept (for the audit log).
  const callId = /\/(rtc_[A-Za-z0-9_-]{1,128})$/.exec(response.headers.get('location') ?? '')?.[1] ?? null;
  return { sdp: text, callId };
}
