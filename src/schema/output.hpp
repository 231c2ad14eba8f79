#pragma once
// A validation's output as JSON text, in the "basic" output unit's shape:
// what the model receives inside invalid_arguments, and what compileSchema's
// validate() returns. Written by hand (json/write.hpp): the browser core
// builds no tree.
#include <cstdint>
#include <string>
#include <string_view>
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
  // Per error, the UTF-8 byte lengths of the same three pieces: where a C++
  // reader (the router's answer for the model) cuts `text`.
  std::vector<std::uint32_t> bytes;
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

// Calls f(instanceLocation, keywordLocation, error) for each error of
// `record` in order, each a view into its text.
template <class F>
void for_each_error(const ErrorRecord& record, F&& f) {
  const std::string_view text(record.text);
  std::size_t at = 0;
  const auto piece = [&](std::uint32_t length) {
    const std::string_view s = text.substr(at, length);
    at += length;
    return s;
  };
  for (std::size_t i = 0; i + 3 <= record.bytes.size(); i += 3) {
    const std::string_view instanceLocation = piece(record.bytes[i]);
    const std::string_view keywordLocation = piece(record.bytes[i + 1]);
    f(instanceLocation, keywordLocation, piece(record.bytes[i + 2]));
  }
}

// errors_json's list, written from a record into `out`: an invalid tool call's
// answer builds no string per error.
void append_errors_json(std::string& out, const ErrorRecord& record);

}  // namespace rc::schema
