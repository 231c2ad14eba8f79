// The one event stream, as a page consumes it: a switch over `event.type` narrows each case to its
// own fields, the same listener fits createCompanion's onEvent, companion.onEvent and attach's
// onEvent, and the default case proves the switch saw every type (a new type must be added here).
import { createCompanion, type CompanionEvent, type DeepChatAttachmentEvent } from 'realtime-companion';

function describe(event: CompanionEvent): string {
  switch (event.type) {
    case 'key_fetched':
    case 'key_handed_out':
    case 'key_refreshed':
    case 'key_expired':
      return `${event.type} ${event.keyId ?? ''} until ${event.expiresAtMs ?? 0}`;
    case 'key_response_refused':
    case 'key_fetch_failed':
      return `${event.type}: ${event.error ?? ''} ${event.httpStatus ?? ''}`;
    case 'key_requested':
    case 'session_started':
    case 'session_stopped':
      return event.type;
    case 'key_received':
      return `key until ${event.expiresAt ?? 0} for ${event.model ?? 'the default model'}`;
    case 'key_failed':
    case 'session_failed':
      return event.message;
    case 'key_refused':
      return `${event.reason}: ${event.message}`;
    case 'offer_sent':
      return event.endpoint;
    case 'offer_rerouted':
      return `${event.from} -> ${event.to}`;
    case 'offer_refused':
      return `${event.by} ${event.status} ${event.code ?? ''}`;
    case 'tool_call_started': {
      const where: 'page' | 'server' = event.runsOn;
      const id: string | null = event.callId;
      return `${event.name} ${id ?? ''} on the ${where}`;
    }
    case 'tool_call_finished': {
      const outcome: string = event.ok ? 'ok' : event.errorCode ?? 'failed';
      const ms: number = event.durationMs;
      return `${event.name} ${outcome} ${event.httpStatus ?? ''} in ${ms} ms`;
    }
    case 'tool_call_approval_requested':
    case 'tool_call_approved':
      return event.name;
    case 'tool_call_declined':
      return `${event.name}: ${event.reason}`;
    case 'tool_call_aborted':
      return `${event.name}: ${event.reason}`;
    case 'tool_calls_skipped':
      return event.calls.map((call) => call.reason).join(', ');
    case 'parallel_calls':
      return `${event.count} calls`;
    case 'realtime_error':
    case 'session_error':
      return event.code ?? '';
    case 'channel_closed':
      return event.reason;
    case 'reset':
      return event.error ?? '';
    default: {
      const unseen: never = event;
      return unseen;
    }
  }
}

const log = (event: CompanionEvent) => console.log(event.at, describe(event));
const companion = await createCompanion({ tools: [], onEvent: log });
const unsubscribe: () => void = companion.onEvent(log);
unsubscribe();
companion.attach(document.createElement('deep-chat'), { onEvent: log });

declare const finished: Extract<CompanionEvent, { type: 'tool_call_finished' }>;
// @ts-expect-error the stream never carries the model's arguments
void finished.arguments;
// @ts-expect-error nor a tool's result
void finished.result;
// @ts-expect-error a call event has no keyId
void finished.keyId;
declare const elementEvent: DeepChatAttachmentEvent;
// @ts-expect-error the key lifecycle's events are the companion's, not an element's
if (elementEvent.type === 'key_handed_out') void elementEvent;
// @ts-expect-error onEvent takes a listener function
companion.onEvent('log');
