#pragma once
// Every limit a compiled tool set must keep, in one table. read_tool_set (the
// browser core) refuses a set past any of them; compile_tool_set refuses tools
// that would compile past them, and checks its own output with read_tool_set
// before handing it out, so a set that compiles always loads.
// docs/tool-sets.md lists them; tests/native/router/tool_set_limits_test.cpp
// and tests/tool-sets/limits.test.mjs try each at and one past its value.
#include <array>
#include <cstdint>
#include <string_view>

#include "json/limits.hpp"
#include "router/tool_definition.hpp"

namespace rc {

// Far above any real set (a few KB; the draft 2020-12 metaschema compiled is
// about 30 KB), and small enough that reading one cannot strain a page. The
// page's loader stops reading at this many bytes too (common/tool-set-source.js).
inline constexpr std::size_t kMaxToolSetBytes = 4 * 1024 * 1024;
// OpenAI accepts at most 128 tools in a session.
inline constexpr std::size_t kMaxToolSetTools = 128;
inline constexpr std::size_t kMaxRoutePathBytes = 8192;
inline constexpr std::uint64_t kMaxRouteTimeoutMs = 10 * 60 * 1000;
// Each JSON part of the payload: the public tool list (what DeepChat gets:
// names, descriptions, parameters) and lintTools' warnings.
inline constexpr std::size_t kMaxToolSetTextBytes = 2 * 1024 * 1024;
inline constexpr std::size_t kMaxToolSetMaxErrors = 1000;

struct ToolSetLimit {
  std::string_view name;     // how messages and docs/tool-sets.md name it
  std::uint64_t value;
  std::string_view counts;   // what is counted, for messages
  std::string_view refusal;  // how read_tool_set words a set past it (found in its error)
};

// The last two are the schema codec's (src/schema/schema_codec.cpp, which
// keeps its own constants): listed so that a refusal names them, and pinned
// to the codec by the limits tests.
inline constexpr std::array<ToolSetLimit, 11> kToolSetLimits{{
    {"setBytes", kMaxToolSetBytes, "bytes in the compiled set", "larger than"},
    {"tools", kMaxToolSetTools, "tools in one set (OpenAI's limit per session)", "more tools than"},
    {"toolNameBytes", kMaxToolNameLength, "bytes in a tool name (OpenAI's rule)", "tool name"},
    {"routePathBytes", kMaxRoutePathBytes, "bytes in a route path", "route path is too long"},
    {"routeTimeoutMs", kMaxRouteTimeoutMs, "milliseconds in a route's timeoutMs", "route timeout"},
    {"routeMaxResponseBytes", kMaxResponseBytesCeiling, "bytes in a route's maxResponseBytes", "maxResponseBytes"},
    {"publicToolsBytes", kMaxToolSetTextBytes, "bytes of the public tool list (names, descriptions, parameters as JSON)",
     "public tool list is too long"},
    {"warningsBytes", kMaxToolSetTextBytes, "bytes of lintTools' warnings as JSON", "warnings are too long"},
    {"jsonDepth", kDefaultMaxDepth, "levels of JSON nesting", "nesting is deeper"},
    {"schemaNameBytes", 1 << 16, "bytes in a property name or other name in a schema", "a name is too long"},
    {"schemaNodes", 1 << 16, "subschemas in one tool's parameters", "too many schema nodes"},
}};

// The entry named `name` (one of the above).
constexpr const ToolSetLimit& tool_set_limit(std::string_view name) {
  for (const ToolSetLimit& limit : kToolSetLimits)
    if (limit.name == name) return limit;
  return kToolSetLimits[0];
}

}  // namespace rc
