// Sits between one DeepChat realtime service and its `oai-events` data channel, so that a call
// survives OpenAI as it really behaves:
//
// 1. Tool calls are the bridge's. DeepChat (2.4.2 and 2.5) answers only `response.output[0]`, runs
//    it whatever the response's status, and sends `response.create` at once. The bridge instead runs
//    every completed call of a completed response once (response-calls.js), with an AbortSignal
//    that fires when the session stops, and shows DeepChat the response without its calls.
// 2. Every `response.create` (DeepChat's and the bridge's after tool outputs) goes through the
//    sequencer (response-sequencer.js): none while a response is under way or an output is owed.
// 3. `error` events: the recoverable ones (most, per OpenAI) become attach events and never reach
//    DeepChat, which would end the call; the fatal ones reach it, with their reason told to attach
//    (realtime-errors.js). If OpenAI closes the channel, attach is told, with the last error.
// 4. Tools the page's server runs (its answer to the offer names them): their calls are the
//    server's to run and answer, over its own connection to the call. The bridge runs the page's
//    calls of such a response but leaves its `response.create` to the server, and waits for the
//    server's outputs (seen as conversation items) before any create of its own.
// 5. GA shapes: assistant messages DeepChat sends (`methods.sendMessage(text, 'assistant')`) get
//    GA content types; for a DeepChat that speaks beta (2.4.2), GA event names are renamed to the
//    beta ones it listens for, and its `session.update` is put in GA shape (deepchat-2.4.2/).
//
// The hook is on that one service object: its `_dc` property (DeepChat assigns the channel there
// and reads it back for every use) becomes an accessor that patches the channel it is given, as own
// properties of that channel. No prototype and no other channel is touched. `session.created` and
// `session.updated` pass as they are.
import { CONVERSATION_ITEM_EVENTS } from '../common/realtime-ga.js';
import { createResponseSequencer } from '../common/response-sequencer.js';
import { callsToRun, statusReason } from '../common/response-calls.js';
import { classifyRealtimeError, tidyText } from '../common/realtime-errors.js';
import { internalError, thrownText } from '../common/errors.js';
import { toolCallFinished } from './event-stream.js';
import { renameForBeta, sessionUpdateToGa } from './deepchat-2.4.2/data-channel.js';
import { NO_SERVER_TOOLS } from './server-tools.js';

const parse = (text) => {
  try {
    return typeof text === 'string' ? JSON.parse(text) : null;
  } catch {
    return null;
  }
};

/** Beta content types of an assistant message → GA's. */
const GA_ASSISTANT_CONTENT = { text: 'output_text', audio: 'output_audio' };

/**
 * @typedef {{ dialect: () => 'beta' | 'ga', serverTools?: () => ReadonlySet<string>,
 *   answer: (call: { name: unknown, arguments: unknown }, options: { signal: AbortSignal, callId: string }) => Promise<unknown>,
 *   onEvent: (type: string, detail: object) => void }} BridgeOptions
 */

/**
 * @param {object} service DeepChat's realtime service (`chat._activeService`)
 * @param {BridgeOptions} options
 */
export function bridgeDataChannel(service, options) {
  if (!service || Object.getOwnPropertyDescriptor(service, '_dc')?.get) return;
  let channel = service._dc;
  let bridged = null; // the patched channel's controls
  Object.defineProperty(service, '_dc', {
    configurable: true,
    enumerable: true,
    get: () => channel,
    set(value) {
      // DeepChat's stop() sets `_dc = undefined`: the session is over for the channel it had.
      if (bridged && value !== channel) {
        bridged.end('session_stopped');
        bridged = null;
      }
      if (value && typeof value === 'object' && typeof value.send === 'function') {
        bridged = patchChannel(value, options, () => service._dc === value, service._pc);
      }
      channel = value;
    },
  });
}

/**
 * @param {RTCDataChannel} channel
 * @param {BridgeOptions} options
 * @param {() => boolean} stillHeld whether DeepChat still holds this channel (its session is live)
 * @param {RTCPeerConnection | undefined} pc the channel's peer connection
 */
