#include "url/query_arguments.hpp"

#include <map>

#include "url/percent_encoding.hpp"

namespace rc::url {
namespace {

bool declares(const json& schema, const char* type) {
  if (!schema.is_object()) return false;
  const auto it = schema.find("type");
  if (it == schema.end()) return false;
  if (it->is_string()) return *it == type;
  if (it->is_array())
    for (const auto& t : *it)
      if (t == type) return true;
  return false;
}

json typed(const json& schema, const std::string& text) {
  if (declares(schema, "integer") || declares(schema, "number")) {
    ParseResult number = parse_json(text, 1);
    if (number.ok && number.value.is_number()) return number.value;
  }
  if (declares(schema, "boolean") && (text == "true" || text == "false")) return text == "true";
  if (declares(schema, "object") || (declares(schema, "array") && !text.empty() && text[0] == '[')) {
    ParseResult structured = parse_json(text);
    if (structured.ok) return structured.value;
  }
  return text;
}

const json& property_schema(const json& schema, const std::string& name) {
  static const json kNone;
  if (!schema.is_object()) return kNone;
  const auto properties = schema.find("properties");
  if (properties == schema.end() || !properties->is_object()) return kNone;
  const auto it = properties->find(name);
  return it == properties->end() ? kNone : *it;
}

}  // namespace

bool parse_query(std::string_view query, QueryPairs& pairs) {
  pairs.clear();
  if (!query.empty() && query[0] == '?') query.remove_prefix(1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string key, value;
    if (!percent_decode(pair.substr(0, eq), true, key)) return false;
    if (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), true, value)) return false;
    pairs.emplace_back(std::move(key), std::move(value));
  }
  return true;
}

json arguments_from_query(const json& schema, const QueryPairs& pairs) {
  std::map<std::string, std::vector<std::string>> grouped;
  for (const auto& [key, value] : pairs) grouped[key].push_back(value);

  json arguments = json::object();
  for (const auto& [name, values] : grouped) {
    const json& property = property_schema(schema, name);
    const bool arrayFromRepeats = declares(property, "array") && !(values.size() == 1 && !values[0].empty() && values[0][0] == '[');
    if (arrayFromRepeats) {
      const json& items = property.is_object() && property.contains("items") ? property["items"] : json();
      json list = json::array();
      for (const auto& v : values) list.push_back(typed(items, v));
      arguments[name] = std::move(list);
    } else if (values.size() == 1) {
      arguments[name] = typed(property, values[0]);
    } else {
      // A repeated key the schema does not call an array: keep every value,
      // and let validation say what is wrong.
      json list = json::array();
      for (const auto& v : values) list.push_back(typed(property, v));
      arguments[name] = std::move(list);
    }
  }
  return arguments;
}

}  // namespace rc::url
