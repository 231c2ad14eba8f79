/**
 * One response as OpenAI streams it on the data channel (and every sideband): `response.created`,
 * then its output items one after the other, then `response.done`. A message item:
 * `response.output_item.added`, `conversation.item.added`, `response.content_part.added`, the
 * transcript's (or text's) deltas and done, `response.content_part.done`,
 * `response.output_item.done`, `conversation.item.done`. A function call:
 * `response.output_item.added`, `conversation.item.added`, `response.function_call_arguments.delta`s
 * and `.done`, `response.output_item.done`, `conversation.item.done`. An item cut short (status
 * `incomplete`) carries the first half of its text or arguments, in its delta and its done events
 * alike ("Also emitted when a Response is interrupted, incomplete, or cancelled").
 *
 * The session has one active response at most (`session.activeResponse`, its id) from the moment
 * it is decided on until its `response.done`; a response that runs for `durationMs` sends
 * `response.created` at once and the rest later, and can be cancelled meanwhile (the user's speech,
 * `response.cancel`): its items are then cut, and `response.done` is `cancelled`.
 *
 * `response.done` carries `usage` (`usage.js`: counted from the texts the model read and streamed),
 * null for a response cancelled before it was created; `response.created` has none yet (null).
 */
import { newId } from './ids.js';
import { cachedTokens, inputTokens, usageOf } from './usage.js';

// Not common/cut-text.js on purpose: half a text's code points, with no bound in units to keep.
/** The first half of a text, cut at a code point. */
const firstHalf = (text) => {
  const points = [...text];
  return points.slice(0, Math.floor(points.length / 2)).join('');
};

/** `response.status_details` as OpenAI types it (RealtimeResponseStatus), for a response ending `status`. */
export function statusDetails(status, { reason, error } = {}) {
  switch (status) {
    case 'completed': return null;
    case 'cancelled': return { type: 'cancelled', reason: reason ?? 'turn_detected' };
    case 'incomplete': return { type: 'incomplete', reason: reason ?? 'max_output_tokens' };
    case 'failed': return { type: 'failed', error: error ?? { type: 'invalid_request_error', code: reason ?? 'model_not_found' } };
    default: throw new TypeError(`realtime stand-in: no response status '${status}'`);
  }
}

/** Per session, the input tokens its latest response read (what the next one finds cached). */
const lastInput = new WeakMap();

/** How an output item's text is streamed: the content part type and event names, by output modality. */
const CONTENT = {
  audio: { part: 'output_audio', field: 'transcript', delta: 'response.output_audio_transcript.delta', done: 'response.output_audio_transcript.done' },
  text: { part: 'output_text', field: 'text', delta: 'response.output_text.delta', done: 'response.output_text.done' },
};

/**
 * One response of one session. `parts` are `{ kind: 'message', text, phase? }` and
 * `{ kind: 'function_call', name, arguments, status? }`; `compose()` may supply them when the
 * response is created instead. `ending` is how it ends if nothing cuts it: `{ status, details }`.
 */
