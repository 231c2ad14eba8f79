// embind surface of the router, in both artifacts (the browser core and the
// compiler). The tool set crosses as bytes, the page's configuration and the
// cold paths as JSON text; plans and verdicts as a report in WASM memory (see Report).
// No handles but the router itself, which web/companion.js deletes on dispose.
#include <emscripten/bind.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <vector>
#include <string>

#include "json/parse.hpp"
#include "router/router.hpp"
#include "router/tool_set.hpp"

namespace {

// Plans and verdicts reach JavaScript through a report in WASM memory rather
// than as JSON text: embind's std::string return scans the text byte by byte
// in JavaScript, and the JSON round trip (escape here, JSON.parse there) cost
// more than the rest of a small call. web/plan-call.js reads this layout.
// The call's return value is the report's Kind, so the report does not repeat it.
struct Report {
  double maxResponseBytes;
  std::uint32_t method;        // index in kMethods
  std::uint32_t textAddress;   // the URL, or the result's JSON text
  std::uint32_t textLength;
  std::uint32_t bodyAddress;
  std::uint32_t bodyLength;
  std::uint32_t body;          // Body
  std::uint32_t timeoutMs;
};
static_assert(sizeof(Report) == 40 && alignof(Report) == 8, "web/plan-call.js reads this layout");

// Kinds of report. The verdict kinds say how JavaScript builds the result
// from the answer it holds (see rc::Interpretation::Use).
enum Kind : std::uint32_t { kRequest = 0, kResult = 1, kUseBody = 2, kUseResponse = 3, kUseText = 4 };
enum Body : std::uint32_t { kNoBody = 0, kBodyInMemory = 1, kBodyIsArguments = 2, kBodyAsBefore = 3 };
constexpr const char* kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};

std::uint32_t address_of(const std::string& text) {
  return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(text.data()));
}

std::uint32_t method_index(const std::string& method) {
  for (std::uint32_t i = 0; i < std::size(kMethods); ++i)
    if (method == kMethods[i]) return i;
  return 0;  // the router accepts only those five
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
    rc::ParseResult config = rc::parse_json(pageConfigText);
    if (!config.ok) {
      error_ = "configuration: " + config.error;
      return;
    }
    router_ = rc::Router::load(std::move(set), config.value, error_);
  }

  std::string error() const { return error_; }

  // lintTools' warnings about the tools, as the compiler recorded them (JSON text).
  std::string warnings() const { return warnings_; }

  std::string publicTools() const { return router_ ? rc::to_json_text(router_->public_tools()) : "[]"; }

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

  // A call JavaScript refused before its text crossed (see rc::CallRefusal);
  // fills the report like planInput.
  unsigned refuse(const std::string& name, rc::CallRefusal why, double amount) {
    return report_plan(router_->refuse(name, why, static_cast<std::uint64_t>(amount)));
  }

  // Judges an answer whose body is in the input buffer (see inputBuffer);
  // fills the report and returns its kind (a verdict kind, or kResult with
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

  std::string failure(const std::string& name, const std::string& code, const std::string& detail) const {
    const auto parsed = rc::error_code_from_string(code);
    return rc::to_json_text(router_->failure(name, parsed.value_or(rc::ErrorCode::internal_error), detail));
  }

 private:
  std::optional<rc::Router> router_;
  std::string error_;
  std::string warnings_ = "[]";
  std::vector<char> input_;
  Report report_{};
  std::string text_;  // what report_.textAddress points at
  std::string body_;  // what report_.bodyAddress points at

  unsigned report_text(Kind kind, std::string text) {
    text_ = std::move(text);
    report_ = Report{};
    report_.textAddress = address_of(text_);
    report_.textLength = static_cast<std::uint32_t>(text_.size());
    return kind;
  }

  unsigned report_plan(rc::PlanOutcome outcome) {
    if (!outcome.request) return report_text(kResult, rc::to_json_text(outcome.result));
    rc::RequestPlan& r = *outcome.request;
    report_text(kRequest, std::move(r.url));
    report_.method = method_index(r.method);
    report_.timeoutMs = r.timeoutMs;
    report_.maxResponseBytes = static_cast<double>(r.maxResponseBytes);
    body_.clear();
    if (r.resendBody) report_.body = kBodyAsBefore;  // JavaScript still holds it
    if (r.body) {
      body_ = std::move(*r.body);
      // JavaScript may send the text it holds instead of decoding this copy.
      report_.body = r.bodyIsArguments ? kBodyIsArguments : kBodyInMemory;
      report_.bodyAddress = address_of(body_);
      report_.bodyLength = static_cast<std::uint32_t>(body_.size());
    }
    return kRequest;
  }

  unsigned report_verdict(const rc::Interpretation& verdict) {
    switch (verdict.use) {
      case rc::Interpretation::Use::body: return report_text(kUseBody, {});
      case rc::Interpretation::Use::response: return report_text(kUseResponse, {});
      case rc::Interpretation::Use::text: return report_text(kUseText, {});
      default: return report_text(kResult, rc::to_json_text(verdict.result));
    }
  }
};

}  // namespace

EMSCRIPTEN_BINDINGS(realtime_companion_router) {
  // What web/plan-call.js checks before any text crosses.
  emscripten::constant("maxToolNameLength", static_cast<double>(rc::kMaxToolNameLength));
  emscripten::constant("maxResponseBytesCeiling", static_cast<double>(rc::kMaxResponseBytesCeiling));
  emscripten::constant("maxArgumentBytesCeiling", static_cast<double>(rc::kMaxArgumentBytesCeiling));
  emscripten::enum_<rc::CallRefusal>("CallRefusal")
      .value("name_unreadable", rc::CallRefusal::name_unreadable)
      .value("name_too_long", rc::CallRefusal::name_too_long)
      .value("name_ill_formed", rc::CallRefusal::name_ill_formed)
      .value("arguments_unreadable", rc::CallRefusal::arguments_unreadable)
      .value("arguments_too_long", rc::CallRefusal::arguments_too_long)
      .value("arguments_too_large", rc::CallRefusal::arguments_too_large)
      .value("arguments_ill_formed", rc::CallRefusal::arguments_ill_formed);
  emscripten::class_<CoreRouter>("CoreRouter")
      .constructor<const std::string&, const std::string&>()
      .function("error", &CoreRouter::error)
      .function("warnings", &CoreRouter::warnings)
      .function("publicTools", &CoreRouter::publicTools)
      .function("report", &CoreRouter::report)
      .function("maxArgumentBytes", &CoreRouter::maxArgumentBytes)
      .function("inputBuffer", &CoreRouter::inputBuffer)
      .function("planInput", &CoreRouter::planInput)
      .function("refuse", &CoreRouter::refuse)
      .function("interpretInput", &CoreRouter::interpretInput)
      .function("followRedirect", &CoreRouter::followRedirect)
      .function("failure", &CoreRouter::failure);
}
