#include "schema/validator.hpp"

#include <algorithm>
#include <cmath>

namespace rc::schema {

struct CompiledSchema::Impl {
  json schema;
  CompileOptions options;
};

namespace {

std::string escape_pointer_token(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

bool has_type(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  if (type == "number") return value.is_number();
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    // 1.0 is an integer in JSON Schema, though nlohmann parses it as a float.
    if (value.is_number_float()) {
      // Not via a cast to an integer type: 3.7e20 does not fit one (UB).
      const double d = value.get<double>();
      return std::isfinite(d) && std::floor(d) == d;
    }
  }
  return false;
}

std::string type_name(const json& value) {
  if (value.is_number_integer()) return "integer";
  if (value.is_number_float()) return "number";
  return value.type_name();
}

class Walker {
 public:
  explicit Walker(const CompileOptions& options, ValidationResult& result) : options_(options), result_(result) {}

  void walk(const json& schema, const json& instance, const std::string& schemaPath, const std::string& instancePath) {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) fail(instancePath, schemaPath, "no value is allowed here");
      return;
    }
    if (!schema.is_object()) return;

    if (auto it = schema.find("type"); it != schema.end()) {
      bool matches = false;
      std::string expected;
      if (it->is_string()) {
        matches = has_type(instance, it->get<std::string>());
        expected = it->get<std::string>();
      } else if (it->is_array()) {
        for (const auto& t : *it) {
          if (!t.is_string()) continue;
          matches = matches || has_type(instance, t.get<std::string>());
          expected += (expected.empty() ? "" : " or ") + t.get<std::string>();
        }
      } else {
        matches = true;
      }
      if (!matches) {
        fail(instancePath, schemaPath + "/type", "expected " + expected + ", got " + type_name(instance));
        return;
      }
    }
    if (auto it = schema.find("enum"); it != schema.end() && it->is_array()) {
      if (std::find(it->begin(), it->end(), instance) == it->end())
        fail(instancePath, schemaPath + "/enum", "must be one of " + to_json_text(*it));
    }
    if (auto it = schema.find("const"); it != schema.end() && instance != *it)
      fail(instancePath, schemaPath + "/const", "must be " + to_json_text(*it));

    if (instance.is_object()) walk_object(schema, instance, schemaPath, instancePath);
    if (instance.is_array()) walk_array(schema, instance, schemaPath, instancePath);
  }

 private:
  void walk_object(const json& schema, const json& instance, const std::string& schemaPath,
                   const std::string& instancePath) {
    if (auto it = schema.find("required"); it != schema.end() && it->is_array()) {
      for (const auto& name : *it) {
        if (name.is_string() && !instance.contains(name.get<std::string>()))
          fail(instancePath, schemaPath + "/required", "missing required property \"" + name.get<std::string>() + "\"");
      }
    }
    const auto properties = schema.find("properties");
    const bool hasProperties = properties != schema.end() && properties->is_object();
    const auto additional = schema.find("additionalProperties");
    for (const auto& [name, value] : instance.items()) {
      const std::string childPath = instancePath + "/" + escape_pointer_token(name);
      if (hasProperties) {
        if (auto p = properties->find(name); p != properties->end()) {
          walk(*p, value, schemaPath + "/properties/" + escape_pointer_token(name), childPath);
          continue;
        }
      }
      if (additional != schema.end()) {
        if (additional->is_boolean() && !additional->get<bool>())
          fail(childPath, schemaPath + "/additionalProperties", "property \"" + name + "\" is not allowed");
        else
          walk(*additional, value, schemaPath + "/additionalProperties", childPath);
      }
    }
  }

  void walk_array(const json& schema, const json& instance, const std::string& schemaPath,
                  const std::string& instancePath) {
    const auto items = schema.find("items");
    if (items == schema.end() || !(items->is_object() || items->is_boolean())) return;
    for (std::size_t i = 0; i < instance.size(); ++i)
      walk(*items, instance[i], schemaPath + "/items", instancePath + "/" + std::to_string(i));
  }

  void fail(const std::string& instancePath, const std::string& schemaPath, std::string message) {
    result_.valid = false;
    if (result_.errors.size() < options_.maxErrors)
      result_.errors.push_back({instancePath, schemaPath, std::move(message)});
  }

  const CompileOptions& options_;
  ValidationResult& result_;
};

}  // namespace

CompiledSchema CompiledSchema::compile(const json& schema, const CompileOptions& options, std::string& error) {
  if (!schema.is_object() && !schema.is_boolean()) {
    error = "a schema must be an object or a boolean";
    return CompiledSchema();
  }
  error.clear();
  return CompiledSchema(std::make_shared<const Impl>(Impl{schema, options}));
}

ValidationResult CompiledSchema::validate(const json& instance) const {
  ValidationResult result;
  if (!impl_) return result;  // an empty schema accepts everything
  Walker(impl_->options, result).walk(impl_->schema, instance, "", "");
  return result;
}

}  // namespace rc::schema
