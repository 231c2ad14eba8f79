#pragma once
// The compiled form of a pattern, shared by the Pike VM (match.cpp), the DFA
// built from it (dfa.cpp) and the compiled tool set's codec (regex_codec.cpp).
#include <cstddef>
#include <cstdint>
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

// Decodes one UTF-8 code point at `i` (advancing `i`). What is well-formed is
// json/utf8.hpp's rule; a byte that starts no well-formed sequence decodes as
// U+FFFD on its own, as append_utf8_lossy writes it.
char32_t decode_utf8(std::string_view s, std::size_t& i);

}  // namespace rc::schema::regex
