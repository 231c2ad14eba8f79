/**
 * What a session sends: server events, each with an `event_id`, to the client's data channel and
 * every sideband that is open, in the same order; `error` events in OpenAI's shape; and the
 * session as session.created / session.updated report it.
 */
import { newId } from './ids.js';
import { snapshotOf } from './ga-protocol.js';

/** @param {object} session the session (`session.js`) these methods are given to */
export function outboundOf(session) {
  return {
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
  };
}
