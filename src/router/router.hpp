#pragma once
// The function_handler router's decisions, free of I/O: which request a tool
// call becomes, and what the backend's answer means for the model. The
// JavaScript layer performs the requests and reports back (docs/ARCHITECTURE.md).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/document.hpp"
#include "json/parse.hpp"
#include "router/error_code.hpp"
#include "router/tool_definition.hpp"
#include "router/tool_set.hpp"
#include "schema/output.hpp"

namespace rc {

// The most maxArgumentBytes may be: the same reasoning as kMaxResponseBytesCeiling
// (the densest argument text takes about 80 bytes of memory per byte once
// parsed and, with path parameters, rebuilt as the body).
inline constexpr std::size_t kMaxArgumentBytesCeiling = 8 * 1024 * 1024;

struct RouterConfig {
  std::string baseOrigin;  // "http://127.0.0.1:8080", as URL.origin prints it
  std::string basePath;    // "" or "/api": prefixed to every route path
  RouteDefaults defaults;
  std::size_t maxArgumentBytes = 1024 * 1024;
  std::size_t maxDepth = kDefaultMaxDepth;
};

// One HTTP request to make.
struct RequestPlan {
  std::string method;
  std::string url;                  // absolute, always on baseOrigin
  std::optional<std::string> body;  // JSON text, for POST/PUT/PATCH
  bool bodyIsArguments = false;     // body is the model's arguments text, unchanged
  bool resendBody = false;          // a redirect that repeats the request: the previous body again
  std::uint32_t timeoutMs = 0;
  std::uint64_t maxResponseBytes = 0;
};

// Arguments refused (by the validator, before it, or by its budget), handed
// over as the router's error record rather than written as JSON text: the
// browser core's JavaScript builds the answer, { error: { code, message, tool,
// errors } }, from the record with the decoder compileSchema's validate() uses.
// Trivial, so that every other outcome pays nothing for it.
struct InvalidArguments {
  std::string_view tool;                        // the tool's name, owned by the router ("" for an unreadable call)
  const schema::ErrorRecord* errors = nullptr;  // the router's record: valid until its next call
  ErrorCode code = ErrorCode::invalid_arguments;  // or arguments_too_complex
};

// Either a request to make, or the final result for the model (an error).
struct PlanOutcome {
  std::optional<RequestPlan> request;
  // JSON text of an object, when there is no request; with `invalid`, the answer's message alone.
  std::string result;
  std::optional<InvalidArguments> invalid = std::nullopt;
};

// The JSON text of the object for the model, however the outcome holds it
// (`result`, or `invalid` and its message written out); empty for a request.
std::string result_text(const PlanOutcome& outcome);

// What JavaScript observed of a finished response.
struct HttpAnswer {
  int status = 0;
  std::string_view contentType;
  std::string_view body;  // decoded as UTF-8, at most maxResponseBytes
};

// What an answer means. A JSON or text body the model can receive unchanged
// is not copied into the result: JavaScript already holds it.
struct Interpretation {
  enum class Use {
    result,    // `result` is the object for the model
    body,      // the body is a JSON object: it is the result as it is
    response,  // the body is another JSON value: the result is { response: <that value> }
    text,      // the body is text: the result is { response: "<the body>" }
  };
  Use use = Use::result;
  std::string result;  // JSON text of an object, when use == result
};

// Why JavaScript refused a call before its text crossed into WebAssembly
// (common/plan-call.js): these checks must come before the copy, because the
// copy itself is what fills the memory (and embind's string conversion merges
// a lone surrogate with the next character). The core still words the answer.
// Its table: router/call_refusals.def.
enum class CallRefusal {
#define RC_ENUM_ROW(id, name, message) id,
#include "router/call_refusals.def"
};

// Only the wire needs their names (bindings/browser/wire_declaration.cpp).
inline constexpr std::string_view kCallRefusalNames[] = {
#define RC_ENUM_ROW(id, name, message) name,
#include "router/call_refusals.def"
};
#define RC_ENUM_ROW(id, name, message) static_assert(spells(#id, name), "CallRefusal: " #id);
#include "router/call_refusals.def"

class Router {
 public:
  // Reads the configuration (the compiler's path: the tools arrive as JSON);
  // the form is the one web/companion.js sends:
  // { tools, baseOrigin, basePath, defaults: { timeoutMs, maxResponseBytes }, maxArgumentBytes,
  //   validation: { defaultDialect, formats, remotes, maxErrors } }.
  static std::optional<Router> create(const json& config, std::string& error);

