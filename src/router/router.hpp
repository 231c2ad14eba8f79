#pragma once
// The function_handler router's decisions, free of I/O: which request a tool
// call becomes, and what the backend's answer means for the model. The
// JavaScript layer performs the requests and reports back (docs/ARCHITECTURE.md).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/parse.hpp"
#include "router/error_code.hpp"
#include "router/tool_definition.hpp"

namespace rc {

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
  std::uint32_t timeoutMs = 0;
  std::uint64_t maxResponseBytes = 0;
};

// Either a request to make, or the final result for the model (an error).
struct PlanOutcome {
  std::optional<RequestPlan> request;
  json result;  // set when there is no request
};

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
  json result;  // when use == result
};

class Router {
 public:
  // Reads the configuration; the JSON form is the one web/companion.js sends:
  // { tools, baseOrigin, basePath, defaults: { timeoutMs, maxResponseBytes }, maxArgumentBytes,
  //   validation: { defaultDialect, formats, remotes, maxErrors } }.
  static std::optional<Router> create(const json& config, std::string& error);

  // A call from the model: name and arguments exactly as DeepChat hands them.
  PlanOutcome plan(std::string_view name, std::string_view argumentsText) const;

  // The answer to a planned request becomes the object the model receives.
  Interpretation judge(std::string_view name, const HttpAnswer& answer) const;
  // The same, with the result built (for callers that want one object).
  json interpret(std::string_view name, const HttpAnswer& answer) const;

  // A 3xx answer whose Location JavaScript resolved against the request URL.
  // Same-origin redirects are followed (at most kMaxRedirects); others are not.
  PlanOutcome follow_redirect(std::string_view name, const std::string& method, int status,
                              const std::string& absoluteLocation, int redirectsSoFar) const;

  // A failure JavaScript observed (timeout, network_error, response_too_large).
  json failure(std::string_view name, ErrorCode code, std::string_view detail) const;

  // The tools as DeepChat's config.tools expects them (without `route`).
  const json& public_tools() const { return publicTools_; }

  // For the server side's matcher (router/request_matcher.hpp).
  const std::vector<ToolDefinition>& tools() const { return tools_; }
  const RouterConfig& config() const { return config_; }

  static constexpr int kMaxRedirects = 5;

 private:
  const ToolDefinition* find(std::string_view name) const;

  RouterConfig config_;
  std::vector<ToolDefinition> tools_;
  json publicTools_;
  // Reused by plan(): parsing into it allocates nothing once it has grown.
  mutable schema::IDocument scratch_;
};

}  // namespace rc
