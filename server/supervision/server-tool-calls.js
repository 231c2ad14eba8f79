/**
 * The server's side of a call's tool calls, on the sideband: it runs the calls of the server's
 * tools and answers them with `function_call_output`, and it asks for the model's next response
 * when a response that had a server call has every output in.
 *
 * Who sends that `response.create` is decided per response, so that exactly one goes out: a
 * response with at least one server call is the server's (the page answers its own calls of that
 * response but leaves the create to the server, which sees the page's outputs arrive as
 * `conversation.item.added`); a response with page calls only is the page's, as before. Both sides
 * know which tools are the server's: the server tells the page in its answer to the offer
 * (`X-Realtime-Companion-Server-Tools`).
 *
 * The same rules as the page's bridge (common/response-calls.js, common/response-sequencer.js): only a
 * completed call of a completed response runs, once per call id; no create while a response is
 * under way; a create OpenAI refuses because one started first is sent again after it.
 * @module
 */
import { createResponseSequencer } from '../../common/response-sequencer.js';
import { callsToRun } from '../../common/response-calls.js';
import { CONVERSATION_ITEM_EVENTS } from '../../common/realtime-ga.js';


/**
 * @param {{ tools: NonNullable<ReturnType<typeof import('./server-tools.js').createServerTools>>,
 *   send: (event: object) => boolean, record: (fields: object) => void,
 *   context: { callId: string, clientId: string | null }, now: () => number }} options
 *   `send` puts a client event on the sideband; `record` writes an audit record
 */
export function createServerToolCalls({ tools, send, record, context, now }) {
  const sequencer = createResponseSequencer({ send, idPrefix: 'rc_server_create_' });
  const seen = new Set();
  /** The page's calls, in responses the server will continue, whose outputs have not been seen. */
  const owedByPage = new Set();
  /** Server calls running: call id → { name, controller, started }. */
  const running = new Map();
  let outputSerial = 0;
  let closed = false;

  async function runCall(call) {
    const controller = new AbortController();
    const started = now();
    running.set(call.call_id, { name: call.name, controller, started });
    const result = await tools.run({ name: call.name, argumentsText: call.arguments }, {
      signal: controller.signal,
      context: { ...context, toolCallId: call.call_id },
    });
    running.delete(call.call_id);
    if (closed) return; // close() audited it as aborted
    record({
      event: 'server_tool_call',
      name: call.name,
      tool_call_id: call.call_id,
      outcome: result.outcome,
      ...(result.error && { error: result.error }),
      duration_ms: now() - started,
    });
    if (result.outcome === 'aborted') return;
    send({
      type: 'conversation.item.create',
      event_id: `rc_server_output_${++outputSerial}`,
      item: { type: 'function_call_output', call_id: call.call_id, output: result.text },
    });
    sequencer.callAnswered(call.call_id);
  }

  function responseDone(response) {
    const { run } = callsToRun(response, seen);
    if (!run.some((call) => tools.has(call.name))) return; // the page's response to continue
    for (const call of run) sequencer.callStarted(call.call_id);
    for (const call of run) {
      if (tools.has(call.name)) runCall(call);
      else owedByPage.add(call.call_id);
    }
  }

  return {
    /** Every event of the call, as the sideband delivers it. */
    onEvent(event) {
      if (closed) return;
      switch (event.type) {
        case 'response.created':
          sequencer.responseCreated(event.response?.id);
          break;
        case 'response.done': {
          const response = event.response !== null && typeof event.response === 'object' ? event.response : {};
          responseDone(response); // its calls start before the sequencer hears the response is over
          sequencer.responseDone(response.id);
          break;
        }
        case 'error':
          if (event.error?.code === 'conversation_already_has_active_response') sequencer.refusedCreate(event.error?.event_id);
          else sequencer.clientEventFailed(event.error?.event_id);
          break;
        default:
          if (CONVERSATION_ITEM_EVENTS.has(event.type) && event.item?.type === 'function_call_output' && owedByPage.delete(event.item.call_id)) {
            sequencer.callAnswered(event.item.call_id);
          }
      }
    },
    /** The call is over: running handlers are aborted (and audited so), nothing more is sent. */
    close() {
      if (closed) return;
      closed = true;
      sequencer.close();
      for (const [callId, { name, controller, started }] of running) {
        controller.abort(new DOMException('the call ended', 'AbortError'));
        record({ event: 'server_tool_call', name, tool_call_id: callId, outcome: 'aborted', duration_ms: now() - started });
      }
      running.clear();
      owedByPage.clear();
    },
  };
}