  // A router on a compiled tool set (router/tool_set.hpp): the same page
  // configuration, as JSON text, without `tools` and `validation`, which the
  // set holds. The browser core's path: it reads no nlohmann tree.
  static std::optional<Router> load(ToolSet set, std::string_view pageConfigText, std::string& error);

  // A call from the model: name and arguments exactly as DeepChat hands them.
  PlanOutcome plan(std::string_view name, std::string_view argumentsText) const;

  // The answer for a call refused before it reached plan(). A name that is
  // unknown wins over a reason about the arguments, as in plan().
  PlanOutcome refuse(std::string_view name, CallRefusal why, std::uint64_t amount) const;

  std::size_t max_argument_bytes() const { return config_.maxArgumentBytes; }

  // The answer to a planned request becomes the object the model receives.
  Interpretation judge(std::string_view name, const HttpAnswer& answer) const;

  // A 3xx answer whose Location JavaScript resolved against the request URL.
  // Redirects that stay under the base URL (its origin, and its path at a
  // segment boundary, with no dot segment) are followed, at most
  // kMaxRedirects; others are not. A redirect that keeps the method keeps the
  // body (`resendBody`): 307 and 308 always, 301 and 302 except from POST.
  PlanOutcome follow_redirect(std::string_view name, const std::string& method, int status,
                              const std::string& absoluteLocation, int redirectsSoFar) const;

  // A failure JavaScript observed (timeout, network_error, response_too_large),
  // as the JSON text of the object for the model.
  std::string failure(std::string_view name, ErrorCode code, std::string_view detail) const;

  // The tools as DeepChat's config.tools expects them (without `route`), as JSON text.
  const std::string& public_tools() const { return publicTools_; }

  // For the server side's matcher (router/request_matcher.hpp).
  const std::vector<ToolDefinition>& tools() const { return tools_; }
  const RouterConfig& config() const { return config_; }
  // Built by create(), from the tools' JSON: each tool keeps its source schema,
  // which the matcher needs to type query values. A compiled set has none.
  bool holds_source_schemas() const { return holdsSourceSchemas_; }

  static constexpr int kMaxRedirects = 5;

 private:
  // baseOrigin, basePath, defaults, maxArgumentBytes: what the page decides.
  bool read_page_config(const IDocument& document, std::string& error);
  const ToolDefinition* find(std::string_view name) const;
  // `which` describes the name when printing it would not help ("" prints it).
  PlanOutcome unknown_tool(std::string_view name, const std::string& which) const;
  bool within_base(std::string_view absoluteUrl) const;
  PlanOutcome plan_parsed(const ToolDefinition& tool, std::string_view name, std::string_view argumentsText) const;
  // Arguments refused for `reason`, one error at their root, in the router's record.
  PlanOutcome refuse_arguments(std::string_view tool, std::string_view reason) const;
  // The refusals of plan_parsed, worded out of line so that the plan a first call
  // compiles holds none of their text building. `detail`: the parser's error, or
  // the repeated member's name.
  enum class ArgumentsFault { not_json, not_an_object, repeated_member };
  PlanOutcome refuse_unreadable(std::string_view tool, ArgumentsFault fault, std::string_view detail) const;
  // Arguments the validator refused (invalid, or too complex to check), with its errors in errors_.
  PlanOutcome refuse_invalid(std::string_view tool, std::string_view name, const schema::ValidationResult& validation) const;

  RouterConfig config_;
  std::vector<ToolDefinition> tools_;
  std::string publicTools_ = "[]";
  bool holdsSourceSchemas_ = false;
  // Reused by plan(): parsing into it allocates nothing once it has grown.
  mutable IDocument scratch_;
  // An invalid call's errors, written by the validator (their room is kept from call to call).
  mutable schema::ErrorRecord errors_;
};

}  // namespace rc
