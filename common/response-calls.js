// Which function calls of a finished response may run.
//
// OpenAI marks a response the person interrupted `cancelled` (`status_details.reason:
// 'turn_detected'`), a cut-off one `incomplete`, and a broken one `failed`; their function_call
// items are `incomplete`, sometimes with half their arguments. Running such a call would do what
// nobody asked for, so only a `completed` item of a `completed` response runs (as OpenAI's own
// agents-js dispatches). A call id seen before (a repeated item, a replayed response.done) runs
// once.
import { codeToken } from './realtime-errors.js';

const MAX_CALL_ID = 256;

/**
 * @param {unknown} response the `response` of a `response.done` event
 * @param {Set<string>} seen call ids already run in this session (added to here)
 * @returns {{ run: { name: unknown, call_id: string, arguments: unknown }[],
 *   skipped: { name: string | null, call_id: string | null, reason: string }[] }}
 */
export function callsToRun(response, seen) {
  const output = Array.isArray(response?.output) ? response.output : [];
  const calls = output.filter((item) => item !== null && typeof item === 'object' && item.type === 'function_call');
  const status = typeof response?.status === 'string' ? response.status : 'completed';
  const run = [];
  const skipped = [];
  for (const item of calls) {
    const callId = typeof item.call_id === 'string' && item.call_id.length > 0 && item.call_id.length <= MAX_CALL_ID ? item.call_id : null;
    const name = typeof item.name === 'string' ? item.name.slice(0, 64) : null;
    let reason = null;
    if (status !== 'completed') reason = `response_${status}`.slice(0, 40);
    else if (item.status !== 'completed') reason = 'call_incomplete';
    else if (callId === null) reason = 'no_call_id';
    else if (seen.has(callId)) reason = 'repeated_call_id';
    if (reason) {
      skipped.push({ name, call_id: callId, reason });
      continue;
    }
    seen.add(callId);
    run.push({ name: item.name, call_id: callId, arguments: item.arguments });
  }
  return { run, skipped };
}

/** Why a response ended as it did, when OpenAI says (`turn_detected`, `max_output_tokens` …), or null. */
export function statusReason(response) {
  return codeToken(response?.status_details?.reason ?? response?.status_details?.error?.code);
}
