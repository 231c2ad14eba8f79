#pragma once
// A small ECMA-262 regular expression engine for `pattern` and
// `patternProperties`. It answers one question: does the pattern match
// somewhere in the (UTF-8) input? That needs no captures and no match
// priority, so it runs as a Pike VM (Thompson NFA simulation): time is
// O(input code points x program size), no recursion over the input, no
// exponential blow-up for patterns like ^(a+)+$. Lookahead runs a nested VM
// at the position (bounded by the same step budget).
//
// Not supported (a clear compile error, never a crash): backreferences,
// lookbehind, \p{...} property escapes, flags.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rc::schema::regex {

enum class MatchStatus {
  NoMatch,
  Match,
  BudgetExceeded,  // the step budget ran out before an answer was found
};

inline constexpr std::size_t kDefaultStepBudget = 20'000'000;
inline constexpr std::size_t kMaxProgramSize = 20'000;

struct Range {
  char32_t lo, hi;
};

struct Inst {
  enum Op : std::uint8_t { Char, Class, Any, Split, Jmp, Match, Bol, Eol, WordB, NotWordB, Look, NegLook };
  Op op;
  std::uint32_t x = 0;  // Char: code point; Class: class index; Split/Jmp: target; Look: sub-program
  std::uint32_t y = 0;  // Split: second target
};

struct CharClass {
  std::vector<Range> ranges;  // sorted, merged
  bool negated = false;
  bool contains(char32_t c) const;
};

struct Program {
  std::vector<Inst> code;
};

class Regex {
 public:
  // Compiles `pattern`; on failure returns false and `error` says why.
  bool compile(std::string_view pattern, std::string& error);

  MatchStatus search(std::string_view input, std::size_t stepBudget = kDefaultStepBudget) const;

  // The same, drawing steps from a budget shared by several matches (the
  // validator's per-call budget); `budget` is decreased by the steps used.
  MatchStatus search_shared(std::string_view input, std::size_t& budget) const;

  const std::string& source() const { return source_; }

 private:
  friend class Compiler;
  friend class Vm;
  friend struct Codec;  // regex_codec.cpp: the compiled tool set's form of a Regex
  std::string source_;
  std::vector<Program> programs_;  // [0] is the main program; others are lookaheads
  std::vector<CharClass> classes_;
  bool anchoredStart_ = false;  // the program begins with ^: try position 0 only
};

// Decodes one UTF-8 code point at `i` (advancing `i`); invalid bytes decode
// as U+FFFD one byte at a time.
char32_t decode_utf8(std::string_view s, std::size_t& i);

}  // namespace rc::schema::regex
