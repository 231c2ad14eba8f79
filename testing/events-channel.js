/**
 * The client's `oai-events` data channel of one call: when it opens, the session starts
 * (`session.created` with the full effective session, the model as its snapshot); each message is
 * a client event; when it closes, so does the call. Other channels are ignored, as OpenAI uses only
 * this one.
 */

/**
 * @param {object} session the call's session (`session.js`)
 * @param {object} channel a werift data channel
 * @param {{ receive: (session: object, text: string, via: 'channel') => void, notify: () => void, closed: () => void }} hooks
 */
export function attachEventsChannel(session, channel, { receive, notify, closed }) {
  if (channel.label !== 'oai-events') return;
  session.channel = channel;
  const opened = () => {
    if (session.state !== 'connecting') return;
    session.state = 'open';
    session.send({ type: 'session.created', session: session.describe() });
    notify();
  };
  channel.stateChanged.subscribe((state) => {
    if (state === 'open') opened();
    if (state === 'closed') closed();
  });
  if (channel.readyState === 'open') opened();
  channel.onMessage.subscribe((data) => receive(session, typeof data === 'string' ? data : data.toString('utf8'), 'channel'));
}
