#pragma once
// Parsing untrusted JSON text with bounded nesting, without exceptions.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "json/limits.hpp"

namespace rc {

using json = nlohmann::json;


struct ParseResult {
  bool ok = false;
  json value;         // the document when ok
  std::string error;  // why not, written for a person (or a model) to read
};

// What a repeated member name means. Arguments from the model refuse it: a
// backend's parser might keep the first value where we validated the last.
enum class DuplicateKeys { last_wins, reject };

// Parses `text` as one JSON document. Never throws; invalid UTF-8, trailing
// garbage, nesting deeper than `maxDepth` and numbers beyond a double's range
// (1e400) are errors.
ParseResult parse_json(std::string_view text, std::size_t maxDepth = kDefaultMaxDepth,
                       DuplicateKeys duplicates = DuplicateKeys::last_wins);

// Serialises compactly. Invalid UTF-8 in strings (which cannot come from
// parse_json, but can come from text handed over by JavaScript) is replaced
// with U+FFFD instead of throwing.
std::string to_json_text(const json& value);

}  // namespace rc
