/**
 * OpenAI's error answer (`{ error: { code, type, param, message } }`), read within the call's
 * deadline and bounds, and made safe before it goes anywhere: the audit log keeps the four fields,
 * the page only the code (see `openai-error-codes.js`). What is unsafe about it: OpenAI quotes a
 * masked part of a refused key ("Incorrect API key provided: sk-proj-****abcd"), a hostile or broken
 * upstream may quote the whole master key, the SDP offer, control characters that forge log lines,
 * or send megabytes. Anything that is not OpenAI's error JSON yields nulls, never a throw.
 * @module
 */
import { BoundedReadError, readBoundedUtf8 } from './bounded-read.js';
import { cutText } from '../common/cut-text.js';
import { codeToken } from '../common/realtime-errors.js';

/** An error answer is a few hundred bytes; one larger than this is not read further. */
export const MAX_ERROR_BODY_BYTES = 16 * 1024;

/** The longest `message` kept, in UTF-16 units (a surrogate pair is never split). */
export const MAX_MESSAGE_LENGTH = 300;

/** The longest `param` kept (`session.tools[2].meta` and the like). */
export const MAX_PARAM_LENGTH = 128;

/** What replaces a key-like token or a piece of the master key. */
export const REDACTED = '[redacted]';

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

// Key-like tokens: API keys (sk-, sk-proj-, sk_live_), restricted keys (rk-), ephemeral keys (ek_),
// session tokens (sess-), anywhere after a non-alphanumeric, masked or not; masked forms without a
// prefix (`****abcd`); a bearer credential.
const KEY_LIKE = /(?<![A-Za-z0-9])(?:sk|rk|ek|sess)[-_][A-Za-z0-9_*-]*|[A-Za-z0-9_-]*\*{2,}[A-Za-z0-9_*-]*|\bBearer\s+\S+/gi;

// Where an SDP description starts being quoted (the offer carries ICE credentials and fingerprints).
const SDP_START = /(?<![A-Za-z0-9])(?:v=0(?![0-9])|o=- |a=(?:ice-ufrag|ice-pwd|fingerprint|candidate|group|msid|mid|setup|rtpmap|ssrc)\b)/;
const SDP_REMOVED = '[SDP removed]';

// C0 and C1 controls, DEL; bidi, zero-width and separator characters that can hide or reorder text
// in a log viewer. Whitespace controls become a space, the rest disappear.
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

/** The four fields, all null: an error answer that could not be read or is not OpenAI's JSON. */
export const NO_ERROR_FIELDS = Object.freeze({ code: null, type: null, param: null, message: null });

/**
 * Replaces every run of `text` covered by an 8-character piece of `masterKey` (so every piece of
 * 8 characters or more, and the whole key), or the key itself when it is shorter than that.
 * @param {string} text
 * @param {string} masterKey
 */
function redactMasterKey(text, masterKey) {
  if (typeof masterKey !== 'string' || masterKey.length < 4) return text;
  if (masterKey.length < 8) return text.replaceAll(masterKey, REDACTED);
  const pieces = new Set();
  for (let i = 0; i + 8 <= masterKey.length; i++) pieces.add(masterKey.slice(i, i + 8));
  let out = '';
  let copied = 0;
  let coveredTo = -1;
  let runStart = -1;
  for (let i = 0; i + 8 <= text.length; i++) {
    if (!pieces.has(text.slice(i, i + 8))) continue;
    if (i > coveredTo) {
      if (runStart >= 0) {
        out += text.slice(copied, runStart) + REDACTED;
        copied = coveredTo;
      }
      runStart = i;
    }
    coveredTo = i + 8;
  }
  if (runStart >= 0) {
    out += text.slice(copied, runStart) + REDACTED;
    copied = coveredTo;
  }
  return out + text.slice(copied);
}

const REDACTED_RUN = /(?:\[redacted\]){2,}/g;

// Not common/realtime-errors.js redactKeys on purpose: the audit log also hides the master key's pieces, sess- tokens and bearers, as [redacted].
/**
 * `text` with every key-like token, and every piece of the master key of 8 characters or more,
 * replaced by {@link REDACTED}.
 * @param {string} text
 * @param {string} [masterKey]
 */
