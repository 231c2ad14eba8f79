// compile_tool_set: the compiler build's half of the compiled tool set (the
// browser core only reads sets, and so carries none of this).
#include "router/tool_lint.hpp"
#include "router/tool_set.hpp"
#include "schema/compile_options.hpp"

namespace rc {

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
  bytes = write_tool_set(set);
  return true;
}

}  // namespace rc
