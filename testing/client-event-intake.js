/**
 * Where a client event enters a call, whether it came over the data channel or a sideband: it is
 * recorded (the session's and the stand-in's lists, `via` saying which), waiters are woken, and the
 * scripted model handles it unless the call has ended (a sideband may act before the client's
 * channel opens, so an open channel is not required).
 */

/**
 * @param {{ model: (session: object, event: object) => void, events: object[], notify: () => void }} standIn
 * @returns {(session: object, text: string, via: 'channel' | 'sideband') => void}
 */
export function createEventIntake({ model, events, notify }) {
  return function receive(session, text, via) {
    let event;
    try {
      event = JSON.parse(text);
    } catch {
      event = { type: '(not JSON)', text };
    }
    const record = { session: session.id, at: Date.now(), event, via };
    session.events.push(record);
    events.push(record);
    notify();
    if (session.state === 'closed') return;
    try {
      model(session, event);
    } catch (error) {
      console.error('realtime stand-in: the scripted model failed:', error);
    }
  };
}
