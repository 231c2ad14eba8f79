#include "schema/regex/regex.hpp"

#include "schema/regex/compile.hpp"
#include "schema/regex/parse.hpp"

namespace rc::schema::regex {

bool Regex::compile(std::string_view pattern, std::string& error) {
  source_ = std::string(pattern);
  classes_.clear();
  Node root;
  if (!parse(pattern, root, classes_, error)) {
    error = "unsupported or invalid regular expression /" + source_ + "/: " + error;
    return false;
  }
  if (!compile_tree(root, programs_, error)) {
    error = "regular expression /" + source_ + "/: " + error;
    return false;
  }
  prepare();
  error.clear();
  return true;
}

void Regex::prepare() {
  anchoredStart_ = !programs_.empty() && !programs_[0].code.empty() && programs_[0].code[0].op == Inst::Bol;
  // Lookaheads live in programs after the first: the DFA does not model them.
  dfa_.clear();
  if (programs_.size() == 1) dfa_.build(programs_[0], classes_);
}

}  // namespace rc::schema::regex