function patchChannel(channel, { dialect, serverTools = () => NO_SERVER_TOOLS, answer, onEvent }, stillHeld, pc) {
  const send = channel.send.bind(channel);
  const addEventListener = channel.addEventListener.bind(channel);
  const isOpen = () => channel.readyState === 'open';
  const sequencer = createResponseSequencer({ send: (event) => isOpen() && send(JSON.stringify(event)) });
  /** Tool calls running: call_id → { name, controller }. */
  const running = new Map();
  const seenCalls = new Set();
  /** Calls the server runs, whose outputs the bridge has not seen yet: call_id → { name, started }. */
  const onServer = new Map();
  /** Each server event is looked at once, however many listeners DeepChat adds. */
  const seen = new WeakMap();
  let lastError = null;
  let ended = false;
  let outputSerial = 0;

  function end(reason) {
    if (ended) return;
    ended = true;
    sequencer.close();
    onServer.clear();
    for (const [callId, { name, controller }] of running) {
      controller.abort(new DOMException(`the voice session ended (${reason})`, 'AbortError'));
      onEvent('tool_call_aborted', { name, callId, reason });
    }
    running.clear();
  }

  // DeepChat listens neither for the channel closing nor for the connection failing: without this a
  // call OpenAI ended (or a network that went away) would look live forever.
  const lost = (reason) => {
    const live = stillHeld() && !ended;
    end(reason);
    if (live) onEvent('channel_closed', { error: lastError, reason });
  };
  addEventListener('close', () => lost('channel_closed'));
  pc?.addEventListener?.('connectionstatechange', () => {
    if (pc.connectionState === 'failed') lost('connection_failed');
  });

  /** Runs one of the page's calls; `wantsResponse: false` when the server continues the response. */
  async function run(call, { wantsResponse }) {
    const name = typeof call.name === 'string' ? call.name : '';
    const controller = new AbortController();
    running.set(call.call_id, { name, controller });
    sequencer.callStarted(call.call_id);
    onEvent('tool_call_started', { name, callId: call.call_id, runsOn: 'page' });
    let result;
    try {
      result = await answer({ name: call.name, arguments: call.arguments }, { signal: controller.signal, callId: call.call_id });
    } catch (error) {
      result = internalError(undefined, `The tool call failed in the page (${tidyText(thrownText(error), 200)}).`);
    }
    if (result === null || typeof result !== 'object' || Array.isArray(result)) result = { response: result ?? null };
    running.delete(call.call_id);
    if (controller.signal.aborted || ended || !isOpen()) return;
    send(JSON.stringify({
      type: 'conversation.item.create',
      event_id: `rc_output_${++outputSerial}`,
      item: { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify(result) },
    }));
    sequencer.callAnswered(call.call_id, { wantsResponse });
  }

  /** A call the server runs: owed until its output shows up in the conversation. */
  function awaitServer(call) {
    onServer.set(call.call_id, { name: call.name, started: performance.now() });
    sequencer.callStarted(call.call_id);
    onEvent('tool_call_started', { name: call.name, callId: call.call_id, runsOn: 'server' });
  }

  /** A conversation item: the output of a call the server runs frees the sequencer. */
  function itemSeen(item) {
    if (item?.type !== 'function_call_output' || !onServer.has(item.call_id)) return;
    const { name, started } = onServer.get(item.call_id);
    onServer.delete(item.call_id);
    onEvent('tool_call_finished', toolCallFinished({ name, callId: item.call_id, result: parse(item.output), durationMs: performance.now() - started, runsOn: 'server' }));
    sequencer.callAnswered(item.call_id, { wantsResponse: false });
  }

  /** `response.done`: its calls start (before the sequencer hears the response is over), DeepChat sees none. */
  function responseDone(event) {
    const response = event.response !== null && typeof event.response === 'object' ? event.response : {};
    const { run: toRun, skipped } = callsToRun(response, seenCalls);
    if (skipped.length > 0) {
      onEvent('tool_calls_skipped', { status: tidyText(response.status, 40), reason: statusReason(response), calls: skipped });
    }
    if (toRun.length > 1) onEvent('parallel_calls', { count: toRun.length });
    const theServers = serverTools();
    const serverContinues = toRun.some((call) => theServers.has(call.name));
    for (const call of toRun) {
      if (theServers.has(call.name)) awaitServer(call);
      else run(call, { wantsResponse: !serverContinues });
    }
    sequencer.responseDone(response.id);
    if (!Array.isArray(response.output) || !response.output.some((item) => item?.type === 'function_call')) return false;
    response.output = response.output.filter((item) => item?.type !== 'function_call');
    return true;
  }

  /** `error`: true when DeepChat must not see it. */
  function swallowError(event) {
    const error = classifyRealtimeError(event);
    const detail = { code: error.code, message: error.message, param: error.param, eventId: error.eventId };
    if (error.code === 'conversation_already_has_active_response' && sequencer.refusedCreate(error.eventId)) {
      onEvent('realtime_error', { ...detail, recoverable: true, handled: 'response_deferred' });
      return true;
    }
    lastError = { ...detail, meaning: error.meaning };
    if (error.fatal) {
      onEvent('session_error', { ...detail, meaning: error.meaning });
      return false;
    }
    sequencer.clientEventFailed(error.eventId);
    onEvent('realtime_error', { ...detail, recoverable: true, known: error.known });
    return true;
  }

  /** What DeepChat is shown of one server event: the text to deliver, or null for nothing. */
  function incoming(text) {
    const event = parse(text);
    if (!event || typeof event.type !== 'string') return null; // DeepChat would throw parsing it, and has no use for it
    let changed = false;
    if (event.type === 'response.created') sequencer.responseCreated(event.response?.id);
    else if (event.type === 'response.done') changed = responseDone(event);
    else if (event.type === 'error' && swallowError(event)) return null;
    else if (CONVERSATION_ITEM_EVENTS.has(event.type)) itemSeen(event.item);
    if (dialect() === 'beta' && renameForBeta(event)) changed = true;
    return changed ? JSON.stringify(event) : text;
  }

  /** What goes out for one client event DeepChat sends. */
  function outgoing(data) {
    const event = parse(data);
    if (!event || typeof event.type !== 'string') return send(data);
    if (event.type === 'response.create') {
      sequencer.requestCreate(event); // sent when the conversation is free
      return undefined;
    }
    if (event.type === 'session.update' && dialect() === 'beta') return send(JSON.stringify(sessionUpdateToGa(event)));
    const item = event.type === 'conversation.item.create' ? event.item : null;
    if (item?.type === 'function_call_output' && typeof item.call_id === 'string' && seenCalls.has(item.call_id)) {
      return undefined; // the bridge owns that call and answers it once
    }
    if (item?.type === 'message' && item.role === 'assistant' && Array.isArray(item.content)
      && item.content.some((part) => Object.hasOwn(GA_ASSISTANT_CONTENT, part?.type))) {
      const content = item.content.map((part) => (Object.hasOwn(GA_ASSISTANT_CONTENT, part?.type) ? { ...part, type: GA_ASSISTANT_CONTENT[part.type] } : part));
      return send(JSON.stringify({ ...event, item: { ...item, content } }));
    }
    return send(data);
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
        if (data === null) return undefined;
        return listener.call(this, data === event.data ? event : new MessageEvent('message', { data, origin: event.origin }));
      };
      return addEventListener(type, translated, options);
    },
  });
  return { end };
}
