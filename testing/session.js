/**
 * One realtime session (one call) of the stand-in: the effective session (`config`, the model kept
 * as asked), the conversation's items, the one active response. Its methods come in four groups,
 * one file each: what it sends (`session-outbound.js`: server events, errors, `describe()` with the
 * model as its snapshot), its conversation (`session-conversation.js`), the test hooks that make
 * the "model" speak, call tools or be interrupted (`session-scripting.js`; the responses are made
 * by `responses.js` and streamed by `scripted-response.js`), and how it ends
 * (`session-lifecycle.js`). The scripted model, `model.js`, answers the client's events.
 *
 * A call has two kinds of connection: the client's `oai-events` data channel, and any number of
 * sideband WebSockets (`sidebands`, joined by the server that started the call: `sideband.js`).
 * Every server event goes to each of them that is open, in the same order; when the call ends
 * (`ended()`), the sidebands are closed with 1000.
 */
import { SESSION_MAX_SECONDS } from './ga-protocol.js';
import { newId } from './ids.js';
import { conversationOf } from './session-conversation.js';
import { lifecycleOf } from './session-lifecycle.js';
import { outboundOf } from './session-outbound.js';
import { scriptingOf } from './session-scripting.js';

/**
 * @param {{ key: string, config: object, pc: object }} options `config`: the effective session
 *   (`effectiveSession`), `pc`: the peer connection, closed with the session.
 */
export function createSession({ key, config, pc }) {
  const startedAt = Date.now();
  const session = {
    id: newId('sess'),
    /** The call's id, as `Location: /v1/realtime/calls/rtc_…` names it (set below, from `id`). */
    callId: null,
    key,
    /** The session settings OpenAI holds: the key's (or the multipart `session`), merged into its defaults. */
    config,
    pc,
    channel: null,
    /** The open sideband WebSockets (`ws`), in the order they joined. */
    sidebands: new Set(),
    /** 'connecting' → 'open' → 'closed'. */
    state: 'connecting',
    /** Every client event: { session, at, event, via: 'channel' | 'sideband' }. */
    events: [],
    conversationId: newId('conv'),
    /** The conversation, in order (client items, the user's speech, the model's output items). */
    items: [],
    /** Client and speech items no response has taken yet (what the scripted model answers). */
    pending: [],
    /** The id of the response under way (from the moment it is decided on to its `response.done`), or null. */
    activeResponse: null,
    /** The active response (a `ScriptedResponse`, `scripted-response.js`), or null. */
    response: null,
    /** A promise of the latest response (resolves with its `response.done` body). */
    lastResponseDone: Promise.resolve(null),
    /** Whether the model has produced audio (a voice change is refused from then on). */
    audioSent: false,
    /** Bytes of `input_audio_buffer.append` since the last commit or clear. */
    inputAudioBytes: 0,
    startedAt,
    expiresAt: Math.floor(startedAt / 1000) + SESSION_MAX_SECONDS,
    newId,
  };
  Object.assign(session, outboundOf(session), conversationOf(session), scriptingOf(session), lifecycleOf(session, pc));
  session.callId = session.id.replace(/^sess_/, 'rtc_');
  return session;
}
