// The per-call crossing into the core, and the one place that checks what
// crosses. The copy itself is the danger: WebAssembly memory never shrinks, an
// allocation past 2 GB fails inside the glue and overwrites memory, and a
// lone surrogate has no UTF-8 form (encoding would silently replace it). So,
// before anything is copied:
// - a name longer than any tool name, or arguments longer (in UTF-16 units)
//   than maxArgumentBytes, are refused from their length alone: not one
//   character is read, so even a string of V8's maximum length costs nothing;
// - ill-formed UTF-16 (a lone surrogate) in the name or the arguments is
//   refused, never replaced or merged;
// - every other text that crosses is bounded (a Location, a content type, a
//   failure's detail).
// Arguments and answers then go in through the input lane (common/input-lane.js,
// bindings/browser/router_bindings.cpp rc_router_input_buffer); plans and
// verdicts come back as a report in WASM memory (bindings/browser/wire.hpp),
// read here by the offsets the core declares (common/marshal.js), because a JSON
// round trip of the plan cost more than the rest of a small call; for the same
// reason arguments the validator refused come back as its error record.
import { loneSurrogateAt, wellFormed, writeInput } from './input-lane.js';
import { readErrorRecord, textAt, wireOf } from './marshal.js';
import { cutText } from './cut-text.js';

// A redirect target longer than this is refused, not copied (browsers and
// servers commonly stop at 8 KB of request target).
const MAX_LOCATION_LENGTH = 8192;
// How much of a content type or a failure's detail crosses.
const MAX_CONTENT_TYPE_LENGTH = 1024;
const MAX_DETAIL_LENGTH = 200;

// What JavaScript keeps per router: the report's address (fixed for the
// router's life), the argument limit, the wire, and each tool's index (a
// known tool is planned by index: no name crosses).
const lanes = new WeakMap();
function laneOf(module, core) {
  let lane = lanes.get(core);
  if (!lane) {
    lane = {
      report: core.report(), maxArgumentBytes: core.maxArgumentBytes(), wire: wireOf(module),
      toolIndex: new Map(JSON.parse(core.toolNames()).map((name, index) => [name, index])),
    };
    lanes.set(core, lane);
  }
  return lane;
}

// A report field, read after the call: the memory may have grown, so the views are fetched fresh.
const word = (module, lane, field) => module.HEAPU32[(lane.report + lane.wire.report[field]) >>> 2];
const reportText = (module, lane, field) => textAt(module, lane.report + lane.wire.report[field]);

// The step the core reported: { request } to make, or { result } for the
// model. `argumentsText` is the text the core read from the input buffer;
// `previousBody` the body of the request a redirect repeats.
function readPlan(module, core, kind, argumentsText, previousBody = null) {
  const lane = laneOf(module, core);
  const { names } = lane.wire;
  const text = reportText(module, lane, 'text');
  const kindName = names.ReportKind[kind];
  if (kindName === 'result') return { result: JSON.parse(text) };
  if (kindName === 'invalid_arguments') return { result: invalidArguments(module, lane, text) };
  const body = names.ReportBody[word(module, lane, 'body')];
  return {
    request: {
      method: names.HttpMethod[word(module, lane, 'method')],
      url: text,
      timeoutMs: word(module, lane, 'timeoutMs'),
      maxResponseBytes: module.HEAPF64[(lane.report + lane.wire.report.maxResponseBytes) >>> 3],
      // The model's own text when the core sends it unchanged: no decoding.
      body: body === 'is_arguments' ? argumentsText
        : body === 'as_before' ? previousBody
          : body === 'in_memory' ? reportText(module, lane, 'bodyText') : null,
    },
  };
}

// The arguments were refused (by the validator, before it, or by its budget):
// the answer, with the code and message the core wrote and the errors read from
// its record as compileSchema's validate() reads them, in the order of every
// other error object (code, message, tool, details).
function invalidArguments(module, lane, message) {
  const { errors } = readErrorRecord(module, lane.errorRecord ??= lane.wire.offsets.ErrorRecord, lane.report + lane.wire.report.errors);
  const code = lane.wire.names.ErrorCode[word(module, lane, 'code')];
  return { error: { code, message, tool: reportText(module, lane, 'tool'), errors } };
}

