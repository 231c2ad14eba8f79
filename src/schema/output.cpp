#include "schema/output.hpp"

#include "json/write.hpp"

namespace rc::schema {

std::string errors_json(const std::vector<ValidationError>& errors) {
  std::size_t size = 2;
  for (const auto& e : errors) size += e.instanceLocation.size() + e.keywordLocation.size() + e.error.size() + 64;
  std::string list;
  list.reserve(size);  // one allocation: escapes are rare in these texts
  list += '[';
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
  const std::string errors = errors_json(result.errors);
  std::string out;
  out.reserve(errors.size() + 48);
  ObjectWriter writer(out);
  writer.raw("valid", result.valid ? "true" : "false").raw("errors", errors);
  if (result.truncated) writer.raw("truncated", "true");
  writer.close();
  return out;
}

}  // namespace rc::schema
