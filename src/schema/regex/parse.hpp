#pragma once
// Pattern text to syntax tree: the ECMA-262 grammar this engine accepts
// (Annex B's leniencies included), and a clear error for the rest.
#include <string>
#include <string_view>
#include <vector>

#include "schema/regex/program.hpp"
#include "schema/regex/syntax_tree.hpp"

namespace rc::schema::regex {

// Parses the UTF-8 `pattern` into `root`, appending the character classes it
// uses to `classes`. On failure returns false and `error` says what and where.
bool parse(std::string_view pattern, Node& root, std::vector<CharClass>& classes, std::string& error);

}  // namespace rc::schema::regex
