// A router in the core (bindings/browser/router_bindings.cpp) behind its C
// handle: each method is one call of the C ABI, text in and out through the
// marshal (common/marshal.js). delete() frees it; web/companion.js calls it on dispose.
import { codeOf, textAt, withInputs } from './marshal.js';

export class CoreRouter {
  /** @param {Uint8Array} toolSetBytes @param {string} pageConfigText */
  constructor(module, toolSetBytes, pageConfigText) {
    this.module = module;
    this.handle = withInputs(module, [toolSetBytes, pageConfigText], module._rc_router_new);
  }

  /** Why the set or the configuration was refused, or ''. */
  error() { return textAt(this.module, this.module._rc_router_error(this.handle)); }
  /** lintTools' warnings, as the compiler recorded them (JSON text). */
  warnings() { return textAt(this.module, this.module._rc_router_warnings(this.handle)); }
  publicTools() { return textAt(this.module, this.module._rc_router_public_tools(this.handle)); }
  /** The tools' names in the router's order (JSON text): a name's index is what planTool takes. */
  toolNames() { return textAt(this.module, this.module._rc_router_tool_names(this.handle)); }
  /** {"execute":[...],"needsApproval":[...]} (JSON text). */
  pageTools() { return textAt(this.module, this.module._rc_router_page_tools(this.handle)); }
  /** The report's address, fixed for the router's life (wire.hpp Report). */
  report() { return this.module._rc_router_report(this.handle); }
  maxArgumentBytes() { return this.module._rc_router_max_argument_bytes(this.handle); }
  /** The input lane's address for `capacity` bytes (0: past the core's limit); see common/input-lane.js. */
  inputBuffer(capacity) { return this.module._rc_router_input_buffer(this.handle, capacity); }

  // Each plan fills the report and returns its kind (a ReportKind number).
  planTool(index, length) { return this.module._rc_router_plan_tool(this.handle, index, length); }
  planInput(name, length) {
    return withInputs(this.module, [name], (at, bytes) => this.module._rc_router_plan_input(this.handle, at, bytes, length));
  }
  /** `why`: a CallRefusal name. */
  refuse(name, why, amount) {
    const code = codeOf(this.module, 'CallRefusal', why);
    return withInputs(this.module, [name], (at, bytes) => this.module._rc_router_refuse(this.handle, at, bytes, code, amount));
  }
  interpretInput(name, status, contentType, length) {
    return withInputs(this.module, [name, contentType], (at, bytes, typeAt, typeBytes) =>
      this.module._rc_router_interpret_input(this.handle, at, bytes, status, typeAt, typeBytes, length));
  }
  /** `method`: an HttpMethod name. */
  followRedirect(name, method, status, location, redirectsSoFar) {
    const code = codeOf(this.module, 'HttpMethod', method);
    return withInputs(this.module, [name, location], (at, bytes, locationAt, locationBytes) =>
      this.module._rc_router_follow_redirect(this.handle, at, bytes, code, status, locationAt, locationBytes, redirectsSoFar));
  }
  /** The error object's JSON text for a failure JavaScript observed; `code`: an ErrorCode name. */
  failure(name, code, detail) {
    const number = codeOf(this.module, 'ErrorCode', code);
    return withInputs(this.module, [name, detail], (at, bytes, detailAt, detailBytes) =>
      textAt(this.module, this.module._rc_router_failure(this.handle, at, bytes, number, detailAt, detailBytes)));
  }

  delete() {
    if (this.handle) this.module._rc_router_delete(this.handle);
    this.handle = 0;
  }
}
