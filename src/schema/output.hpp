#pragma once
// A validation's output as JSON text, in the "basic" output unit's shape:
// what the model receives inside invalid_arguments, and what compileSchema's
// validate() returns. Written by hand (json/write.hpp): the browser core
// builds no tree.
#include <cstdint>
#include <string>
#include <vector>

#include "schema/validator.hpp"

namespace rc::schema {

// [{ "instanceLocation", "keywordLocation", "error" }, ...]
std::string errors_json(const std::vector<ValidationError>& errors);

// { "valid", "errors", "truncated"?, "tooComplex"? }
std::string result_json(const ValidationResult& result);

// The same result laid out for JavaScript to read straight from memory
// (compileSchema's validate): building it and reading it back cost a fraction
// of writing JSON text and parsing it again. `text` holds every string of
// every error, one after the other, as well-formed UTF-8 (what TextDecoder
// decodes in one call); `words` holds
//   [flags (1: valid, 2: truncated, 4: tooComplex), error count,
//    then per error the UTF-16 lengths of instanceLocation, keywordLocation, error],
// so that the decoded text is cut with slice().
struct ErrorRecord {
  std::vector<std::uint32_t> words;
  std::string text;
  std::string message;  // where the evaluator composes one message (its room is kept from call to call)
};
void write_error_record(const ValidationResult& result, ErrorRecord& record);

// The same, one step at a time (CompiledSchema::validate_text writes errors
// straight into a record): start empty, add errors, then set the flags.
void start_error_record(ErrorRecord& record);
void add_error(ErrorRecord& record, std::string_view instanceLocation, std::string_view keywordLocation,
               std::string_view error);
void finish_error_record(ErrorRecord& record, bool valid, bool truncated, bool tooComplex = false);
// How many errors `record` holds.
inline std::size_t error_count(const ErrorRecord& record) { return record.words.size() < 2 ? 0 : record.words[1]; }

}  // namespace rc::schema
