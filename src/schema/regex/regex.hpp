#pragma once
// A small ECMA-262 regular expression engine for `pattern` and
// `patternProperties`. It answers one question: does the pattern match
// somewhere in the (UTF-8) input? That needs no captures and no match
// priority, so it runs as a Pike VM (Thompson NFA simulation): time is
// O(input code points x program size), no recursion over the input, no
// exponential blow-up for patterns like ^(a+)+$. Lookahead runs a nested VM
// at the position (bounded by the same step budget). Most tool patterns
// (classes, bounded repeats, literals, alternations, ^ and $) need none of
// the VM's generality: they run on a DFA built from the same program
// (dfa.hpp), one table look-up per code point.
//
// Not supported (a clear compile error, never a crash): backreferences,
// lookbehind, \p{...} other than L, N and Nd, flags.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "schema/regex/dfa.hpp"
#include "schema/regex/program.hpp"

namespace rc::schema::regex {

class Regex {
 public:
  // Compiles `pattern`; on failure returns false and `error` says why.
  bool compile(std::string_view pattern, std::string& error);

  MatchStatus search(std::string_view input, std::size_t stepBudget = kDefaultStepBudget) const;

  // The same, drawing steps from a budget shared by several matches (the
  // validator's per-call budget); `budget` is decreased by the steps used.
  MatchStatus search_shared(std::string_view input, std::size_t& budget) const;

  // The Pike VM alone, even where the DFA would answer: for the tests and the
  // benchmark that compare the two.
  MatchStatus search_vm(std::string_view input, std::size_t& budget) const;

  // Whether search runs on the DFA (dfa.hpp) rather than the Pike VM.
  bool has_dfa() const { return !dfa_.empty(); }

  const std::string& source() const { return source_; }

 private:
  friend class Compiler;
  friend class Vm;
  friend struct Codec;  // regex_codec.cpp: the compiled tool set's form of a Regex
  std::string source_;
  std::vector<Program> programs_;  // [0] is the main program; others are lookaheads
  std::vector<CharClass> classes_;
  bool anchoredStart_ = false;  // the program begins with ^: try position 0 only
  Dfa dfa_;  // built from programs_ after compiling and after reading; empty where the VM must run

  // Derives what matching needs from programs_ (anchoredStart_, dfa_): after
  // compile and after the codec read a Regex, so the set's format is the program's.
  void prepare();
};

}  // namespace rc::schema::regex
