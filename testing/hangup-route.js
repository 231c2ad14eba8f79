/**
 * `POST /v1/realtime/calls/{call_id}/hangup` as OpenAI answers it: the project's master key ends a
 * call it may see, whichever key opened it (`200 {}`: the data channel and the sidebands close,
 * then the peer connection); another key → 401 `invalid_api_key`; an unknown or ended call → 404.
 * Every request is recorded in `hangups`.
 */
import { bearer, send, sendOpenAIError } from './realtime-http.js';

/** The URL path of a hang-up; its one group is the call id. */
export const HANGUP_PATH = /^\/v1\/realtime\/calls\/([^/]+)\/hangup$/;

/**
 * @param {{ masterKey?: string, sessionOf: (callId: string) => object | undefined, hangups: object[], notify: () => void }} standIn
 */
export async function answerHangUp({ masterKey, sessionOf, hangups, notify }, req, res, callId) {
  const session = sessionOf(callId);
  const at = Date.now();
  let status = 200;
  if (masterKey === undefined || bearer(req) !== masterKey) status = 401;
  else if (!session || session.state === 'closed') status = 404;
  else await session.hangUp();
  hangups.push({ callId, at, status });
  notify();
  if (status === 401) return sendOpenAIError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
  if (status === 404) return sendOpenAIError(res, 404, `Call '${callId}' not found.`, 'invalid_request_error', null);
  send(res, 200, 'application/json', '{}');
}
