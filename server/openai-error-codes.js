/**
 * What the page is told when OpenAI refuses: our own sentence, from OpenAI's error code only.
 * OpenAI's message is never passed on (it may name the project or organisation, or quote a key);
 * the audit log keeps it, made safe (`openai-error.js`). Refusals of our own are in `refusals.js`.
 * @module
 */
import { meaningOf } from '../common/realtime-errors.js';

/**
 * OpenAI's error codes the public record shows for `client_secrets` and `/realtime/calls`, each
 * with why, as the page's message says it.
 * @type {Readonly<Record<string, string>>}
 */
export const OPENAI_ERROR_CODES = Object.freeze({
  // The page's table (common/realtime-errors.js) says what these three mean; it is the one home.
  /** 403 at `/calls` for a model the project is not allowed (the key for it is minted fine). */
  model_not_found: meaningOf('model_not_found'),
  /** 400 at `/calls` for a model that is not a realtime one (gpt-live-1). */
  invalid_model: meaningOf('invalid_model'),
  /** 429: billing, not a rate. */
  insufficient_quota: meaningOf('insufficient_quota'),
  // Not the page's sentences on purpose: here the refused key is the server's master key, and the limit the account's.
  /** 401: OpenAI quotes a masked part of the key in its message. */
  invalid_api_key: "the server's OpenAI API key was refused",
  /** 429: too many requests for the project's limits. */
  rate_limit_exceeded: "the OpenAI account's rate limit was reached",
});

/**
 * The page's message for an error answer from OpenAI, e.g. "OpenAI refused the call: this project
 * may not use the model (model_not_found)." or "OpenAI refused to mint a key (HTTP 403,
 * some_code).". `code` must be a validated token (or null): it is quoted.
 * @param {{ status: number, code: string | null }} upstream
 * @param {'call' | 'key'} attempt which handler: `/realtime/calls` or `client_secrets`
 */
export function openAIRefusalMessage({ status, code }, attempt) {
  const refused = attempt === 'key' ? 'OpenAI refused to mint a key' : 'OpenAI refused the call';
  const known = code !== null && Object.hasOwn(OPENAI_ERROR_CODES, code) ? OPENAI_ERROR_CODES[code] : null;
  if (known) return `${refused}: ${known} (${code}).`;
  const http = `HTTP ${status}${code ? `, ${code}` : ''}`;
  if (status >= 500) return `OpenAI failed to ${attempt === 'key' ? 'mint a key' : 'start the call'} (${http}).`;
  return `${refused} (${http}).`;
}