export function redactKeys(text, masterKey) {
  return redactMasterKey(text, masterKey).replace(KEY_LIKE, REDACTED).replace(REDACTED_RUN, REDACTED);
}

/** A code or type: a short token that is not itself key-like, else null. */
function safeToken(value, masterKey) {
  return codeToken(value) !== null && redactKeys(value, masterKey) === value ? value : null;
}

/** A param: short printable ASCII, keys redacted, else null. */
function safeParam(value, masterKey) {
  if (typeof value !== 'string' || value.length > MAX_PARAM_LENGTH || !PRINTABLE_ASCII.test(value)) return null;
  return redactKeys(value, masterKey);
}

/**
 * A message fit for a log line: well-formed, no control or invisible characters, no SDP, keys
 * redacted, at most {@link MAX_MESSAGE_LENGTH} units (an ellipsis marks a cut). Null when nothing
 * is left, or for a non-string.
 * @param {unknown} value
 * @param {string} [masterKey]
 * @returns {string | null}
 */
export function safeMessage(value, masterKey) {
  if (typeof value !== 'string') return null;
  // The body bound caps what OpenAI can send; this caps what a direct caller can.
  let text = cutText(value, MAX_ERROR_BODY_BYTES).toWellFormed();
  text = text.replace(WHITESPACE_CONTROLS, ' ').replace(INVISIBLE, '');
  const sdp = text.search(SDP_START);
  if (sdp >= 0) text = text.slice(0, sdp) + SDP_REMOVED;
  text = redactKeys(text, masterKey).replace(/ {2,}/g, ' ').trim();
  if (text.length > MAX_MESSAGE_LENGTH) text = `${cutText(text, MAX_MESSAGE_LENGTH - 1)}…`;
  return text.length > 0 ? text : null;
}

/**
 * The safe fields of an error object (`body.error`), each null when absent, of the wrong type, or
 * not safe to keep.
 * @param {unknown} body the parsed answer
 * @param {string} [masterKey]
 * @returns {{ code: string | null, type: string | null, param: string | null, message: string | null }}
 */
export function safeErrorFields(body, masterKey) {
  const error = body !== null && typeof body === 'object' ? body.error : null;
  if (error === null || typeof error !== 'object' || Array.isArray(error)) return NO_ERROR_FIELDS;
  return {
    code: safeToken(error.code, masterKey),
    type: safeToken(error.type, masterKey),
    param: safeParam(error.param, masterKey),
    message: safeMessage(error.message, masterKey),
  };
}

/**
 * Parses an error answer's text; not JSON, or JSON of another shape, gives nulls.
 * @param {string} text
 * @param {string} [masterKey]
 */
export function parseOpenAIError(text, masterKey) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return { fields: NO_ERROR_FIELDS, problem: 'is not JSON' };
  }
  const fields = safeErrorFields(body, masterKey);
  return { fields, problem: fields === NO_ERROR_FIELDS ? "is not OpenAI's error object" : null };
}

/** Why an error body was not read, by `BoundedReadError.reason`. */
const UNREAD = {
  too_large: `is larger than ${MAX_ERROR_BODY_BYTES} bytes`,
  timeout: 'was not read before the deadline',
  not_utf8: 'is not UTF-8',
  failed: 'could not be read',
};

/**
 * Reads an error answer (4xx/5xx) within `signal` and {@link MAX_ERROR_BODY_BYTES}, and returns
 * its safe fields with the status; `problem` says, naming no content, why the fields are null
 * (too large, too slow, not UTF-8, not JSON), else null. Never throws.
 * @param {Response} response
 * @param {{ signal: AbortSignal, masterKey: string }} context
 * @returns {Promise<{ upstream: { status: number, code: string | null, type: string | null,
 *   param: string | null, message: string | null }, problem: string | null }>}
 */
export async function readOpenAIError(response, { signal, masterKey }) {
  let result;
  try {
    const text = await readBoundedUtf8(response, { maxBytes: MAX_ERROR_BODY_BYTES, signal });
    result = parseOpenAIError(text, masterKey);
  } catch (err) {
    result = { fields: NO_ERROR_FIELDS, problem: UNREAD[err instanceof BoundedReadError ? err.reason : 'failed'] ?? UNREAD.failed };
  }
  return { upstream: Object.freeze({ status: response.status, ...result.fields }), problem: result.problem };
}
