// The ECMA-262 subset engine behind `pattern` / `patternProperties`.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>

#include "schema/regex/regex.hpp"

using namespace rc::schema::regex;

namespace {

MatchStatus run(const char* pattern, const std::string& input) {
  Regex re;
  std::string error;
  INFO(pattern << ": " << error);
  REQUIRE(re.compile(pattern, error));
  return re.search(input);
}

bool matches(const char* pattern, const std::string& input) { return run(pattern, input) == MatchStatus::Match; }

}  // namespace

TEST_CASE("regex: search semantics, anchors, classes, escapes", "[regex]") {
  CHECK(matches("b", "abc"));
  CHECK_FALSE(matches("^b", "abc"));
  CHECK(matches("c$", "abc"));
  CHECK_FALSE(matches("^abc$", "abc\n"));
  CHECK(matches("^[a-z]+-\\d{2,4}$", "abc-123"));
  CHECK_FALSE(matches("^[a-z]+-\\d{2,4}$", "abc-12345"));
  CHECK(matches("^\\w+\\s\\W$", "ab_9 !"));
  CHECK(matches("^[^0-9]*$", "abc"));
  CHECK_FALSE(matches("^[^0-9]*$", "ab1"));
  CHECK(matches("\\bfoo\\b", "a foo b"));
  CHECK_FALSE(matches("\\bfoo\\b", "afoob"));
  CHECK(matches("^a.c$", "a\xC3\xA9" "c"));  // '.' is one code point
  CHECK_FALSE(matches("^a.c$", "a\nc"));
  CHECK(matches("^\\u00e9$", "\xC3\xA9"));
  CHECK(matches("^\\uD83D\\uDCA9$", "\xF0\x9F\x92\xA9"));
  CHECK(matches("^[\\u0400-\\u04FF]+$", "\xD0\x96\xD0\x96"));
  CHECK(matches("^\\p{L}+$", "\xC3\xA9t\xC3\xA9"));
  CHECK_FALSE(matches("^\\p{Letter}+$", "123"));
  CHECK(matches("^\\x41\\t$", "A\t"));
  CHECK(matches("^\\$\\.\\/$", "$./"));
}

TEST_CASE("regex: alternation, groups, quantifiers, lazy, lookahead", "[regex]") {
  CHECK(matches("^(cat|dog)s?$", "dogs"));
  CHECK_FALSE(matches("^(cat|dog)s?$", "cow"));
  CHECK(matches("^(?:ab)+$", "ababab"));
  CHECK(matches("^a{3}$", "aaa"));
  CHECK_FALSE(matches("^a{3}$", "aaaa"));
  CHECK(matches("^a{2,}$", "aaaaa"));
  CHECK(matches("^a+?b$", "aaab"));
  CHECK(matches("^(?=.*\\d)(?=.*[a-z]).{8,}$", "abcdefg1"));
  CHECK_FALSE(matches("^(?=.*\\d)(?=.*[a-z]).{8,}$", "abcdefgh"));
  CHECK(matches("^(?!foo).*$", "bar"));
  CHECK_FALSE(matches("^(?!foo).*$", "foobar"));
  CHECK(matches("^(?<year>\\d{4})-\\d{2}$", "2026-11"));
  CHECK(matches("a{,5}", "a{,5}"));  // Annex B: not a quantifier, literal braces
  CHECK(matches("^(a*)*$", "aaaa"));  // empty loops terminate
}

TEST_CASE("regex: exponential patterns run in linear time", "[regex]") {
  const std::string input = std::string(50000, 'a') + "!";
  const auto start = std::chrono::steady_clock::now();
  CHECK(run("^(a+)+$", input) == MatchStatus::NoMatch);
  CHECK(run("^(a|aa)*$", input) == MatchStatus::NoMatch);
  CHECK(run("(x+x+)+y", std::string(50000, 'x')) == MatchStatus::NoMatch);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
  std::printf("regex: three hostile patterns on 50,000 characters: %lld us in total\n", static_cast<long long>(us));
  CHECK(us < 5'000'000);
}

TEST_CASE("regex: invalid patterns are errors, not crashes", "[regex]") {
  for (const char* bad : {"(", "a)", "[a", "*a", "a**", "\\", "(?<=x)", "\\1", "\\p{Foo}", "a{5,2}"}) {
    Regex re;
    std::string error;
    INFO(bad);
    CHECK_FALSE(re.compile(bad, error));
    CHECK_FALSE(error.empty());
  }
  std::string nested(200, '(');
  nested += std::string(200, ')');
  Regex re;
  std::string error;
  CHECK_FALSE(re.compile(nested, error));
}
