#pragma once
// A tool as the page declares it: OpenAI's function definition plus either an
// optional `route` saying which backend endpoint serves it, or `execute: true`
// (the page runs it: functions are not JSON, so the compiled form only marks
// it, and the page hands over the function by name). `needsApproval: true`
// makes the page ask before the call runs.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "json/parse.hpp"
#include "schema/validator.hpp"
#include "url/path_template.hpp"

namespace rc {

// OpenAI's longest function name.
inline constexpr std::size_t kMaxToolNameLength = 64;

// The most a route may read of an answer. Parsing a worst-case JSON text
// (`[0,0,...]`, one value per 2 bytes, 40 bytes per value plus the parser's
// work stack) takes about 80 bytes of WebAssembly memory per byte, so this
// keeps one call far from the 2 GB at which allocations fail
// (wasm-memory.test.mjs checks the arithmetic).
inline constexpr std::uint64_t kMaxResponseBytesCeiling = 8ull * 1024 * 1024;

struct RouteDefaults {
  std::uint32_t timeoutMs = 10000;
  std::uint64_t maxResponseBytes = 1024 * 1024;
};

struct Route {
  std::string method;             // GET, POST, PUT, PATCH or DELETE
  url::PathTemplate path;         // default "/<name>"
  std::uint32_t timeoutMs = 0;
  std::uint64_t maxResponseBytes = 0;
  bool argumentsInBody = false;   // POST/PUT/PATCH send JSON; GET/DELETE a query
};

struct ToolDefinition {
  std::string name;
  schema::CompiledSchema parameters;
  // The source, for typing query values on the server side. Shared (and null
  // in a compiled set) so that the browser core, which never builds one,
  // links no nlohmann destructor: that code lives in the control block.
  std::shared_ptr<const json> parametersSchema;
  // A page-run tool is planned as a POST route that is never sent: the plan's
  // verdict is the validation, its timeoutMs the deadline (the tool's own).
  Route route;
  bool runsInPage = false;
  bool needsApproval = false;
};

// OpenAI's rule for function names: ^[a-zA-Z0-9_-]{1,64}$ (kMaxToolNameLength).
bool is_valid_tool_name(std::string_view name);

// Reads the page's `tools` array. On success fills `definitions` and
// `publicTools` (the same tools without `route`, `execute`, `needsApproval`
// and `timeoutMs`: what DeepChat's config.tools and OpenAI get).
// On failure returns false with a message naming the tool and the field.
bool read_tool_definitions(const json& tools, const RouteDefaults& defaults, const schema::CompileOptions& validation,
                           std::vector<ToolDefinition>& definitions, json& publicTools, std::string& error);

}  // namespace rc
