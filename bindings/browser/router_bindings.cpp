// embind surface of the router, in both artifacts (the browser core and the
// compiler): which calls exist. The tool set crosses as bytes, the page's
// configuration and the cold paths as JSON text; plans and verdicts as a
// report in WASM memory (wire.hpp; the enums and offsets are declared in
// wire_bindings.cpp). No handles but the router itself, which
// web/companion.js deletes on dispose.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>
#include <string>

#include "json/write.hpp"
#include "router/router.hpp"
#include "router/http_method.hpp"
#include "router/tool_set.hpp"
#include "wire.hpp"

namespace {

using rc::wire::Report;
using rc::wire::ReportBody;
using rc::wire::ReportKind;

std::uint32_t address_of(const std::string& text) {
  return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(text.data()));
}

// The input buffer never needs more: arguments are at most
// kMaxArgumentBytesCeiling bytes, and an answer's text, re-encoded, at most
// three bytes per byte read (an invalid byte decodes to U+FFFD). JavaScript
// checks sizes before writing; this refuses a request that slipped past it
// rather than letting an allocation fail.
constexpr std::size_t kMaxInputBytes = 3 * rc::kMaxResponseBytesCeiling + 1;

// Holds a router on a compiled tool set, or the reason the set or the page's
// configuration was refused (no exception can cross into JavaScript, so the
// constructor cannot fail). The set arrives as bytes (a Uint8Array).
class CoreRouter {
 public:
  CoreRouter(const std::string& toolSetBytes, const std::string& pageConfigText) {
    rc::ToolSet set;
    if (!rc::read_tool_set(toolSetBytes, set, error_)) return;
    warnings_ = set.warningsText;
    router_ = rc::Router::load(std::move(set), pageConfigText, error_);
  }

  std::string error() const { return error_; }

  // lintTools' warnings about the tools, as the compiler recorded them (JSON text).
  std::string warnings() const { return warnings_; }

  std::string publicTools() const { return router_ ? router_->public_tools() : "[]"; }

  // The report's address: fixed for the router's life (see Report).
  double report() const { return static_cast<double>(reinterpret_cast<std::uintptr_t>(&report_)); }

  double maxArgumentBytes() const { return router_ ? static_cast<double>(router_->max_argument_bytes()) : 0; }

  // The one lane for arguments and answers: JavaScript encodes them with
  // TextEncoder.encodeInto straight into this buffer (no per-character copy
  // loop in the glue, no lone surrogate merged), then calls planInput or
  // interpretInput. Returns the buffer's address, or 0 past kMaxInputBytes.
  // The buffer only grows, so JavaScript keeps the address until it needs more.
  double inputBuffer(unsigned capacity) {
    if (capacity > kMaxInputBytes) return 0;
    if (capacity > input_.size()) input_.resize(capacity);
    return static_cast<double>(reinterpret_cast<std::uintptr_t>(input_.data()));
  }

  // Plans a call whose arguments are in the input buffer; fills the report
  // and returns its kind.
  unsigned planInput(const std::string& name, unsigned length) {
    return report_plan(router_->plan(name, std::string_view(input_.data(), std::min<std::size_t>(length, input_.size()))));
  }

  // The same for the tool at `index` in toolNames(): no name crosses
  // (rc_router_plan_tool below). An index past the tools plans an unknown one.
  unsigned planTool(unsigned index, unsigned length) {
    const auto& tools = router_->tools();
    return planInput(index < tools.size() ? tools[index].name : std::string(), length);
  }

  // The tools' names in the router's order, as a JSON array (read once).
  std::string toolNames() const {
    std::string out = "[";
    if (router_)
      for (const auto& tool : router_->tools()) {
        if (out.size() > 1) out += ',';
        rc::append_json_string(out, tool.name);
      }
    return out += ']';
  }

  // The tools the page runs and those it asks approval for, by name (read
  // once at creation): {"execute":[...],"needsApproval":[...]} as JSON text.
  std::string pageTools() const {
    std::string execute, approval;
    const auto add = [](std::string& list, const std::string& name) {
      if (!list.empty()) list += ',';
      rc::append_json_string(list, name);
    };
    if (router_)
      for (const auto& tool : router_->tools()) {
        if (tool.runsInPage) add(execute, tool.name);
        if (tool.needsApproval) add(approval, tool.name);
      }
    return "{\"execute\":[" + execute + "],\"needsApproval\":[" + approval + "]}";
  }

  // This object's address, for the plain export below (JavaScript keeps it beside the handle).
  double address() const { return static_cast<double>(reinterpret_cast<std::uintptr_t>(this)); }