export class ScriptedResponse {
  constructor(session, { parts = null, compose = null, ending = { status: 'completed', details: null } }) {
    this.session = session;
    this.id = newId('resp');
    this.parts = parts;
    this.compose = compose;
    this.ending = ending;
    /** 'reserved' (active, nothing sent) → 'created' → 'done'. */
    this.state = 'reserved';
    /** The input tokens it read ({ text, audio }) and of those cached, once created; null: no usage. */
    this.input = null;
    this.cached = null;
    /** Per part: { item, at, sent } once opened. */
    this.streams = [];
    this.timers = new Set();
    this.done = new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  body(status, details = null) {
    const { config } = this.session;
    return {
      object: 'realtime.response', id: this.id, status, status_details: details, output: this.streams.map((s) => s.item),
      conversation_id: this.session.conversationId, output_modalities: config.output_modalities, max_output_tokens: config.max_output_tokens,
      audio: { output: { format: config.audio?.output?.format, voice: config.audio?.output?.voice } }, usage: null, metadata: null,
    };
  }

  /** Marks the session busy with this response (throws if another one is active). */
  activate() {
    const { session } = this;
    if (session.activeResponse !== null) {
      throw new Error(`realtime stand-in: response ${session.activeResponse} is still active; await session.lastResponseDone first`);
    }
    session.activeResponse = this.id;
    session.response = this;
    session.lastResponseDone = this.done;
    return this;
  }

  create() {
    if (this.state !== 'reserved') return;
    this.state = 'created';
    this.parts ??= this.compose?.() ?? [];
    if (!this.cancelledBeforeCreated) {
      this.input = inputTokens(this.session);
      this.cached = cachedTokens(lastInput.get(this.session), this.input);
      lastInput.set(this.session, this.input);
    }
    this.session.send({ type: 'response.created', response: this.body('in_progress') });
  }

  /** Starts part `i`: its item is added, and the first half of its text is streamed. */
  open(i) {
    if (this.streams[i]) return;
    const { session } = this;
    const part = this.parts[i];
    const at = { response_id: this.id, output_index: i };
    const previous_item_id = session.items.at(-1)?.id ?? null;
    let item;
    if (part.kind === 'function_call') {
      item = { id: newId('item'), object: 'realtime.item', type: 'function_call', status: 'in_progress', name: part.name, call_id: part.call_id, arguments: '' };
    } else {
      item = { id: newId('item'), object: 'realtime.item', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
      if (part.phase) item.phase = part.phase;
    }
    const stream = { item, previous_item_id, at: { ...at, item_id: item.id }, sent: firstHalf(part.kind === 'function_call' ? part.arguments : part.text) };
    this.streams[i] = stream;
    session.items.push(item);
    session.send({ type: 'response.output_item.added', ...at, item: structuredClone(item) });
    session.send({ type: 'conversation.item.added', previous_item_id, item: structuredClone(item) });
    if (part.kind === 'function_call') {
      if (stream.sent) session.send({ type: 'response.function_call_arguments.delta', ...stream.at, call_id: part.call_id, delta: stream.sent });
      return;
    }
    const content = CONTENT[session.config.output_modalities?.includes('text') ? 'text' : 'audio'];
    stream.content = content;
    if (content.part === 'output_audio') session.audioSent = true;
    session.send({ type: 'response.content_part.added', ...stream.at, content_index: 0, part: { type: content.part, [content.field]: '' } });
    if (stream.sent) session.send({ type: content.delta, ...stream.at, content_index: 0, delta: stream.sent });
  }

  /** Ends part `i` (opening it first): whole, or `cut` to what was streamed. */
  close(i, cut) {
    this.open(i);
    const { session } = this;
    const part = this.parts[i];
    const stream = this.streams[i];
    if (stream.closed) return;
    stream.closed = true;
    const status = part.status ?? (cut ? 'incomplete' : 'completed');
    const whole = part.kind === 'function_call' ? part.arguments : part.text;
    const text = status === 'completed' ? whole : stream.sent;
    const rest = text.slice(stream.sent.length);
    const { item } = stream;
    item.status = status;
    if (part.kind === 'function_call') {
      if (rest) session.send({ type: 'response.function_call_arguments.delta', ...stream.at, call_id: part.call_id, delta: rest });
      item.arguments = text;
      session.send({ type: 'response.function_call_arguments.done', ...stream.at, call_id: part.call_id, name: part.name, arguments: text });
    } else {
      const { content } = stream;
      if (rest) session.send({ type: content.delta, ...stream.at, content_index: 0, delta: rest });
      session.send({ type: content.done, ...stream.at, content_index: 0, [content.field]: text });
      item.content = [{ type: content.part, [content.field]: text }];
      session.send({ type: 'response.content_part.done', ...stream.at, content_index: 0, part: structuredClone(item.content[0]) });
    }
    session.send({ type: 'response.output_item.done', response_id: this.id, output_index: i, item: structuredClone(item) });
    session.send({ type: 'conversation.item.done', previous_item_id: stream.previous_item_id, item: structuredClone(item) });
  }

  /**
   * Sends everything not sent yet and `response.done`. Cut short (`interrupted`): every item not
   * closed is cut. Otherwise function calls are cut when the response does not complete.
   */
  finish({ status, details }, interrupted = false) {
    if (this.state === 'done') return;
    this.create();
    for (const t of this.timers) clearTimeout(t);
    this.parts.forEach((part, i) => this.close(i, interrupted || (status !== 'completed' && part.kind === 'function_call')));
    this.state = 'done';
    const response = this.body(status, details);
    if (this.input) response.usage = usageOf({ input: this.input, cached: this.cached, output: response.output });
    this.session.send({ type: 'response.done', response });
    this.settle(response);
  }

  /** The session is free again; whoever awaits the response gets it. */
  settle(response) {
    this.state = 'done';
    for (const t of this.timers) clearTimeout(t);
    if (this.session.response === this) {
      this.session.activeResponse = null;
      this.session.response = null;
    }
    this.resolve(response);
  }

  /** Cancels it (`turn_detected` or `client_cancelled`), as OpenAI does; one not created yet has no output. */
  cancel(reason) {
    if (this.state === 'reserved') {
      this.parts ??= [];
      this.cancelledBeforeCreated = true; // OpenAI reports no usage for it
    }
    this.finish({ status: 'cancelled', details: statusDetails('cancelled', { reason }) }, true);
  }

  /** Runs `fn` after `ms` while the session is open; if it has closed, the response is abandoned. */
  later(ms, fn) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.state === 'done') return;
      if (this.session.state !== 'open') return this.settle(this.body('in_progress'));
      try {
        fn();
      } catch (error) {
        console.error('realtime stand-in: a response step failed:', error);
        this.settle(this.body('in_progress'));
      }
    }, ms);
    this.timers.add(timer);
  }

  /** Created now; the rest now (`durationMs` 0) or after `durationMs`. */
  run(durationMs) {
    this.create();
    if (durationMs > 0) this.later(durationMs, () => this.finish(this.ending));
    else this.finish(this.ending);
    return this.done;
  }
}

