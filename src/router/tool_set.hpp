#pragma once
// The compiled tool set: a page's tools compiled once (on the server or at
// build time) into a compact, versioned binary that a browser core loads
// without the schema compiler. Layout (docs/ARCHITECTURE.md):
//   "RCTS"  version (u16 LE)  payload length (u32 LE)  SHA-256 of the payload (32 bytes)  payload
// The payload holds the validation options, DeepChat's public tool list and
// lintTools' warnings as JSON text, then per tool its name, route, flags and
// compiled parameter schema (schema/schema_codec.hpp).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json/parse.hpp"
#include "router/tool_definition.hpp"
#include "router/tool_set_limits.hpp"

namespace rc {

inline constexpr std::string_view kToolSetMagic = "RCTS";
// 2: each tool's flags (page-run, needs approval) follow its route.
// 3: a schema resource's dynamic anchors are sorted by name, no name twice.
inline constexpr std::uint16_t kToolSetVersion = 3;
inline constexpr std::size_t kToolSetHeaderBytes = 4 + 2 + 4 + 32;

struct ToolSet {
  std::size_t maxErrors = 20;      // the validation option that still matters once compiled
  std::vector<ToolDefinition> tools;  // parametersSchema is null; 0 in a route's timeoutMs or
                                      // maxResponseBytes leaves it to the page's defaults
  std::string publicToolsText;     // JSON: the tools without `route`, for DeepChat's config.tools
  std::string warningsText;        // JSON: lintTools' warnings, [{ tool, path, message }]
  std::array<std::uint8_t, 32> hash{};  // SHA-256 of the payload: the set's identity (an ETag)
};

// The page's raw form, { tools, validation }, compiled into a set. Refuses
// what createCompanion({ tools }) refuses: lint errors, invalid tools, and
// tools whose set would break a limit of kToolSetLimits (the refusal names it).
// The set is read back with read_tool_set before it is returned.
bool compile_tool_set(const json& source, std::string& bytes, std::string& error);

std::string write_tool_set(const ToolSet& set);

// The content hash in a set's header, unchecked: for a set write_tool_set (or
// compile_tool_set) just produced. Anything else goes through read_tool_set.
std::array<std::uint8_t, 32> written_hash(std::string_view writtenSet);

// Checks everything before using anything: size, magic, version, length,
// content hash, then every count, index and reference in the payload. A set
// that fails any check is refused with a reason, never half-loaded.
bool read_tool_set(std::string_view bytes, ToolSet& out, std::string& error);

}  // namespace rc
