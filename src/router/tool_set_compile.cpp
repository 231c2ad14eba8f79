// compile_tool_set: the compiler build's half of the compiled tool set (the
// browser core only reads sets, and so carries none of this).
#include <cstdint>
#include <string>
#include <string_view>

#include "router/tool_lint.hpp"
#include "router/tool_set.hpp"
#include "schema/compile_options.hpp"

namespace rc {

namespace {

// The refusal for a set past `limitName`, in the words the CLI prints.
std::string past_limit(std::string_view limitName, std::string_view subject, std::uint64_t amount) {
  const ToolSetLimit& limit = tool_set_limit(limitName);
  return "the tool set is past the limit " + std::string(limit.name) + ": " + std::string(subject) + " " +
         std::to_string(amount) + ", and browser cores load at most " + std::to_string(limit.value) + " " +
         std::string(limit.counts);
}

// What compile_tool_set checks before it writes, with a message naming the
// tool; read_tool_set checks the same limits again on the result.
bool within_limits(const ToolSet& set, std::string& error) {
  if (set.tools.size() > kMaxToolSetTools) {
    error = past_limit("tools", "it has", set.tools.size());
    return false;
  }
  for (const ToolDefinition& tool : set.tools) {
    if (const std::size_t size = tool.route.path.source().size(); size > kMaxRoutePathBytes) {
      error = past_limit("routePathBytes", "tool \"" + tool.name + "\" has a route path of", size);
      return false;
    }
  }
  if (set.publicToolsText.size() > kMaxToolSetTextBytes) {
    error = past_limit("publicToolsBytes", "the public tool list is", set.publicToolsText.size());
    return false;
  }
  if (set.warningsText.size() > kMaxToolSetTextBytes) {
    error = past_limit("warningsBytes", "the warnings are", set.warningsText.size());
    return false;
  }
  return true;
}

// The loader's own check on what was written: whatever it refuses, the
// compiler refuses, naming the limit when the refusal is one of the table's.
bool loads(const std::string& bytes, std::string& error) {
  if (bytes.size() > kMaxToolSetBytes) {
    error = past_limit("setBytes", "the compiled set is", bytes.size());
    return false;
  }
  ToolSet loaded;
  std::string refusal;
  if (read_tool_set(bytes, loaded, refusal)) return true;
  error = "the tools compile to a set that browser cores refuse (" + refusal + ")";
  for (const ToolSetLimit& limit : kToolSetLimits) {
    if (refusal.find(limit.refusal) != std::string::npos) {
      error += ": the limit " + std::string(limit.name) + " is " + std::to_string(limit.value) + " " + std::string(limit.counts);
      break;
    }
  }
  return false;
}

}  // namespace

bool compile_tool_set(const json& source, std::string& bytes, std::string& error) {
  if (!source.is_object()) {
    error = "the source must be an object: { tools, validation }";
    return false;
  }
  if (const std::string unknown = [&] {
        for (const auto& [name, value] : source.items())
          if (name != "tools" && name != "validation") return name;
        return std::string();
      }();
      !unknown.empty()) {
    error = "unknown field \"" + unknown + "\" (known: tools, validation)";
    return false;
  }
  schema::CompileOptions validation;
  if (const auto options = source.find("validation"); options != source.end()) {
    if (!schema::read_compile_options(*options, validation, error)) {
      error = "validation: " + error;
      return false;
    }
  }
  const auto tools = source.find("tools");
  if (tools == source.end() || !tools->is_array()) {
    error = "tools must be an array";
    return false;
  }
  if (tools->size() > kMaxToolSetTools) {  // before compiling them all
    error = past_limit("tools", "it has", tools->size());
    return false;
  }
  json warnings = json::array();
  std::string fatal;
  for (const LintFinding& f : lint_tools(*tools, validation)) {
    const std::string where = "tool " + (f.tool.empty() ? std::string() : "\"" + f.tool + "\"") + (f.path.empty() ? "" : " at " + f.path);
    if (f.fatal) fatal += "\n- " + where + ": " + f.message;
    else warnings.push_back({{"tool", f.tool}, {"path", f.path}, {"message", f.message}});
  }
  if (!fatal.empty()) {
    error = "the tools cannot be used:" + fatal;
    return false;
  }
  ToolSet set;
  set.maxErrors = validation.maxErrors;
  json publicTools;
  // No defaults at compile time: the page's own (createCompanion's `defaults`) apply when it loads the set.
  if (!read_tool_definitions(*tools, RouteDefaults{0, 0}, validation, set.tools, publicTools, error)) return false;
  set.publicToolsText = to_json_text(publicTools);
  set.warningsText = to_json_text(warnings);
  if (!within_limits(set, error)) return false;
  std::string written = write_tool_set(set);
  if (!loads(written, error)) return false;
  bytes = std::move(written);
  return true;
}

}  // namespace rc
