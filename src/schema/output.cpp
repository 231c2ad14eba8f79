#include "schema/output.hpp"

#include "json/utf8.hpp"
#include "json/write.hpp"

namespace rc::schema {

namespace {

// One error of the list, after a ',' unless it is the first.
void append_error_json(std::string& list, bool first, std::string_view instanceLocation,
                       std::string_view keywordLocation, std::string_view error) {
  if (!first) list += ',';
  ObjectWriter(list)
      .string("instanceLocation", instanceLocation)
      .string("keywordLocation", keywordLocation)
      .string("error", error)
      .close();
}

}  // namespace

std::string errors_json(const std::vector<ValidationError>& errors) {
  std::size_t size = 2;
  for (const auto& e : errors) size += e.instanceLocation.size() + e.keywordLocation.size() + e.error.size() + 64;
  std::string list;
  list.reserve(size);  // one allocation: escapes are rare in these texts
  list += '[';
  for (const auto& e : errors) append_error_json(list, &e == errors.data(), e.instanceLocation, e.keywordLocation, e.error);
  return list += ']';
}

std::string result_json(const ValidationResult& result) {
  const std::string errors = errors_json(result.errors);
  std::string out;
  out.reserve(errors.size() + 48);
  ObjectWriter writer(out);
  writer.raw("valid", result.valid ? "true" : "false").raw("errors", errors);
  if (result.truncated) writer.raw("truncated", "true");
  if (result.tooComplex) writer.raw("tooComplex", "true");
  writer.close();
  return out;
}

void append_errors_json(std::string& out, const ErrorRecord& record) {
  out += '[';
  bool first = true;
  for_each_error(record, [&](std::string_view instanceLocation, std::string_view keywordLocation, std::string_view error) {
    append_error_json(out, first, instanceLocation, keywordLocation, error);
    first = false;
  });
  out += ']';
}

void start_error_record(ErrorRecord& record) {
  record.words.assign({0, 0});
  record.text.clear();
  record.bytes.clear();
}

void add_error(ErrorRecord& record, std::string_view instanceLocation, std::string_view keywordLocation,
               std::string_view error) {
  for (const std::string_view s : {instanceLocation, keywordLocation, error}) {
    const std::size_t from = record.text.size();
    record.words.push_back(static_cast<std::uint32_t>(append_utf8_lossy(record.text, s)));
    record.bytes.push_back(static_cast<std::uint32_t>(record.text.size() - from));
  }
  ++record.words[1];
}

void finish_error_record(ErrorRecord& record, bool valid, bool truncated, bool tooComplex) {
  record.words[0] = (valid ? 1u : 0u) | (truncated ? 2u : 0u) | (tooComplex ? 4u : 0u);
}

void write_error_record(const ValidationResult& result, ErrorRecord& record) {
  start_error_record(record);
  for (const auto& e : result.errors) add_error(record, e.instanceLocation, e.keywordLocation, e.error);
  finish_error_record(record, result.valid, result.truncated, result.tooComplex);
}

}  // namespace rc::schema
