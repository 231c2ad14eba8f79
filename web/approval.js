// Approval before a call runs. A tool with `needsApproval` (true, or a function of the arguments)
// runs only once the page's `approve(call)` resolves to exactly `true`; anything else (false, a
// throw, no approve function at all) declines it, since running a call nobody allowed is the
// worse mistake. The call's deadline and the session's stop apply while the person decides.
import { beforeDeadline } from '../common/deadline.js';
import { failCall } from '../common/router-crossing.js';

/**
 * Whether a call the core accepted may run. Never rejects.
 * @param {{ module: object, core: object, name: string, argumentsText: string, callId?: string,
 *   needs: true | ((args: object) => unknown), approve?: Function, onEvent: (type: string, detail: object) => void,
 *   deadline: AbortSignal, stop?: AbortSignal }} ask
 * @returns {Promise<object | null>} null: run it; else the object for the model (`declined`,
 *   `timeout`). After `stop`, what it resolves to is not used.
 */
export async function seekApproval({ module, core, name, argumentsText, callId = null, needs, approve, onEvent, deadline, stop }) {
  const settle = (value) => beforeDeadline(new Promise((resolve) => resolve(value())), deadline);
  const declined = (reason, detail) => {
    onEvent('tool_call_declined', { name, callId, reason });
    return failCall(module, core, name, reason === 'timeout' ? 'timeout' : 'declined', detail);
  };
  let args;
  try {
    // The core accepted the text: a JSON object (blank is an empty one).
    args = JSON.parse(argumentsText.trim() === '' ? '{}' : argumentsText);
  } catch {
    return declined('error', 'the arguments could not be shown to the user');
  }
  if (needs !== true) {
    try {
      // Only an explicit false skips the question: a forgotten return or a throw asks.
      if (await settle(() => needs(args)) === false) return null;
    } catch {
      if (deadline.aborted) return stop?.aborted ? null : declined('timeout');
    }
  }
  if (typeof approve !== 'function') return declined('no_approver', 'nobody could be asked: the page gave no approve function');
  onEvent('tool_call_approval_requested', { name, callId });
  let approved;
  try {
    approved = await settle(() => approve({ name, arguments: args, callId, signal: deadline })) === true;
  } catch {
    if (deadline.aborted) return stop?.aborted ? null : declined('timeout');
    return declined('error', 'the page could not ask the user');
  }
  if (!approved) return declined('user');
  onEvent('tool_call_approved', { name, callId });
  return null;
}
