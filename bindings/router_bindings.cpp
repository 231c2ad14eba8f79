// embind surface of the router. Values cross as JSON text (one copy each way,
// no handles but the router itself, which web/companion.js deletes on dispose).
#include <emscripten/bind.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>
#include <string>

#include "json/write.hpp"
#include "router/router.hpp"

namespace {

// Written by hand: this runs on every tool call, and an nlohmann tree plus
// dump() cost more than planning the call itself.
std::string plan_to_text(const rc::PlanOutcome& outcome) {
  if (!outcome.request) return rc::to_json_text(rc::json{{"result", outcome.result}});
  const rc::RequestPlan& r = *outcome.request;
  std::string out;
  out.reserve(r.url.size() + (r.body ? r.body->size() + r.body->size() / 8 : 0) + 120);
  out += "{\"request\":{\"method\":";
  rc::append_json_string(out, r.method);
  out += ",\"url\":";
  rc::append_json_string(out, r.url);
  out += ",\"timeoutMs\":" + std::to_string(r.timeoutMs) + ",\"maxResponseBytes\":" + std::to_string(r.maxResponseBytes);
  out += ",\"body\":";
  if (r.body) rc::append_json_string(out, *r.body);
  else out += "null";
  out += "}}";
  return out;
}

// {"use":"body"|"response"|"text"} when JavaScript can build the result from
// the body it holds, else {"result":{...}}.
std::string verdict_to_text(const rc::Interpretation& verdict) {
  switch (verdict.use) {
    case rc::Interpretation::Use::body: return "{\"use\":\"body\"}";
    case rc::Interpretation::Use::response: return "{\"use\":\"response\"}";
    case rc::Interpretation::Use::text: return "{\"use\":\"text\"}";
    default: return rc::to_json_text(rc::json{{"result", verdict.result}});
  }
}

// Holds a router, or the reason its configuration was refused (no exception
// can cross into JavaScript, so the constructor cannot fail).
class CoreRouter {
 public:
  explicit CoreRouter(const std::string& configText) {
    rc::ParseResult config = rc::parse_json(configText);
    if (!config.ok) {
      error_ = "configuration: " + config.error;
      return;
    }
    router_ = rc::Router::create(config.value, error_);
  }

  std::string error() const { return error_; }

  std::string publicTools() const { return router_ ? rc::to_json_text(router_->public_tools()) : "[]"; }

  std::string plan(const std::string& name, const std::string& arguments) const {
    return plan_to_text(router_->plan(name, arguments));
  }

  // The fast lane for arguments: JavaScript encodes them with
  // TextEncoder.encodeInto straight into this buffer (no per-character copy
  // loop in the glue), then calls planInput. Returns the buffer's address.
  double inputBuffer(unsigned capacity) {
    input_.resize(capacity);
    return static_cast<double>(reinterpret_cast<std::uintptr_t>(input_.data()));
  }

  std::string planInput(const std::string& name, unsigned length) const {
    return plan_to_text(router_->plan(name, std::string_view(input_.data(), std::min<std::size_t>(length, input_.size()))));
  }

  std::string interpret(const std::string& name, int status, const std::string& contentType,
                        const std::string& body) const {
    return verdict_to_text(router_->judge(name, rc::HttpAnswer{status, contentType, body}));
  }

  // The answer's body from the input buffer (see inputBuffer).
  std::string interpretInput(const std::string& name, int status, const std::string& contentType, unsigned length) const {
    const std::string_view body(input_.data(), std::min<std::size_t>(length, input_.size()));
    return verdict_to_text(router_->judge(name, rc::HttpAnswer{status, contentType, body}));
  }

  std::string followRedirect(const std::string& name, const std::string& method, int status,
                             const std::string& location, int redirectsSoFar) const {
    return plan_to_text(router_->follow_redirect(name, method, status, location, redirectsSoFar));
  }

  std::string matchRequest(const std::string& method, const std::string& path, const std::string& query,
                           const std::string& body) const {
    const rc::MatchOutcome outcome = router_->match_request(rc::IncomingRequest{method, path, query, body});
    if (!outcome.matched) return "{\"matched\":false}";
    rc::json answer = {{"matched", true}, {"tool", outcome.tool}};
    if (outcome.error.is_null()) answer["arguments"] = outcome.arguments;
    else answer["result"] = outcome.error;
    return rc::to_json_text(answer);
  }

  std::string failure(const std::string& name, const std::string& code, const std::string& detail) const {
    const auto parsed = rc::error_code_from_string(code);
    return rc::to_json_text(router_->failure(name, parsed.value_or(rc::ErrorCode::internal_error), detail));
  }

 private:
  std::optional<rc::Router> router_;
  std::string error_;
  std::vector<char> input_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(realtime_companion_router) {
  emscripten::class_<CoreRouter>("CoreRouter")
      .constructor<const std::string&>()
      .function("error", &CoreRouter::error)
      .function("publicTools", &CoreRouter::publicTools)
      .function("plan", &CoreRouter::plan)
      .function("inputBuffer", &CoreRouter::inputBuffer)
      .function("planInput", &CoreRouter::planInput)
      .function("interpret", &CoreRouter::interpret)
      .function("interpretInput", &CoreRouter::interpretInput)
      .function("followRedirect", &CoreRouter::followRedirect)
      .function("matchRequest", &CoreRouter::matchRequest)
      .function("failure", &CoreRouter::failure);
}
