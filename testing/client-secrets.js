/**
 * `POST /v1/realtime/client_secrets` as OpenAI answers it (GA): the master key, a JSON body
 * `{ expires_after?: { anchor: 'created_at', seconds: 10..7200 }, session?: { type, … } }`, and a
 * key minted for the full effective session, whatever its model ("mint success is not proof of
 * model access": `/calls` checks the model). Each refusal is OpenAI's status and error body.
 */
import { openaiErrorBody } from './http-answers.js';
import { newId } from './ids.js';
import { effectiveSession, refuseSession } from './ga-protocol.js';

/** How long a key lives when `expires_after` is not given (OpenAI's default). */
const GA_DEFAULT_SECONDS = 600;

/** OpenAI's 401, which quotes a redacted head and tail of the key that was sent. */
function wrongKey(authorization) {
  const sent = (authorization ?? '').replace(/^Bearer /, '');
  return [401, openaiErrorBody(`Incorrect API key provided: ${sent.slice(0, 3)}****${sent.slice(-4)}.`, 'invalid_request_error', 'invalid_api_key')];
}

/** The key's lifetime in seconds for `expires_after`, or the 400 that refuses it. */
function lifetimeOf(expiresAfter) {
  if (expiresAfter === undefined) return { seconds: GA_DEFAULT_SECONDS };
  const { anchor, seconds } = expiresAfter ?? {};
  if (anchor !== undefined && anchor !== 'created_at') {
    return { refusal: [400, openaiErrorBody("Invalid value for 'expires_after.anchor'.", 'invalid_request_error', 'invalid_value', 'expires_after.anchor')] };
  }
  if (!Number.isInteger(seconds) || seconds < 10 || seconds > 7200) {
    return { refusal: [400, openaiErrorBody("Invalid 'expires_after.seconds': must be between 10 and 7200.", 'invalid_request_error', 'invalid_value', 'expires_after.seconds')] };
  }
  return { seconds };
}

/**
 * The answer to one `client_secrets` request, as `[status, body]`.
 * @param {{ authorized: boolean, authorization?: string, body: unknown,
 *   issue: (session: object, seconds: number) => { value: string, expires_at: number } }} request
 *   `body`: the parsed JSON (null if there was none or it was not JSON); `issue` mints the key.
 */
export function answerClientSecrets({ authorized, authorization, body, issue }) {
  if (!authorized) return wrongKey(authorization);
  if (body === null || typeof body !== 'object') {
    return [400, openaiErrorBody('We could not parse the JSON body of your request.', 'invalid_request_error', null)];
  }
  const lifetime = lifetimeOf(body.expires_after);
  if (lifetime.refusal) return lifetime.refusal;
  const session = body.session ?? { type: 'realtime' };
  const refusal = refuseSession(session);
  if (refusal) return [400, { error: refusal }];
  // The echo's own expires_at is 0 (the session's clock starts when a call opens it).
  const full = { id: newId('sess'), ...effectiveSession(session), expires_at: 0 };
  return [200, { ...issue(full, lifetime.seconds), session: full }];
}
