#include "router/tool_lint.hpp"

#include <set>

#include "json/parse.hpp"
#include "router/tool_definition.hpp"
#include "schema/metaschemas.hpp"

namespace rc {
namespace {

constexpr const char* kDraft2020 = "https://json-schema.org/draft/2020-12/schema";
constexpr const char* kDraft7 = "http://json-schema.org/draft-07/schema";

// The dialect's metaschema, compiled once per page.
const schema::CompiledSchema& metaschema(schema::Dialect dialect) {
  static const auto compile = [](const char* uri) {
    std::string error;
    const char* builtin = schema::builtin_metaschema(uri);
    const ParseResult text = parse_json(builtin ? builtin : "true");
    return schema::CompiledSchema::compile(text.value, schema::CompileOptions{}, error);
  };
  // Each is compiled the first time a tool needs it (about 1 ms in WASM for
  // 2020-12, part of every page's start-up), not both up front.
  if (dialect == schema::Dialect::Draft7) {
    static const schema::CompiledSchema draft7 = compile(kDraft7);
    return draft7;
  }
  static const schema::CompiledSchema draft2020 = compile(kDraft2020);
  return draft2020;
}

class Linter {
 public:
  Linter(const schema::CompileOptions& validation, std::vector<LintFinding>& out) : validation_(validation), out_(out) {}

  void tool(const json& definition, std::size_t index, std::set<std::string>& names) {
    label_ = "#" + std::to_string(index);
    if (!definition.is_object()) return fatal("", "a tool must be an object");
    const auto name = definition.find("name");
    if (name != definition.end() && name->is_string()) label_ = name->get<std::string>();
    if (name == definition.end() || !name->is_string() || !is_valid_tool_name(label_))
      return fatal("/name", "a tool needs a name matching ^[a-zA-Z0-9_-]{1,64}$ (OpenAI rejects others)");
    if (!names.insert(label_).second) fatal("/name", "the name is declared twice; calls could not be told apart");
    if (!definition.contains("description"))
      warn("/description", "no description: the model chooses tools by their descriptions");

    const auto parameters = definition.find("parameters");
    if (parameters != definition.end()) checkParameters(*parameters);

    // Everything the router itself refuses (route fields, schema compilation:
    // unresolvable $ref, invalid patterns, cycles) is fatal here too.
    std::vector<ToolDefinition> compiled;
    json publicTools;
    std::string error;
    if (!read_tool_definitions(json::array({definition}), RouteDefaults{}, validation_, compiled, publicTools, error)) {
      const auto colon = error.find(": ");
      fatal("", colon == std::string::npos ? error : error.substr(colon + 2));
      return;
    }
    checkPathParameters(compiled.front(), parameters != definition.end() ? *parameters : json());
  }

 private:
  void checkParameters(const json& parameters) {
    if (!parameters.is_object()) return fatal("/parameters", "parameters must be a JSON Schema object");
    if (parameters.value("type", json()) != "object")
      fatal("/parameters/type", "the root of parameters must be { \"type\": \"object\" } (OpenAI rejects others)");

    schema::Dialect dialect = validation_.defaultDialect;
    if (const auto uri = parameters.find("$schema"); uri != parameters.end() && uri->is_string())
      schema::dialect_from_uri(uri->get<std::string>(), dialect);
    // Through the text form, like every other validation in the module: the
    // WASM build then carries one evaluator (for the flat document) instead of
    // a second one instantiated for nlohmann trees (about 20 KB).
    const schema::ValidationResult check = metaschema(dialect).validate_text(to_json_text(parameters));
    for (const auto& e : check.errors)
      fatal("/parameters" + e.instanceLocation, "not valid against the metaschema: " + e.error);

    const auto properties = parameters.find("properties");
    const auto required = parameters.find("required");
    const bool closed = parameters.value("additionalProperties", json(true)) == false;
    if (required != parameters.end() && required->is_array()) {
      for (std::size_t i = 0; i < required->size(); ++i) {
        const json& name = (*required)[i];
        if (!name.is_string()) continue;
        const bool declared = properties != parameters.end() && properties->is_object() &&
                              properties->contains(name.get<std::string>());
        if (declared) continue;
        const std::string where = "/parameters/required/" + std::to_string(i);
        if (closed)
          fatal(where, "\"" + name.get<std::string>() + "\" is required but not declared, and additionalProperties is false: every call would fail");
        else
          warn(where, "\"" + name.get<std::string>() + "\" is required but not declared in properties");
      }
    }
  }

  void checkPathParameters(const ToolDefinition& compiled, const json& parameters) {
    const auto properties = parameters.is_object() ? parameters.find("properties") : parameters.end();
    for (const auto& name : compiled.route.path.parameters()) {
      const bool declared = parameters.is_object() && properties != parameters.end() && properties->is_object() &&
                            properties->contains(name);
      if (!declared) warn("/route/path", "the path parameter {" + name + "} is not declared in parameters.properties");
    }
  }

  void fatal(std::string path, std::string message) { out_.push_back({true, label_, std::move(path), std::move(message)}); }
  void warn(std::string path, std::string message) { out_.push_back({false, label_, std::move(path), std::move(message)}); }

  const schema::CompileOptions& validation_;
  std::vector<LintFinding>& out_;
  std::string label_;
};

}  // namespace

std::vector<LintFinding> lint_tools(const json& tools, const schema::CompileOptions& validation) {
  std::vector<LintFinding> findings;
  if (!tools.is_array()) {
    findings.push_back({true, "", "", "tools must be an array"});
    return findings;
  }
  Linter linter(validation, findings);
  std::set<std::string> names;
  for (std::size_t i = 0; i < tools.size(); ++i) linter.tool(tools[i], i, names);
  return findings;
}

}  // namespace rc
