/**
 * How a session's call ends, and the timers that must not outlive it: OpenAI's maximum duration
 * (`expire`), a hang-up from the server that started the call, the client or the network closing
 * it (`ended`), and the stand-in shutting down (`close`). Once ended, nothing more is sent.
 */
import { EVENT_ERRORS } from './ga-protocol.js';

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {object} session the session (`session.js`) these methods are given to
 * @param {object} pc its peer connection, closed with it
 */
export function lifecycleOf(session, pc) {
  /** Timers of the session's own steps (a barge-in's speech), cleared when it closes. */
  const timers = new Set();
  return {
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
      await pause(50); // let the error leave before the close
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
      await pause(100); // let the stream reset leave before SCTP goes
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
      await pause(100);
      await pc.close().catch(() => {});
    },
  };
}
