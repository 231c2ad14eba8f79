#include "router/tool_definition.hpp"

#include <set>

#include "router/http_method.hpp"
#include "router/known_fields.hpp"
#include "router/tool_set_limits.hpp"

namespace rc {
namespace {

// `where` prefixes the field in messages: "route." for a route's, "" for the tool's own.
bool read_positive(const json& object, const char* where, const char* field, std::uint64_t ceiling, std::uint64_t& out,
                   std::string& error) {
  const auto it = object.find(field);
  if (it == object.end()) return true;
  if (!it->is_number_integer() || it->get<std::int64_t>() <= 0 || it->get<std::uint64_t>() > ceiling) {
    error = std::string(where) + field + " must be a whole number from 1 to " + std::to_string(ceiling);
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
    if (!read_positive(*it, "route.", "timeoutMs", kMaxRouteTimeoutMs, timeout, error)) return false;
    route.timeoutMs = static_cast<std::uint32_t>(timeout);
    if (!read_positive(*it, "route.", "maxResponseBytes", kMaxResponseBytesCeiling, route.maxResponseBytes, error)) return false;
  }
  route.argumentsInBody = sends_body(route.method);
  std::string pathError;
  if (!route.path.parse(path, pathError)) {
    error = "route.path \"" + path + "\" " + pathError;
    return false;
  }
  return true;
}

// `execute`, `needsApproval` and a page-run tool's `timeoutMs`. A page-run
// tool gets the route it is planned on (POST /<name>, never sent).
bool read_page_fields(const json& tool, const RouteDefaults& defaults, ToolDefinition& definition, std::string& error) {
  if (const auto approval = tool.find("needsApproval"); approval != tool.end()) {
    if (!approval->is_boolean()) {
      error = "needsApproval must be true or false here (a function of the arguments works on raw tools in the page only)";
      return false;
    }
    definition.needsApproval = approval->get<bool>();
  }
  const auto execute = tool.find("execute");
  const auto timeout = tool.find("timeoutMs");
  if (execute == tool.end()) {
    if (timeout == tool.end()) return true;
    error = "timeoutMs on a tool is for a tool the page runs (execute); a route's is route.timeoutMs";
    return false;
  }
  if (*execute != true) {
    error = "execute must be true in JSON (the page runs the tool and gives its function by name)";
    return false;
  }
  if (tool.contains("route")) {
    error = "has both execute (the page runs it) and route (a backend serves it); keep one";
    return false;
  }
  std::uint64_t timeoutMs = defaults.timeoutMs;
  if (!read_positive(tool, "", "timeoutMs", kMaxRouteTimeoutMs, timeoutMs, error)) return false;
  definition.runsInPage = true;
  definition.route.method = "POST";
  definition.route.timeoutMs = static_cast<std::uint32_t>(timeoutMs);
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
  if (const std::string unknown = unknown_field_error(
          tool, {"type", "name", "description", "parameters", "route", "execute", "needsApproval", "timeoutMs"});
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
  if (!read_page_fields(tool, defaults, definition, error)) return false;
  definition.route.argumentsInBody = sends_body(definition.route.method);

  publicTool = tool;
  for (const char* pageOnly : {"route", "execute", "needsApproval", "timeoutMs"}) publicTool.erase(pageOnly);
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
