// Why the WebRTC offer was refused, read off the answer DeepChat would otherwise feed to
// `setRemoteDescription` (and then show only "Error").
//
// Two senders: OpenAI itself (the key path: `{ error: { code, type, param, message } }`, e.g. 403
// `model_not_found` for a model the project may not use, although the key was minted fine), and the
// page's own server (`offerEndpoint`: its refusal carries OpenAI's code as `upstream_code`, and a
// message of its own that names no project). Nothing of a key leaves: messages are redacted.
import { readBodyTextLossy } from '../common/read-body.js';
import { codeToken as token, meaningOf, redactKeys, tidyText } from '../common/realtime-errors.js';

/** A refusal is a few hundred bytes; a page of HTML is cut here. */
const MAX_REFUSAL_BYTES = 16 * 1024;
/** A refusal body that trickles does not hold the element: this long, then status only. */
const READ_MS = 3000;

/**
 * @param {Response} response a non-2xx answer to the offer (read from a clone; the original is DeepChat's)
 * @param {string[]} secrets what must never be echoed (the bearer token the offer carried)
 * @param {'openai' | 'server'} sentTo where the offer went: OpenAI, or the page's server (which relays OpenAI's refusals)
 * @returns {Promise<{ by: 'openai' | 'server', status: number, upstreamStatus: number | null, code: string | null,
 *   errorType: string | null, param: string | null, message: string | null }>}
 */
export async function readOfferRefusal(response, secrets, sentTo) {
  let error = {};
  try {
    const body = await readBodyTextLossy(response.clone(), MAX_REFUSAL_BYTES, { truncate: true, signal: AbortSignal.timeout(READ_MS) });
    const parsed = JSON.parse(body.text ?? '');
    if (parsed?.error !== null && typeof parsed?.error === 'object') error = parsed.error;
  } catch {
    // not JSON, cut off, or too slow: the status alone says something
  }
  const relayed = sentTo === 'server' && (Number.isInteger(error.upstream_status) || token(error.upstream_code) !== null);
  return {
    by: sentTo === 'openai' || relayed ? 'openai' : 'server',
    status: response.status,
    // OpenAI's own status: the answer's on the key path; relayed by the page's server on the unified interface.
    upstreamStatus: sentTo === 'openai' ? response.status : relayed && Number.isInteger(error.upstream_status) ? error.upstream_status : null,
    code: token(error.upstream_code) ?? token(error.code),
    errorType: token(error.type),
    param: tidyText(typeof error.param === 'string' ? redactKeys(error.param, secrets) : null, 128),
    message: tidyText(redactKeys(error.message, secrets)),
  };
}

/**
 * What the element shows for a refused offer: a short line (a long one would cover DeepChat's
 * buttons), and the refusal's message as its detail (the element's tooltip).
 */
export function describeOfferRefusal({ by, status, upstreamStatus, code, message }) {
  // The page's server words OpenAI's refusals itself ("OpenAI refused the call: … (model_not_found).").
  if (by === 'openai' && upstreamStatus !== status && message) return { line: message, detail: null };
  const meaning = by === 'openai' ? meaningOf(code) : null;
  const line = meaning
    ? `OpenAI refused the call: ${meaning} (${code}).`
    : `${by === 'openai' ? 'OpenAI' : 'The server'} refused the call (${[code, `HTTP ${upstreamStatus ?? status}`].filter(Boolean).join(', ')}).`;
  return { line, detail: message };
}
