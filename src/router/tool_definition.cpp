#include "router/tool_definition.hpp"

#include <set>

#include "router/http_method.hpp"
#include "router/known_fields.hpp"
#include "router/tool_set_limits.hpp"

namespace rc {
namespace {

bool read_positive(const json& route, const char* field, std::uint64_t ceiling, std::uint64_t& out,
                   std::string& error) {
  const auto it = route.find(field);
  if (it == route.end()) return true;
  if (!it->is_number_integer() || it->get<std::int64_t>() <= 0 || it->get<std::uint64_t>() > ceiling) {
    error = std::string("route.") + field + " must be a whole number from 1 to " + std::to_string(ceiling);
    return false;
  }
  out = it->get<std::uint64_t>();
  return true;
}

bool read_route(const json& tool, const std::string& name, const RouteDefaults& defaults, Route& route,
                std::string& error) {
  route.method = "GET";
  route.timeoutMs = defaults.timeoutMs;
  route.maxResponseBytes = defaults.maxResponseBytes;
  std::string path = "/" + name;

  const auto it = tool.find("route");
  if (it != tool.end()) {
    if (!it->is_object()) {
      error = "route must be an object";
      return false;
    }
    if (const std::string unknown = unknown_field_error(*it, {"method", "path", "timeoutMs", "maxResponseBytes"});
        !unknown.empty()) {
      error = "route has an " + unknown;
      return false;
    }
    if (const auto m = it->find("method"); m != it->end()) {
      std::string method = m->is_string() ? m->get<std::string>() : "";
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (!http_method_from_string(method)) {
        error = "route.method must be GET, POST, PUT, PATCH or DELETE";
        return false;
      }
      route.method = method;
    }
    if (const auto p = it->find("path"); p != it->end()) {
      if (!p->is_string()) {
        error = "route.path must be a string";
        return false;
      }
      path = p->get<std::string>();
    }
    std::uint64_t timeout = route.timeoutMs;
    if (!read_positive(*it, "timeoutMs", kMaxRouteTimeoutMs, timeout, error)) return false;
    route.timeoutMs = static_cast<std::uint32_t>(timeout);
    if (!read_positive(*it, "maxResponseBytes", kMaxResponseBytesCeiling, route.maxResponseBytes, error)) return false;
  }
  route.argumentsInBody = sends_body(route.method);
  std::string pathError;
  if (!route.path.parse(path, pathError)) {
    error = "route.path \"" + path + "\" " + pathError;
    return false;
  }
  return true;
}

bool read_one(const json& tool, const RouteDefaults& defaults, const schema::CompileOptions& validation,
              ToolDefinition& definition, json& publicTool, std::string& error) {
  if (!tool.is_object()) {
    error = "each tool must be an object";
    return false;
  }
  // OpenAI's fields of a function tool, and our route. Checked first: a misspelt
  // `name` is better told as a typo than as a missing name.
  if (const std::string unknown = unknown_field_error(tool, {"type", "name", "description", "parameters", "route"});
      !unknown.empty()) {
    error = unknown;
    return false;
  }
  const auto name = tool.find("name");
  if (name == tool.end() || !name->is_string() || !is_valid_tool_name(name->get_ref<const std::string&>())) {
    error = "each tool needs a name matching ^[a-zA-Z0-9_-]{1,64}$ (OpenAI's rule)";
    return false;
  }
  definition.name = name->get<std::string>();
  if (const auto type = tool.find("type"); type != tool.end() && *type != "function") {
    error = "only tools of type \"function\" can be routed";
    return false;
  }

  json parameters = json{{"type", "object"}, {"properties", json::object()}};
  if (const auto p = tool.find("parameters"); p != tool.end()) parameters = *p;
  if (!parameters.is_object()) {
    error = "parameters must be a JSON Schema object";
    return false;
  }
  std::string schemaError;
  definition.parameters = schema::CompiledSchema::compile(parameters, validation, schemaError);
  if (!schemaError.empty()) {
    error = "parameters: " + schemaError;
    return false;
  }
  definition.parametersSchema = std::make_shared<const json>(parameters);
  if (!read_route(tool, definition.name, defaults, definition.route, error)) return false;

  publicTool = tool;
  publicTool.erase("route");
  if (!publicTool.contains("type")) publicTool["type"] = "function";
  return true;
}

}  // namespace

bool is_valid_tool_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxToolNameLength) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool read_tool_definitions(const json& tools, const RouteDefaults& defaults, const schema::CompileOptions& validation,
                           std::vector<ToolDefinition>& definitions, json& publicTools, std::string& error) {
  definitions.clear();
  publicTools = json::array();
  if (!tools.is_array()) {
    error = "tools must be an array";
    return false;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < tools.size(); ++i) {
    ToolDefinition definition;
    json publicTool;
    std::string toolError;
    if (!read_one(tools[i], defaults, validation, definition, publicTool, toolError)) {
      const auto name = tools[i].is_object() ? tools[i].find("name") : tools[i].end();
      const std::string label = (tools[i].is_object() && name != tools[i].end() && name->is_string())
                                    ? "\"" + name->get<std::string>() + "\""
                                    : "#" + std::to_string(i);
      error = "tool " + label + ": " + toolError;
      return false;
    }
    if (!seen.insert(definition.name).second) {
      error = "tool \"" + definition.name + "\" is declared twice";
      return false;
    }
    definitions.push_back(std::move(definition));
    publicTools.push_back(std::move(publicTool));
  }
  return true;
}

}  // namespace rc
