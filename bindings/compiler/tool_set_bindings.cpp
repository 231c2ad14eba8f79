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
#include "router/tool_set_limits.hpp"

namespace {

// kToolSetLimits as JSON text, { name: value }: for the page's loader to
// agree with (tests/tool-sets/limits.test.mjs) and for the docs.
std::string tool_set_limits_text() {
  rc::json limits = rc::json::object();
  for (const rc::ToolSetLimit& limit : rc::kToolSetLimits) limits[std::string(limit.name)] = limit.value;
  return rc::to_json_text(limits);
}

std::string hex(const std::array<std::uint8_t, 32>& bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t b : bytes) (out += digits[b >> 4]) += digits[b & 15];
  return out;
}

// { tools, validation } as JSON text compiled into a set, or the reason it
// was refused; common/wire.js construct() throws the refusal and frees it, like
// every other object that can refuse.
class ToolSetCompilation {
 public:
  explicit ToolSetCompilation(const std::string& sourceText) {
    const rc::ParseResult source = rc::parse_json(sourceText, rc::kDefaultMaxDepth);
    if (!source.ok) error_ = "the tools are not JSON: " + source.error;
    else rc::compile_tool_set(source.value, bytes_, error_);
  }

  std::string error() const { return error_; }
  std::string hash() const { return hex(rc::written_hash(bytes_)); }
  // A view into WASM memory: JavaScript copies it before anything can grow the memory.
  emscripten::val bytes() const {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes_.data());  // a Uint8Array, not an Int8Array
    return emscripten::val(emscripten::typed_memory_view(bytes_.size(), data));
  }

 private:
  std::string bytes_;
  std::string error_;
};

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

  bool routesLieUnder(const std::string& mount) const { return rc::routes_lie_under(*router_, mount); }

 private:
  std::optional<rc::Router> router_;
  std::string error_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(realtime_companion_tool_set) {
  emscripten::function("toolSetLimits", &tool_set_limits_text);
  emscripten::class_<ToolSetCompilation>("ToolSetCompilation")
      .constructor<const std::string&>()
      .function("error", &ToolSetCompilation::error)
      .function("hash", &ToolSetCompilation::hash)
      .function("bytes", &ToolSetCompilation::bytes);
  emscripten::class_<ToolRequestMatcher>("ToolRequestMatcher")
      .constructor<const std::string&>()
      .function("error", &ToolRequestMatcher::error)
      .function("routeRequest", &ToolRequestMatcher::routeRequest)
      .function("matchRequest", &ToolRequestMatcher::matchRequest)
      .function("routesLieUnder", &ToolRequestMatcher::routesLieUnder);
}