// Why a call cannot cross, judged from lengths before any character is read,
// as [name to report, rc::CallRefusal, amount]; undefined when it can.
function refusalOf(module, lane, name, argumentsText, unreadable) {
  if (unreadable === 'name') return ['', 'name_unreadable', 0];
  if (name.length > lane.wire.constants.maxToolNameLength) return ['', 'name_too_long', name.length];
  const inName = loneSurrogateAt(name);
  if (inName >= 0) return ['', 'name_ill_formed', inName];
  if (unreadable === 'arguments') return [name, 'arguments_unreadable', 0];
  if (argumentsText.length > lane.maxArgumentBytes) return [name, 'arguments_too_long', argumentsText.length];
  const inArguments = loneSurrogateAt(argumentsText);
  if (inArguments >= 0) return [name, 'arguments_ill_formed', inArguments];
  return undefined;
}

function refuse(module, core, [name, why, amount]) {
  return readPlan(module, core, core.refuse(name, why, amount));
}

/**
 * The first step of a tool call: { request } to make, or { result } for the model.
 * @param {string} name
 * @param {string} argumentsText
 * @param {'name' | 'arguments'} [unreadable] which part of the call could not be read
 */
export function planCall(module, core, name, argumentsText, unreadable) {
  const lane = laneOf(module, core);
  const refusal = refusalOf(module, lane, name, argumentsText, unreadable);
  if (refusal) return refuse(module, core, refusal);
  const length = writeInput(module, core, argumentsText, lane.maxArgumentBytes);
  if (length > lane.maxArgumentBytes) return refuse(module, core, [name, 'arguments_too_large', length]);
  const index = lane.toolIndex.get(name);
  // A known tool crosses as its index; any other name is copied in.
  const kind = index === undefined ? core.planInput(name, length) : core.planTool(index, length);
  return readPlan(module, core, kind, argumentsText);
}

/**
 * The step after a redirect to `location` (absolute, as URL printed it):
 * { request } to make, or { result } (refused, too many, too long).
 */
export function planRedirect(module, core, name, previous, status, location, redirectsSoFar) {
  if (location.length > MAX_LOCATION_LENGTH) {
    return { result: failCall(module, core, name, 'network_error', `it redirected to a Location longer than ${MAX_LOCATION_LENGTH} characters`) };
  }
  return readPlan(module, core, core.followRedirect(name, previous.method, status, location, redirectsSoFar), undefined, previous.body);
}

/**
 * The object for the model from a backend's answer. The core checks the body
 * (and builds every error); a JSON or text body it accepts is turned into the
 * result here, from the text JavaScript already holds. `body` is text decoded
 * from at most maxResponseBytes bytes (common/read-body.js), so well-formed and
 * bounded.
 */
export function interpretAnswer(module, core, name, status, contentType, body) {
  if (body.length > wireOf(module).constants.maxResponseBytesCeiling) return failCall(module, core, name, 'response_too_large');
  const length = writeInput(module, core, body, body.length * 3);
  const lane = laneOf(module, core);
  const kind = lane.wire.names.ReportKind[core.interpretInput(name, status, shortText(contentType, MAX_CONTENT_TYPE_LENGTH), length)];
  if (kind === 'use_text') return { response: body };
  if (kind === 'use_body') return JSON.parse(body);
  if (kind === 'use_response') return { response: JSON.parse(body) };
  return JSON.parse(reportText(module, lane, 'text'));
}

/**
 * The core's error object for a failure JavaScript observed. A name that
 * could not have crossed is left out; the detail is bounded and well-formed.
 */
export function failCall(module, core, name, code, detail = '') {
  const wire = wireOf(module);
  const crossable = typeof name === 'string' && name.length <= wire.constants.maxToolNameLength && loneSurrogateAt(name) < 0;
  const known = wire.names.ErrorCode.includes(code);
  return JSON.parse(core.failure(crossable ? name : '', known ? code : 'internal_error', shortText(detail, MAX_DETAIL_LENGTH)));
}

// Text that only informs, cut to `maxUnits` without splitting a surrogate
// pair, lone surrogates shown as U+FFFD.
function shortText(text, maxUnits) {
  return wellFormed(cutText(text, maxUnits));
}
