// Sits between one DeepChat realtime service and its `oai-events` data channel, for two reasons:
//
// 1. Every function call in a response gets answered. DeepChat (2.4.2 and 2.5) answers only
//    `response.output[0]`, and only if that item is a function call, then sends `response.create`
//    at once. A reasoning model with `parallel_tool_calls` puts several calls in one response. So
//    DeepChat is shown the response with its first call first; the bridge answers the others through
//    the same handler; and DeepChat's `response.create` is held until every call of that response
//    has its `function_call_output`, then sent once.
// 2. For a DeepChat that speaks beta (2.4.2): GA event names are renamed to the beta names it
//    listens for (so the AI's transcript reaches its messages), and a `session.update` it sends is
//    put in GA shape.
//
// The hook is on that one service object: its `_dc` property (DeepChat assigns the channel there
// and reads it back for every use) becomes an accessor that patches the channel it is given, as own
// properties of that channel. No prototype and no other channel is touched.
import { betaSessionToGa, GA_TO_BETA_EVENT } from './realtime-ga.js';

const parse = (text) => {
  try {
    return typeof text === 'string' ? JSON.parse(text) : null;
  } catch {
    return null;
  }
};

/**
 * @param {object} service DeepChat's realtime service (`chat._activeService`)
 * @param {{ dialect: () => 'beta' | 'ga', answer: (call: { name: string, arguments: string }) => Promise<object>,
 *   onEvent: (type: string, detail: object) => void }} options
 */
export function bridgeDataChannel(service, { dialect, answer, onEvent }) {
  if (!service || Object.getOwnPropertyDescriptor(service, '_dc')?.get) return;
  let channel = service._dc;
  Object.defineProperty(service, '_dc', {
    configurable: true,
    enumerable: true,
    get: () => channel,
    set(value) {
      if (value && typeof value === 'object' && typeof value.send === 'function') patchChannel(value, { dialect, answer, onEvent });
      channel = value;
    },
  });
}

function patchChannel(channel, { dialect, answer, onEvent }) {
  const send = channel.send.bind(channel);
  const addEventListener = channel.addEventListener.bind(channel);
  /** The calls of the response being answered: { pending: Set<call_id>, holdsCreate: boolean } */
  let batch = null;
  /** Each server event is looked at once, however many listeners DeepChat adds. */
  const seen = new WeakMap();

  const release = () => {
    if (!batch || batch.pending.size > 0) return;
    const { holdsCreate } = batch;
    batch = null;
    if (holdsCreate) send(JSON.stringify({ type: 'response.create' }));
  };
  const answered = (callId) => {
    if (!batch?.pending.delete(callId)) return;
    release();
  };

  async function answerExtra(call) {
    let result;
    try {
      result = await answer({ name: call.name, arguments: call.arguments });
    } catch (error) {
      result = { error: { code: 'internal_error', message: `The tool call failed in the page (${String(error?.message ?? error).slice(0, 200)}).` } };
    }
    if (result === null || typeof result !== 'object' || Array.isArray(result)) result = { response: result ?? null };
    if (channel.readyState !== 'open') return;
    send(JSON.stringify({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify(result) } }));
    answered(call.call_id);
  }

  /** What DeepChat is shown of one server event (a string to deliver). */
  function incoming(text) {
    const event = parse(text);
    if (!event || typeof event.type !== 'string') return text;
    let changed = false;
    if (dialect() === 'beta' && Object.hasOwn(GA_TO_BETA_EVENT, event.type)) {
      event.type = GA_TO_BETA_EVENT[event.type];
      changed = true;
    }
    const output = event.type === 'response.done' && Array.isArray(event.response?.output) ? event.response.output : null;
    const calls = output ? output.filter((item) => item?.type === 'function_call' && typeof item.call_id === 'string') : [];
    if (calls.length > 0 && output[0] !== calls[0]) {
      event.response.output = [calls[0], ...output.filter((item) => item !== calls[0])];
      changed = true;
    }
    if (calls.length > 1) {
      batch = { pending: new Set(calls.map((call) => call.call_id)), holdsCreate: false };
      onEvent('parallel_calls', { count: calls.length });
      for (const call of calls.slice(1)) answerExtra(call);
    }
    return changed ? JSON.stringify(event) : text;
  }

  /** What goes out for one client event DeepChat sends. */
  function outgoing(data) {
    const event = parse(data);
    if (!event) return send(data);
    if (event.type === 'response.create' && batch && batch.pending.size > 0) {
      batch.holdsCreate = true; // sent by release() once every call of the response is answered
      return undefined;
    }
    if (dialect() === 'beta' && event.type === 'session.update') {
      return send(JSON.stringify({ ...event, session: betaSessionToGa(event.session) }));
    }
    const result = send(data);
    if (event.type === 'conversation.item.create' && event.item?.type === 'function_call_output') answered(event.item.call_id);
    return result;
  }

  Object.defineProperty(channel, 'send', { configurable: true, writable: true, value: outgoing });
  Object.defineProperty(channel, 'addEventListener', {
    configurable: true,
    writable: true,
    value(type, listener, options) {
      if (type !== 'message' || typeof listener !== 'function') return addEventListener(type, listener, options);
      const translated = function (event) {
        if (!seen.has(event)) seen.set(event, incoming(event.data));
        const data = seen.get(event);
        return listener.call(this, data === event.data ? event : new MessageEvent('message', { data, origin: event.origin }));
      };
      return addEventListener(type, translated, options);
    },
  });
}
