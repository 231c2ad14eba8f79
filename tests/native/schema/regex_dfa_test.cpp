// The DFA fast path (src/schema/regex/dfa.hpp) against the Pike VM it stands
// in for: the same answer on every pattern x input, the patterns that must
// take the fast path, the caps that send a pattern back to the VM, and the
// step budget.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "schema/regex/regex.hpp"
#include "schema/regex/regex_codec.hpp"

using namespace rc::schema::regex;

namespace {

Regex compiled(const std::string& pattern) {
  Regex re;
  std::string error;
  INFO(pattern << ": " << error);
  REQUIRE(re.compile(pattern, error));
  return re;
}

MatchStatus vm(const Regex& re, const std::string& input) {
  std::size_t budget = kDefaultStepBudget;
  return re.search_vm(input, budget);
}

// What tool schemas hold, and the corners of ^ $ . \d \w \s and classes.
const std::vector<std::string> kPatterns = {
    "^[A-Z0-9]{4,12}$", "^[A-Z]{2}[0-9]{1,4}$", "^\\d{4}-\\d{2}-\\d{2}$", "^[a-z0-9_-]{3,16}$",
    "^(economy|business)$", "^\\+?[0-9 ]{6,20}$", "foo", "", "^", "$", "^$", "$^", "a|^b", "a$|b", "^.*$", ".",
    "^.$", "^..$", "[^a]", "\\s", "^\\S+$", "\\w+@\\w+\\.com", "^\\D*$", "\\W", "^\\uFFFD$", "^[\\u0400-\\u04FF]+$",
    "^\\uD83D\\uDCA9$", "[\\u{1F300}-\\u{1F5FF}]", "\\p{Nd}", "^(a|ab)(c|bcd)(d*)$", "(a*)*b", "^a{0}$",
    "x*", "^[]$", "^[^]*$", "a{2,}b?c*", "^(?:ab|cd)+$", "\xC3\xA9", "^\\x41", "\\u2028", "[\\n\\r]", "^[^\\n]*$",
    "^\\$", "\\^", "a{,5}", "^\\0$", "(^a|b$)c?", "^(a|b)*abb$", "[a-c]{2}x|y[^x-z]", "\\d{3}$", "^[\\s\\S]{2}$",
    "^\\u{10FFFF}$", "[\\uD800-\\uDFFF]", "^(?:$|a)"};

// ASCII, non-BMP, invalid UTF-8 (each bad byte is U+FFFD), line terminators, NUL.
const std::vector<std::string> kInputs = {
    "", "a", "A", "ab", "abc", "abb", "babb", "foo", "xfoox", "fo", "AB1234", "AB12345", "ab1234", "ABCD", "ABCD1234EFGH1",
    "2026-11-24", "2026-1-24", "+33 1 23 45 67 89", "+33", "economy", "business", "economyx", "user_name-1", "a\n",
    "\n", "\r", "\r\n", "\xE2\x80\xA8", "\xE2\x80\xA9", "a\nb", "\xF0\x9F\x92\xA9", "a\xF0\x9F\x8C\x80" "b",
    "\xF4\x8F\xBF\xBF", "\xFF", "\xC3", "\xC3\x28", "\xED\xA0\x80", "\xF7\xBF\xBF\xBF", "\xC0\xAF", "\xEF\xBF\xBD",
    "\xC3\xA9t\xC3\xA9", "\xD0\x96\xD0\x96", "\xDF\x80", "\xE0\xA7\xAA", "a@b.com", " \t", "\xC2\xA0", "abcd",
    "abcbcd", "aaab", "aaaaaaac", "b", "bc", "cd", "abcdab", "$", "^", "{,5}", "a{,5}", std::string("\0", 1),
    std::string("a\0b", 3), "yw", "bbx", "123", "x123", "1234"};

// Pieces for generated inputs: each can change a verdict.
const std::vector<std::string> kPieces = {"a", "b", "c", "d", "x", "A", "Z", "0", "9", "-", "_", " ", "+", "@", ".",
                                          "\n", "\r", "\xE2\x80\xA8", "\xC3\xA9", "\xF0\x9F\x92\xA9", "\xFF", "\xC3",
                                          "\xED\xA0\x80", "\xD0\x96", std::string("\0", 1), "$", "^"};

std::vector<std::string> generated_inputs() {
  std::vector<std::string> out;
  std::uint32_t seed = 12345;
  for (int n = 0; n < 300; ++n) {
    std::string s;
    seed = seed * 1103515245 + 12345;
    const int len = static_cast<int>(seed >> 16) % 12;
    for (int k = 0; k < len; ++k) {
      seed = seed * 1103515245 + 12345;
      s += kPieces[(seed >> 16) % kPieces.size()];
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("regex DFA: typical tool patterns take the fast path", "[regex][dfa]") {
  for (const char* p : {"^[A-Z0-9]{4,12}$", "^[A-Z]{2}[0-9]{1,4}$", "^\\d{4}-\\d{2}-\\d{2}$", "^[a-z0-9_-]{3,16}$",
                        "^(economy|business)$", "^\\+?[0-9 ]{6,20}$", "foo", "^.{1,100}$",
                        "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$"}) {
    INFO(p);
    CHECK(compiled(p).has_dfa());
  }
}

TEST_CASE("regex DFA: the same answers as the Pike VM on patterns x inputs", "[regex][dfa]") {
  std::vector<std::string> inputs = kInputs;
  for (auto& s : generated_inputs()) inputs.push_back(std::move(s));
  int fast = 0, compared = 0, matched = 0;
  for (const auto& p : kPatterns) {
    const Regex re = compiled(p);
    if (re.has_dfa()) ++fast;
    for (const auto& in : inputs) {
      INFO("pattern /" << p << "/ on \"" << in << "\"");
      const MatchStatus expected = vm(re, in);
      REQUIRE(expected != MatchStatus::BudgetExceeded);
      CHECK(re.search(in) == expected);
      ++compared;
      if (expected == MatchStatus::Match) ++matched;
    }
  }
  // Every pattern above is look-around free and small: all must be on the DFA,
  // or the comparison would compare the VM with itself.
  CHECK(fast == static_cast<int>(kPatterns.size()));
  // Neither answer dominates the table, so a DFA stuck on one answer fails.
  CHECK(matched > compared / 10);
  CHECK(matched < compared * 9 / 10);
}

TEST_CASE("regex DFA: answers that the ECMA-262 rules fix", "[regex][dfa]") {
  auto yes = [](const char* p, const std::string& in) {
    const Regex re = compiled(p);
    REQUIRE(re.has_dfa());
    return re.search(in) == MatchStatus::Match;
  };
  CHECK(yes("^[A-Z]{2}[0-9]{1,4}$", "AF1234"));
  CHECK_FALSE(yes("^[A-Z]{2}[0-9]{1,4}$", "AF12345"));
  CHECK_FALSE(yes("^abc$", "abc\n"));                       // $ is the end of input, not of a line
  CHECK_FALSE(yes("^a.c$", "a\xE2\x80\xA8" "c"));           // . skips U+2028
  CHECK(yes("^a.c$", "a\xF0\x9F\x92\xA9" "c"));             // . is one code point, non-BMP too
  CHECK(yes("^\\uFFFD\\uFFFD\\($", "\xFF\xC3("));             // each bad byte is one U+FFFD
  CHECK_FALSE(yes("^\\d$", "\xDF\x80"));                     // NKO DIGIT ZERO is not \d
  CHECK(yes("^\\s$", "\xEF\xBB\xBF"));                       // U+FEFF is \s
  CHECK_FALSE(yes("^\\w$", "\xC3\xA9"));                     // \w is ASCII
  CHECK(yes("^$", ""));
  CHECK_FALSE(yes("$^", "a"));
  CHECK(yes("$^", ""));
}

TEST_CASE("regex DFA: the compiled tool set's form rebuilds it", "[regex][dfa]") {
  const Regex re = compiled("^[A-Z]{2}[0-9]{1,4}$");
  rc::binary::ByteWriter out;
  write_regex(re, out);
  rc::binary::ByteReader in(out.data());
  Regex back;
  REQUIRE(read_regex(in, back));
  CHECK(back.has_dfa());
  CHECK(back.search("AF1234") == MatchStatus::Match);
  CHECK(back.search("AF12345") == MatchStatus::NoMatch);
}

TEST_CASE("regex DFA: past a cap, or with look-around, the Pike VM answers", "[regex][dfa]") {
  struct Case {
    std::string pattern, yes, no;
  };
  const std::string a300(300, 'a'), a600(600, 'a');
  const std::vector<Case> cases = {
      {"^[a-z]{300}$", a300, a300 + "a"},                            // 300 states > kMaxDfaStates
      {"(a|b)*a(a|b){12}$", "a" + std::string(12, 'b'), std::string(13, 'b')},  // 2^13 subsets
      {"^a{600}$", a600, a300},                                      // > kMaxDfaProgram instructions
      {"^\\p{L}+$", "\xC3\xA9t\xC3\xA9", "1"},                     // ~1300 intervals > kMaxDfaClasses
      {"\\bfoo\\b", "a foo", "afoo"},                                // word boundary
      {"^(?=.*\\d).{4}$", "abc1", "abcd"},                           // lookahead
  };
  for (const auto& c : cases) {
    INFO(c.pattern);
    const Regex re = compiled(c.pattern);
    CHECK_FALSE(re.has_dfa());
    CHECK(re.search(c.yes) == MatchStatus::Match);
    CHECK(re.search(c.no) == MatchStatus::NoMatch);
  }
  // Just under the state cap, the DFA is built.
  CHECK(compiled("^[a-z]{200}$").has_dfa());
}

TEST_CASE("regex DFA: one budget step per code point read", "[regex][dfa]") {
  const Regex re = compiled("^[a-z\\u00e9\\u{1F4A9}]+$");
  REQUIRE(re.has_dfa());
  std::size_t budget = 1000;
  CHECK(re.search_shared("ab\xC3\xA9\xF0\x9F\x92\xA9", budget) == MatchStatus::Match);
  CHECK(budget == 1000 - 4);  // four code points, ten bytes

  budget = 1000;
  CHECK(re.search_shared("1bcdef", budget) == MatchStatus::NoMatch);
  CHECK(budget == 1000 - 1);  // anchored: no thread is left after the first code point

  budget = 3;
  CHECK(re.search_shared("abcdef", budget) == MatchStatus::BudgetExceeded);
  CHECK(budget == 0);

  budget = 6;  // exactly enough
  CHECK(re.search_shared("abcdef", budget) == MatchStatus::Match);
  CHECK(budget == 0);

  budget = 0;  // the empty input reads nothing
  CHECK(compiled("^$").search_shared("", budget) == MatchStatus::Match);

  // The Pike VM spends more on the same search: the budget stays comparable, not equal.
  budget = 1000;
  CHECK(re.search_vm("abcdef", budget) == MatchStatus::Match);
  CHECK(budget < 1000 - 6);
}
