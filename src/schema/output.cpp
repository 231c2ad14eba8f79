#include "schema/output.hpp"

#include "json/write.hpp"

namespace rc::schema {

std::string errors_json(const std::vector<ValidationError>& errors) {
  std::string list = "[";
  for (const auto& e : errors) {
    if (list.size() > 1) list += ',';
    ObjectWriter(list)
        .string("instanceLocation", e.instanceLocation)
        .string("keywordLocation", e.keywordLocation)
        .string("error", e.error)
        .close();
  }
  return list += ']';
}

std::string result_json(const ValidationResult& result) {
  std::string out;
  ObjectWriter writer(out);
  writer.raw("valid", result.valid ? "true" : "false").raw("errors", errors_json(result.errors));
  if (result.truncated) writer.raw("truncated", "true");
  writer.close();
  return out;
}

}  // namespace rc::schema
