// The router's C ABI, in both artifacts (the browser core and the compiler).
// A router is an opaque handle from rc_router_new, freed by rc_router_delete
// (web/companion.js on dispose). The tool set crosses as bytes, the page's
// configuration and the cold paths as text (pointer, length); arguments and
// answers through the input lane; plans and verdicts as a Report (wire.hpp).
// Every export is listed in exports.txt.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/write.hpp"
#include "router/http_method.hpp"
#include "router/router.hpp"
#include "router/tool_set.hpp"
#include "wire.hpp"

namespace {

using rc::wire::Report;
using rc::wire::ReportBody;
using rc::wire::ReportKind;
using rc::wire::Text;
using rc::wire::text_of;

// The input buffer never needs more: arguments are at most
// kMaxArgumentBytesCeiling bytes, and an answer's text, re-encoded, at most
// three bytes per byte read (an invalid byte decodes to U+FFFD). JavaScript
// checks sizes before writing; this refuses a request that slipped past it
// rather than letting an allocation fail.
constexpr std::size_t kMaxInputBytes = 3 * rc::kMaxResponseBytesCeiling + 1;

// A router on a compiled tool set, or the reason the set or the page's
// configuration was refused (rc_router_error).
class CoreRouter {
 public:
  CoreRouter(std::string_view toolSetBytes, std::string_view pageConfigText) {
    rc::ToolSet set;
    if (!rc::read_tool_set(toolSetBytes, set, error_)) return;
    warnings_ = set.warningsText;
    router_ = rc::Router::load(std::move(set), pageConfigText, error_);
  }

  // Text answers of the cold calls: valid until the router's next call.
  const Text* answer(std::string_view text) {
    answer_ = text_of(text);
    return &answer_;
  }
  const Text* answer_owned(std::string text) {
    owned_ = std::move(text);
    return answer(owned_);
  }

  const Text* error() { return answer(error_); }
  const Text* warnings() { return answer(warnings_); }
  const Text* public_tools() { return router_ ? answer(router_->public_tools()) : answer("[]"); }
  const Report* report() const { return &report_; }
  double max_argument_bytes() const { return router_ ? static_cast<double>(router_->max_argument_bytes()) : 0; }

  // The one lane for arguments and answers: JavaScript encodes them with
  // TextEncoder.encodeInto straight into this buffer. Returns its address, or
  // null past kMaxInputBytes. It only grows, so JavaScript keeps the address.
  char* input_buffer(std::uint32_t capacity) {
    if (capacity > kMaxInputBytes) return nullptr;
    if (capacity > input_.size()) input_.resize(capacity);
    return input_.data();
  }

  std::string_view input(std::uint32_t length) const {
    return std::string_view(input_.data(), std::min<std::size_t>(length, input_.size()));
  }

  // The tools' names in the router's order, as a JSON array (read once).
  const Text* tool_names() {
    std::string out = "[";
    if (router_)
      for (const auto& tool : router_->tools()) {
        if (out.size() > 1) out += ',';
        rc::append_json_string(out, tool.name);
      }
    return answer_owned(out += ']');
  }

  // {"execute":[...],"needsApproval":[...]}: the tools the page runs and
  // those it asks approval for (read once at creation).
  const Text* page_tools() {
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
    return answer_owned("{\"execute\":[" + execute + "],\"needsApproval\":[" + approval + "]}");
  }

  std::uint32_t plan(std::string_view name, std::uint32_t length) { return report_plan(router_->plan(name, input(length))); }

  // The tool at `index` in tool_names(): no name crosses. Past the tools: an unknown one.
  std::uint32_t plan_tool(std::uint32_t index, std::uint32_t length) {
    const auto& tools = router_->tools();
    return plan(index < tools.size() ? std::string_view(tools[index].name) : std::string_view(), length);
  }

  std::uint32_t refuse(std::string_view name, rc::CallRefusal why, double amount) {
    return report_plan(router_->refuse(name, why, static_cast<std::uint64_t>(amount)));
  }

  std::uint32_t interpret(std::string_view name, int status, std::string_view contentType, std::uint32_t length) {
    return report_verdict(router_->judge(name, rc::HttpAnswer{status, contentType, input(length)}));
  }

  std::uint32_t follow_redirect(std::string_view name, const std::string& method, int status, const std::string& location,
                                int redirectsSoFar) {
    return report_plan(router_->follow_redirect(name, method, status, location, redirectsSoFar));
  }

  const Text* failure(std::string_view name, rc::ErrorCode code, std::string_view detail) {
    return answer_owned(router_->failure(name, code, detail));
  }

 private:
  std::optional<rc::Router> router_;
  std::string error_;
  std::string warnings_ = "[]";
  std::vector<char> input_;
  Report report_{};
  std::string text_;    // what report_.text points at
  std::string body_;    // what report_.bodyText points at
  std::string owned_;   // what answer_ points at, when the router does not own it
  Text answer_{};