  // A call JavaScript refused before its text crossed (see rc::CallRefusal);
  // fills the report like planInput.
  unsigned refuse(const std::string& name, rc::CallRefusal why, double amount) {
    return report_plan(router_->refuse(name, why, static_cast<std::uint64_t>(amount)));
  }

  // Judges an answer whose body is in the input buffer (see inputBuffer);
  // fills the report and returns its kind (a verdict kind, or result with
  // the result's JSON text).
  unsigned interpretInput(const std::string& name, int status, const std::string& contentType, unsigned length) {
    const std::string_view body(input_.data(), std::min<std::size_t>(length, input_.size()));
    return report_verdict(router_->judge(name, rc::HttpAnswer{status, contentType, body}));
  }

  // The next step after a redirect; fills the report like plan.
  unsigned followRedirect(const std::string& name, const std::string& method, int status, const std::string& location,
                          int redirectsSoFar) {
    return report_plan(router_->follow_redirect(name, method, status, location, redirectsSoFar));
  }

  std::string failure(const std::string& name, rc::ErrorCode code, const std::string& detail) const {
    return router_->failure(name, code, detail);
  }

 private:
  std::optional<rc::Router> router_;
  std::string error_;
  std::string warnings_ = "[]";
  std::vector<char> input_;
  Report report_{};
  std::string text_;  // what report_.textAddress points at
  std::string body_;  // what report_.bodyAddress points at

  unsigned report_text(ReportKind kind, std::string text) {
    text_ = std::move(text);
    report_ = Report{};
    report_.textAddress = address_of(text_);
    report_.textLength = static_cast<std::uint32_t>(text_.size());
    return static_cast<unsigned>(kind);
  }

  unsigned report_plan(rc::PlanOutcome outcome) {
    if (!outcome.request) return report_text(ReportKind::result, std::move(outcome.result));
    rc::RequestPlan& r = *outcome.request;
    report_text(ReportKind::request, std::move(r.url));
    report_.method = static_cast<std::uint32_t>(rc::http_method_from_string(r.method).value_or(rc::HttpMethod::GET));
    report_.timeoutMs = r.timeoutMs;
    report_.maxResponseBytes = static_cast<double>(r.maxResponseBytes);
    body_.clear();
    if (r.resendBody) report_.body = static_cast<std::uint32_t>(ReportBody::as_before);  // JavaScript still holds it
    if (r.body) {
      body_ = std::move(*r.body);
      // JavaScript may send the text it holds instead of decoding this copy.
      report_.body = static_cast<std::uint32_t>(r.bodyIsArguments ? ReportBody::is_arguments : ReportBody::in_memory);
      report_.bodyAddress = address_of(body_);
      report_.bodyLength = static_cast<std::uint32_t>(body_.size());
    }
    return static_cast<unsigned>(ReportKind::request);
  }

  unsigned report_verdict(rc::Interpretation verdict) {
    switch (verdict.use) {
      case rc::Interpretation::Use::body: return report_text(ReportKind::use_body, {});
      case rc::Interpretation::Use::response: return report_text(ReportKind::use_response, {});
      case rc::Interpretation::Use::text: return report_text(ReportKind::use_text, {});
      default: return report_text(ReportKind::result, std::move(verdict.result));
    }
  }
};

}  // namespace

// The call's hot step as a plain export: embind's generic invoker (no
// generated code in the glue, -sDYNAMIC_EXECUTION=0) and its string
// conversion of the name cost about 0.5 µs, a sixth of a small call. `router`
// is CoreRouter::address() of a live router: web/plan-call.js calls it only
// while the companion holds the router.
extern "C" EMSCRIPTEN_KEEPALIVE unsigned rc_router_plan_tool(std::uintptr_t router, unsigned index, unsigned length) {
  return reinterpret_cast<CoreRouter*>(router)->planTool(index, length);
}

EMSCRIPTEN_BINDINGS(realtime_companion_router) {
  emscripten::class_<CoreRouter>("CoreRouter")
      .constructor<const std::string&, const std::string&>()
      .function("error", &CoreRouter::error)
      .function("warnings", &CoreRouter::warnings)
      .function("publicTools", &CoreRouter::publicTools)
      .function("report", &CoreRouter::report)
      .function("maxArgumentBytes", &CoreRouter::maxArgumentBytes)
      .function("inputBuffer", &CoreRouter::inputBuffer)
      .function("planInput", &CoreRouter::planInput)
      .function("toolNames", &CoreRouter::toolNames)
      .function("pageTools", &CoreRouter::pageTools)
      .function("address", &CoreRouter::address)
      .function("refuse", &CoreRouter::refuse)
      .function("interpretInput", &CoreRouter::interpretInput)
      .function("followRedirect", &CoreRouter::followRedirect)
      .function("failure", &CoreRouter::failure);
}
