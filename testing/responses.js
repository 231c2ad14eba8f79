/**
 * The kinds of response the stand-in's sessions make (`session-scripting.js` gives them to the
 * session as `say`, `callTools`, `bargeIn`, `interruptCalls`, `cancelResponse`): a spoken answer,
 * a response of function calls (after a preamble, for reasoning models), the user's speech as
 * server VAD reports it with the model's answer, and a tool-calling response that speech cuts.
 * Each is one `ScriptedResponse` (`scripted-response.js`), which streams it as OpenAI does.
 */
import { newId } from './ids.js';
import { spokenAnswer } from './model.js';
import { ScriptedResponse, statusDetails } from './scripted-response.js';

/** A spoken answer (`durationMs`: from `response.created` to `response.done`). Resolves with the response. */
export function say(session, text, { durationMs = 0, phase } = {}) {
  return new ScriptedResponse(session, { parts: [{ kind: 'message', text: String(text), phase }] }).activate().run(durationMs);
}

/**
 * One response with a function call per entry of `calls` (`[{ name, arguments, status? }]`), after
 * a preamble message if asked (reasoning models). Returns the calls' `call_id`s at once, with
 * `.done`: a promise of the response.
 * @param {{ status?: 'completed' | 'cancelled' | 'incomplete' | 'failed', reason?: string, error?: object,
 *   preamble?: string, phase?: string | null, durationMs?: number }} [options]
 */
export function callTools(session, calls, { status = 'completed', reason, error, preamble, phase = 'commentary', durationMs = 0 } = {}) {
  const response = toolResponse(session, calls, { status, reason, error, preamble, phase });
  response.activate();
  return withDone(response.parts.filter((p) => p.kind === 'function_call').map((p) => p.call_id), response.run(durationMs));
}

function toolResponse(session, calls, { status = 'completed', reason, error, preamble, phase = 'commentary' }) {
  const parts = calls.map(({ name, arguments: argumentsText, status: callStatus }) => ({
    kind: 'function_call', name, arguments: String(argumentsText ?? ''), call_id: newId('call'), ...(callStatus ? { status: callStatus } : {}),
  }));
  if (preamble !== undefined) parts.unshift({ kind: 'message', text: String(preamble), phase: phase ?? undefined, status: 'completed' });
  return new ScriptedResponse(session, { parts, ending: { status, details: statusDetails(status, { reason, error }) } });
}

const withDone = (ids, done, extra = {}) => Object.defineProperties(ids, Object.fromEntries(
  Object.entries({ done, ...extra }).map(([name, value]) => [name, { value, enumerable: false }])));

/** Cancels the active response, if any (`reason`: `turn_detected` | `client_cancelled`); whether there was one. */
export function cancelResponse(session, reason) {
  if (!session.response) return false;
  session.response.cancel(reason);
  return true;
}

/**
 * The user speaks, as server VAD reports it, and the model answers (see the session's `bargeIn`).
 * Resolves with the answer's response when it is done (null if the session's turn detection does
 * not create responses).
 */
export function bargeIn(session, { transcript = 'wait, one more thing', speakMs = 100, createdDelayMs = 0, respondMs = 200, answer } = {}) {
  const vad = session.config.audio?.input?.turn_detection;
  if (!vad) throw new Error('realtime stand-in: turn detection is off in this session; there is no server VAD to barge in');
  const itemId = newId('item');
  const since = () => Date.now() - session.startedAt;
  session.send({ type: 'input_audio_buffer.speech_started', audio_start_ms: since(), item_id: itemId });
  if (vad.interrupt_response !== false) cancelResponse(session, 'turn_detected');
  return new Promise((resolve) => {
    session.later(speakMs, () => {
      session.send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: since(), item_id: itemId });
      const previous_item_id = session.items.at(-1)?.id ?? null;
      session.send({ type: 'input_audio_buffer.committed', previous_item_id, item_id: itemId });
      const item = { id: itemId, object: 'realtime.item', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_audio', transcript }] };
      session.addItem(item, previous_item_id);
      session.send({ type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, content_index: 0, transcript,
        usage: { type: 'duration', seconds: speakMs / 1000 } });
      if (session.response && vad.interrupt_response !== false) cancelResponse(session, 'turn_detected');
      if (vad.create_response === false || session.response) return resolve(null);
      const response = new ScriptedResponse(session, {
        compose: () => [{ kind: 'message', text: answer ?? spokenAnswer(session.takePending(), transcript) }],
      }).activate();
      const speak = () => response.run(respondMs);
      if (createdDelayMs > 0) response.later(createdDelayMs, speak);
      else speak();
      resolve(response.done);
    }, () => resolve(null));
  });
}

/**
 * A tool-calling response cut by the user's speech: its calls are streamed (half their arguments),
 * then {@link bargeIn} cancels it (`turn_detected`). Returns the call ids, with `.cancelled` (a
 * promise of the cut response) and `.done` (of the answer to the speech).
 */
export function interruptCalls(session, calls, { preamble, phase, ...speech } = {}) {
  const response = toolResponse(session, calls, { status: 'cancelled', reason: 'turn_detected', preamble, phase }).activate();
  response.create();
  // The preamble was spoken whole; the calls were half streamed when the user spoke.
  response.parts.forEach((part, i) => (part.kind === 'message' ? response.close(i, false) : response.open(i)));
  const done = bargeIn(session, speech);
  return withDone(response.parts.filter((p) => p.kind === 'function_call').map((p) => p.call_id), done, { cancelled: response.done });
}
