// The regex fast path against the Pike VM on typical tool patterns, in one
// process: rounds alternate between the two (and which goes first), the
// figures are medians over the rounds. Built and run by bench/speed/regex-match.mjs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "schema/regex/regex.hpp"

using namespace rc::schema::regex;
using Clock = std::chrono::steady_clock;

namespace {

struct Case {
  const char* pattern;
  std::vector<std::string> inputs;  // a mix of matching and failing values, as a validator sees them
};

volatile int sink = 0;  // keeps the matches from being optimised away

// ns per search over `inputs`, searching for at least `ms` milliseconds.
template <class Search>
double measure(const std::vector<std::string>& inputs, Search search, double ms) {
  std::size_t runs = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  while (elapsed < ms * 1e6) {
    for (const auto& in : inputs) sink = sink + static_cast<int>(search(in));
    runs += inputs.size();
    elapsed = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
  }
  return elapsed / static_cast<double>(runs);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 11;
  const double roundMs = argc > 2 ? std::atof(argv[2]) : 30;
  std::string longText;
  for (int i = 0; i < 40; ++i) longText += "The quick brown fox jumps over the lazy dog, again and again. ";
  const std::vector<Case> cases = {
      {"^[A-Z0-9]{4,12}$", {"AB12CD34", "XYZ9", "ab12cd34", "AB12CD34EF56GH"}},
      {"^[A-Z]{2}[0-9]{1,4}$", {"AF1234", "LH400", "af1234", "AF12345"}},
      {"^\\d{4}-\\d{2}-\\d{2}$", {"2026-11-24", "2027-01-10", "2026-1-24", "24/11/2026"}},
      {"^[a-z0-9_-]{3,16}$", {"ana_maria-9", "bob", "Ana", "a-very-long-user-name"}},
      {"^(economy|business)$", {"economy", "business", "first", "economy "}},
      {"^\\+?[0-9 ]{6,20}$", {"+33 1 23 45 67 89", "0123456789", "+33-1-23", "12"}},
      {"foo", {"a food court", "bar", "xxxxxxxxxxxxxxxxxxxxfoo", "fo"}},
      {"^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", {"ana@example.com", "ana.maria@mail.example.org", "ana@", "a b@c.de"}},
      {"^[A-Za-z\\u00C0-\\u024F]+$", {"Ana", "\xC3\x89lodie", "Zo\xC3\xAB", "Ana1"}},
      {"cat", {longText}},  // an unanchored search through 2.5 KB that finds nothing
  };
  std::printf("%-34s %10s %10s %8s %12s\n", "pattern", "Pike VM", "DFA", "VM/DFA", "compile");
  for (const auto& c : cases) {
    Regex re;
    std::string error;
    if (!re.compile(c.pattern, error) || !re.has_dfa()) {
      std::printf("%-34s not on the DFA: %s\n", c.pattern, error.c_str());
      continue;
    }
    for (const auto& in : c.inputs) {
      std::size_t a = kDefaultStepBudget, b = kDefaultStepBudget;
      if (re.search_vm(in, a) != re.search_shared(in, b)) {
        std::printf("%-34s the two disagree on \"%s\"\n", c.pattern, in.c_str());
        return 1;
      }
    }
    auto vm = [&](const std::string& in) {
      std::size_t budget = kDefaultStepBudget;
      return re.search_vm(in, budget);
    };
    auto dfa = [&](const std::string& in) {
      std::size_t budget = kDefaultStepBudget;
      return re.search_shared(in, budget);
    };
    std::vector<double> vmNs, dfaNs, ratios, compileNs;
    for (int r = 0; r < rounds; ++r) {
      double v, d;
      if (r % 2 == 0) v = measure(c.inputs, vm, roundMs), d = measure(c.inputs, dfa, roundMs);
      else d = measure(c.inputs, dfa, roundMs), v = measure(c.inputs, vm, roundMs);
      vmNs.push_back(v);
      dfaNs.push_back(d);
      ratios.push_back(v / d);
      const auto start = Clock::now();
      Regex again;
      again.compile(c.pattern, error);  // parse + Pike program + DFA
      compileNs.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count());
    }
    std::printf("%-34s %7.0f ns %7.0f ns %7.1fx %9.1f us\n", c.pattern, median(vmNs), median(dfaNs), median(ratios),
                median(compileNs) / 1000);
  }
  std::printf("(ns per search, medians of %d alternating rounds of %.0f ms; compile: Regex::compile with the DFA)\n",
              rounds, roundMs);
  return sink == -1;
}
