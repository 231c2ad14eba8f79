/**
 * One realtime session (one call) of the stand-in: the effective session (`config`, the model kept
 * as asked; `describe()` reports it as OpenAI does, the model as its snapshot), the conversation's
 * items, the one active response, and the test hooks that make the "model" speak, call tools, be
 * interrupted, fail or end the session (`responses.js` streams the responses; the scripted model,
 * `model.js`, answers the client's events).
 *
 * A call has two kinds of connection: the client's `oai-events` data channel, and any number of
 * sideband WebSockets (`sidebands`, joined by the server that started the call: `sideband.js`).
 * Every server event goes to each of them that is open, in the same order; when the call ends
 * (`ended()`), the sidebands are closed with 1000.
 */
import { randomBytes } from 'node:crypto';

import { EVENT_ERRORS, SESSION_MAX_SECONDS, snapshotOf } from './ga-protocol.js';
import * as responses from './responses.js';

const newId = (prefix) => `${prefix}_${randomBytes(8).toString('hex')}`;

/**
 * @param {{ key: string, config: object, pc: object }} options `config`: the effective session
 *   (`effectiveSession`), `pc`: the peer connection, closed with the session.
 */
export function createSession({ key, config, pc }) {
  /** Timers of the session's own steps (a barge-in's speech), cleared when it closes. */
  const timers = new Set();
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
    /** The active response's controls (`responses.js`), or null. */
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

    /** The session as session.created / session.updated show it: full, the model as its snapshot. */
    describe() {
      const { id: _id, object: _object, expires_at: _expires, ...settings } = session.config;
      return { id: session.id, object: 'realtime.session', ...settings, model: snapshotOf(settings.model), expires_at: session.expiresAt };
    },
    /**
     * Sends one server event (an `event_id` is added) to the data channel and every sideband that
     * is open; returns it. Throws when neither is.
     */
    send(event) {
      const sent = { event_id: newId('event'), ...event };
      const channelOpen = session.channel?.readyState === 'open';
      const sidebands = [...session.sidebands].filter((socket) => socket.readyState === socket.OPEN);
      if (!channelOpen && sidebands.length === 0) throw new Error(`session ${session.id} has no open data channel or sideband`);
      const text = JSON.stringify(sent);
      if (channelOpen) session.channel.send(text);
      for (const socket of sidebands) socket.send(text);
      return sent;
    },
    /** Any `error` event, as OpenAI shapes it (`eventId`: the client event's id it answers, or null). */
    sendError(code, { message = code, param = null, eventId = null, type = 'invalid_request_error' } = {}) {
      return session.send({ type: 'error', error: { type, code, message, param, event_id: eventId } });
    },
    /** Refuses one client event with an OpenAI error object, echoing its `event_id`. */
    refuse(clientEvent, { type, code, message, param }) {
      return session.sendError(code, { message, param, type, eventId: typeof clientEvent?.event_id === 'string' ? clientEvent.event_id : null });
    },
    /** Adds an item to the conversation (`conversation.item.added` and `.done`); the next response takes it. */
    addItem(item, previousItemId) {
      const previous_item_id = previousItemId ?? session.items.at(-1)?.id ?? null;
      session.items.push(item);
      session.pending.push(item);
      session.send({ type: 'conversation.item.added', previous_item_id, item });
      session.send({ type: 'conversation.item.done', previous_item_id, item });
    },
    /** The items created since the last response began; they are now taken. */
    takePending() {
      return session.pending.splice(0);
    },
    /** Commits the appended input audio as a user item (its transcript unknown). */
    commitInputAudio() {
      const item = { id: newId('item'), object: 'realtime.item', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_audio', transcript: null }] };
      session.inputAudioBytes = 0;
      session.send({ type: 'input_audio_buffer.committed', previous_item_id: session.items.at(-1)?.id ?? null, item_id: item.id });
      session.addItem(item);
    },

    /**
     * A spoken answer: `response.created`, the message's events, `response.done`; with `durationMs`
     * the rest comes that long after `response.created`. Resolves with the response.
     */
    say(text, options) {
      return responses.say(session, text, options);
    },
    /**
     * One response with a function call per entry (`[{ name, arguments, status? }]`); returns their
     * `call_id`s at once, with `.done` (a promise of the response). Options: `status`
     * (`completed` | `cancelled` | `incomplete` | `failed`), `reason`, `error`, `preamble`, `phase`, `durationMs`.
     */
    callTools(calls, options) {
      return responses.callTools(session, calls, options);
    },
    /** One function call in a response of its own; returns its `call_id`. */
    callTool(name, argumentsText, options) {
      return session.callTools([{ name, arguments: argumentsText }], options)[0];
    },
    /** The user speaks (server VAD); resolves when the model's answer is done. See responses.bargeIn. */
    bargeIn(options) {
      return responses.bargeIn(session, options);
    },
    /** Calls cut by the user's speech; returns their ids with `.cancelled` and `.done`. See responses.interruptCalls. */
    interruptCalls(calls, options) {
      return responses.interruptCalls(session, calls, options);
    },
    /** Cancels the active response (`turn_detected` | `client_cancelled`); whether there was one. */
    cancelResponse(reason = 'client_cancelled') {
      return responses.cancelResponse(session, reason);
    },
    /** Runs `fn` after `ms` if the session is still open; `abandoned()` instead if it has closed. */
    later(ms, fn, abandoned = () => {}) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (session.state !== 'open') return abandoned();
        fn();
      }, ms);
      timers.add(timer);
    },
    /**
     * Ends the session as OpenAI ends one at its maximum duration: the fatal `session_expired` error,
     * then the data channel and the peer connection close. Resolves when they have.
     */
    async expire() {
      const { code, message, type } = EVENT_ERRORS.sessionExpired();
      session.sendError(code, { message, type });
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the error leave before the close
      try {
        session.channel?.close();
      } catch {}
      await session.close();
    },
    /**
     * The call has ended (its data channel or peer connection closed, or `close()`): nothing more is
     * sent, a response under way is abandoned, the sidebands are closed (1000, after what was sent).
     */
    ended() {
      session.state = 'closed';
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      session.response?.settle(session.response.body('in_progress'));
      for (const socket of session.sidebands) {
        if (socket.readyState === socket.CONNECTING || socket.readyState === socket.OPEN) socket.close(1000);
      }
    },
    /**
     * `POST /v1/realtime/calls/{call_id}/hangup`: the data channel and the sidebands close, then the
     * peer connection (`close()`). Resolves when they have.
     */
    async hangUp() {
      try {
        session.channel?.close();
      } catch {}
      session.ended();
      await new Promise((resolve) => setTimeout(resolve, 100)); // let the stream reset leave before SCTP goes
      await session.close();
    },
    /**
     * Ends the call from OpenAI's side. The SCTP association is aborted first, as a libwebrtc peer
     * does when it closes, so the client's data channel closes at once: werift's own close() stops
     * DTLS before SCTP, its ABORT never leaves, and the client would notice only when ICE consent
     * runs out (about 30 s).
     */
    async close() {
      session.ended();
      try {
        await pc.sctpTransport?.stop();
      } catch {}
      // werift queues the ABORT; closing DTLS at once can drop it (seen under load: the client's channel stayed open).
      await new Promise((resolve) => setTimeout(resolve, 100));
      await pc.close().catch(() => {});
    },
  };
  session.callId = session.id.replace(/^sess_/, 'rtc_');
  return session;
}