  std::uint32_t report_text(ReportKind kind, std::string text) {
    text_ = std::move(text);
    report_ = Report{};
    report_.text = text_of(text_);
    return static_cast<std::uint32_t>(kind);
  }

  std::uint32_t report_plan(rc::PlanOutcome outcome) {
    if (outcome.invalid) return report_invalid(std::move(outcome.result), *outcome.invalid);
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
      report_.bodyText = text_of(body_);
    }
    return static_cast<std::uint32_t>(ReportKind::request);
  }

  // The errors stay where the validator wrote them; JavaScript reads them as
  // compileSchema's validate() does, so no answer is written as text and parsed again.
  std::uint32_t report_invalid(std::string message, const rc::InvalidArguments& invalid) {
    report_text(ReportKind::invalid_arguments, std::move(message));
    report_.code = static_cast<std::uint32_t>(invalid.code);
    report_.tool = text_of(invalid.tool);
    report_.errors = rc::wire::error_record_of(*invalid.errors);
    return static_cast<std::uint32_t>(ReportKind::invalid_arguments);
  }

  std::uint32_t report_verdict(rc::Interpretation verdict) {
    switch (verdict.use) {
      case rc::Interpretation::Use::body: return report_text(ReportKind::use_body, {});
      case rc::Interpretation::Use::response: return report_text(ReportKind::use_response, {});
      case rc::Interpretation::Use::text: return report_text(ReportKind::use_text, {});
      default: return report_text(ReportKind::result, std::move(verdict.result));
    }
  }
};

std::string_view view(const char* text, std::uint32_t length) { return std::string_view(text, length); }

}  // namespace

// Never null: a refused router answers rc_router_error with why.
extern "C" CoreRouter* rc_router_new(const char* toolSet, std::uint32_t toolSetLength, const char* config,
                                     std::uint32_t configLength) {
  return new CoreRouter(view(toolSet, toolSetLength), view(config, configLength));
}
extern "C" void rc_router_delete(CoreRouter* router) { delete router; }
extern "C" const Text* rc_router_error(CoreRouter* router) { return router->error(); }
// lintTools' warnings about the tools, as the compiler recorded them (JSON text).
extern "C" const Text* rc_router_warnings(CoreRouter* router) { return router->warnings(); }
extern "C" const Text* rc_router_public_tools(CoreRouter* router) { return router->public_tools(); }
extern "C" const Text* rc_router_tool_names(CoreRouter* router) { return router->tool_names(); }
extern "C" const Text* rc_router_page_tools(CoreRouter* router) { return router->page_tools(); }
// Fixed for the router's life.
extern "C" const Report* rc_router_report(CoreRouter* router) { return router->report(); }
extern "C" double rc_router_max_argument_bytes(CoreRouter* router) { return router->max_argument_bytes(); }
extern "C" char* rc_router_input_buffer(CoreRouter* router, std::uint32_t capacity) {
  return router->input_buffer(capacity);
}
// The plan calls fill the report and return its kind (ReportKind).
extern "C" std::uint32_t rc_router_plan_tool(CoreRouter* router, std::uint32_t index, std::uint32_t length) {
  return router->plan_tool(index, length);
}
extern "C" std::uint32_t rc_router_plan_input(CoreRouter* router, const char* name, std::uint32_t nameLength,
                                              std::uint32_t length) {
  return router->plan(view(name, nameLength), length);
}
// A call JavaScript refused before its text crossed (rc::CallRefusal).
extern "C" std::uint32_t rc_router_refuse(CoreRouter* router, const char* name, std::uint32_t nameLength,
                                          std::uint32_t why, double amount) {
  return router->refuse(view(name, nameLength), static_cast<rc::CallRefusal>(why), amount);
}
// Judges an answer whose body is in the input buffer: a verdict kind, or result.
extern "C" std::uint32_t rc_router_interpret_input(CoreRouter* router, const char* name, std::uint32_t nameLength,
                                                   int status, const char* contentType,
                                                   std::uint32_t contentTypeLength, std::uint32_t length) {
  return router->interpret(view(name, nameLength), status, view(contentType, contentTypeLength), length);
}
extern "C" std::uint32_t rc_router_follow_redirect(CoreRouter* router, const char* name, std::uint32_t nameLength,
                                                   std::uint32_t method, int status, const char* location,
                                                   std::uint32_t locationLength, int redirectsSoFar) {
  const auto methodName = method < rc::kHttpMethodNames.size() ? rc::kHttpMethodNames[method] : std::string_view();
  return router->follow_redirect(view(name, nameLength), std::string(methodName), status,
                                 std::string(location, locationLength), redirectsSoFar);
}
// The error object (JSON text) for a failure JavaScript observed (rc::ErrorCode).
extern "C" const Text* rc_router_failure(CoreRouter* router, const char* name, std::uint32_t nameLength,
                                         std::uint32_t code, const char* detail, std::uint32_t detailLength) {
  return router->failure(view(name, nameLength), static_cast<rc::ErrorCode>(code), view(detail, detailLength));
}
