// embind surface of what only the compiler artifact does with tools: compile
// them into a set (for createCompanion({ tools }), createToolSetHandler and
// the CLI), and match requests arriving at a backend (createToolMiddleware).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "json/parse.hpp"
#include "router/request_matcher.hpp"
#include "router/router.hpp"
#include "router/tool_set.hpp"

namespace {

std::string hex(const std::array<std::uint8_t, 32>& bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t b : bytes) (out += digits[b >> 4]) += digits[b & 15];
  return out;
}

// { tools, validation } as JSON text -> { bytes: Uint8Array, hash } or { error }.
emscripten::val compile_tool_set(const std::string& sourceText) {
  emscripten::val out = emscripten::val::object();
  const rc::ParseResult source = rc::parse_json(sourceText, rc::kDefaultMaxDepth);
  std::string bytes, error;
  if (!source.ok) error = "the tools are not JSON: " + source.error;
  else if (rc::compile_tool_set(source.value, bytes, error)) {
    // A copy, not a view: a view into WASM memory breaks when the memory grows.
    out.set("bytes", emscripten::val::global("Uint8Array").new_(emscripten::typed_memory_view(bytes.size(), bytes.data())));
    out.set("hash", hex(rc::written_hash(bytes)));
    return out;
  }
  out.set("error", error);
  return out;
}

// A server-side match (rc::MatchOutcome) as JSON text: a cold path, once per request.
std::string request_outcome_text(const rc::MatchOutcome& outcome) {
  rc::json answer = {{"verdict", std::string(rc::to_string(outcome.verdict))}};
  if (outcome.verdict == rc::RequestVerdict::matched) {
    answer["tool"] = outcome.tool;
    answer["bodyExpected"] = outcome.bodyExpected;
    if (!outcome.error.is_null()) answer["result"] = outcome.error;
    else if (!outcome.arguments.is_null()) answer["arguments"] = outcome.arguments;
  } else if (outcome.verdict != rc::RequestVerdict::unmatched) {
    answer["message"] = outcome.refusal;
    if (!outcome.allow.empty()) answer["allow"] = outcome.allow;
  }
  return rc::to_json_text(answer);
}

// Which tool a request arriving at a backend is for, and whether its
// arguments are valid (server/tool-middleware.js). Built from the tools
// themselves: typing query values needs their schemas as trees.
class ToolRequestMatcher {
 public:
  explicit ToolRequestMatcher(const std::string& configText) {
    rc::ParseResult config = rc::parse_json(configText);
    if (!config.ok) {
      error_ = "configuration: " + config.error;
      return;
    }
    router_ = rc::Router::create(config.value, error_);
  }

  std::string error() const { return error_; }

  std::string routeRequest(const std::string& method, const std::string& target) const {
    return request_outcome_text(rc::route_request(*router_, method, target));
  }

  std::string matchRequest(const std::string& method, const std::string& target, const std::string& body) const {
    return request_outcome_text(rc::match_request(*router_, rc::IncomingRequest{method, target, body}));
  }

 private:
  std::optional<rc::Router> router_;
  std::string error_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(realtime_companion_tool_set) {
  emscripten::function("compileToolSet", &compile_tool_set);
  emscripten::class_<ToolRequestMatcher>("ToolRequestMatcher")
      .constructor<const std::string&>()
      .function("error", &ToolRequestMatcher::error)
      .function("routeRequest", &ToolRequestMatcher::routeRequest)
      .function("matchRequest", &ToolRequestMatcher::matchRequest);
}
