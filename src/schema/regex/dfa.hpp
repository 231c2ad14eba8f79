#pragma once
// The fast path for patterns that need no look-around: a DFA built from the
// Pike VM's Program by subset construction, over classes of code points that
// every instruction of the program treats alike (the intervals between the
// edges of its Char and Class operands). A search reads each code
// point once and does one table look-up for it; the Pike VM (match.cpp)
// stays the general path, for lookahead, \b / \B, and for programs whose DFA
// would pass the caps below.
//
// The DFA answers exactly what the VM answers: it decodes the input with the
// same decode_utf8 (invalid bytes are U+FFFD), tests code points against the
// same CharClass ranges (so \d \w \s . mean what the parser made them), and
// follows the program's own ^ and $ (no m flag: ^ holds at offset 0 only, $
// at the end only).
//
// Bounds, all checked while building (a pattern past any of them keeps the VM):
// - at most kMaxDfaProgram instructions, kMaxDfaStates states, kMaxDfaClasses
//   code point classes (the intervals between the edges of the program's
//   Char and Class operands: \p{L}, some 650 ranges, stays on the VM) and
//   kMaxDfaCells table entries (2 bytes each: the table is at most 32 KB);
// - building costs O(cells x program size) instruction visits and class
//   tests (at most 16384 x 512, some 8 million, for a pattern that reaches
//   every cap; a typical tool pattern needs a few thousand) and as many
//   state look-ups (a hash compare per known state);
// - a search costs one step of the shared budget per code point read.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "schema/regex/program.hpp"

namespace rc::schema::regex {

inline constexpr std::size_t kMaxDfaProgram = 512;
inline constexpr std::size_t kMaxDfaStates = 256;
inline constexpr std::size_t kMaxDfaClasses = 256;
inline constexpr std::size_t kMaxDfaCells = 16384;

class Dfa {
 public:
  // Builds the DFA of `program` (a main program: its lookaheads, if any,
  // make it ineligible). False, leaving the Dfa empty(), when the program uses
  // an instruction the DFA does not model or a cap is reached.
  bool build(const Program& program, const std::vector<CharClass>& classes);

  void clear() { built_ = false; }

  bool empty() const { return !built_; }

  // Whether the pattern matches somewhere in `input`; `budget` is decreased by
  // the code points read, and BudgetExceeded is returned when it runs out first.
  MatchStatus search(std::string_view input, std::size_t& budget) const;

 private:
  static constexpr std::uint16_t kDead = 0xFFFE;   // no thread is left: no match possible
  static constexpr std::uint16_t kMatch = 0xFFFF;  // a thread reached Match: the answer is yes

  std::uint8_t class_of(char32_t c) const;

  std::uint8_t ascii_[128] = {};       // the class of each ASCII code point
  std::vector<std::uint32_t> bounds_;  // class k is [bounds_[k], bounds_[k + 1]); bounds_[0] == 0
  std::vector<std::uint16_t> next_;    // next_[state * classCount_ + class]: a state, kDead or kMatch
  std::vector<std::uint8_t> acceptAtEnd_;  // per state: a $ (or Match) is reachable at the end of input
  std::uint16_t classCount_ = 0;
  std::uint16_t start_ = kDead;
  bool emptyMatches_ = false;          // the answer for the empty input (where ^ and $ both hold)
  bool built_ = false;                 // a pattern that matches everywhere has no states, yet is built
};

}  // namespace rc::schema::regex
