#include "schema/output.hpp"

#include "json/utf8.hpp"
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

void write_error_record(const ValidationResult& result, ErrorRecord& record) {
  record.words.clear();
  record.text.clear();
  record.words.push_back((result.valid ? 1u : 0u) | (result.truncated ? 2u : 0u));
  record.words.push_back(static_cast<std::uint32_t>(result.errors.size()));
  const auto put = [&record](const std::string& s) {
    record.words.push_back(static_cast<std::uint32_t>(append_utf8_lossy(record.text, s)));
  };
  for (const auto& e : result.errors) {
    put(e.instanceLocation);
    put(e.keywordLocation);
    put(e.error);
  }
}

}  // namespace rc::schema
