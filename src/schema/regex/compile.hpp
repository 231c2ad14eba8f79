#pragma once
// Syntax tree to program: the Pike VM's instructions for a parsed pattern,
// each lookahead in a program of its own.
#include <string>
#include <vector>

#include "schema/regex/program.hpp"
#include "schema/regex/syntax_tree.hpp"

namespace rc::schema::regex {

// Replaces `programs` with the compiled `root`: [0] is the main program, the
// others its lookaheads. False, with `error` set, past kMaxProgramSize
// instructions in all.
bool compile_tree(const Node& root, std::vector<Program>& programs, std::string& error);

}  // namespace rc::schema::regex
