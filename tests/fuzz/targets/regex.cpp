// The regex DFA against the Pike VM: a fuzzed pattern (before the first NUL)
// on a fuzzed input (the rest). Wherever the DFA is built, it must give the
// VM's answer, spend at most one budget step per input byte, and be rebuilt
// alike from the compiled tool set's form of the regex.
#include "schema/regex/regex.hpp"
#include "schema/regex/regex_codec.hpp"

using namespace rc::schema::regex;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const auto cut = all.find('\0');
  if (cut == std::string_view::npos) return 0;
  const std::string_view pattern = all.substr(0, cut), input = all.substr(cut + 1);
  Regex re;
  std::string error;
  if (!re.compile(pattern, error)) {
    if (error.empty()) __builtin_trap();
    return 0;
  }
  rc::binary::ByteWriter written;
  write_regex(re, written);
  rc::binary::ByteReader reader(written.data());
  Regex decoded;
  // Raw invalid bytes in a pattern can decode above U+10FFFF, which the codec
  // refuses; a schema's pattern is JSON text, strict UTF-8, so it never has them.
  const bool readable = read_regex(reader, decoded);
  if (readable && decoded.has_dfa() != re.has_dfa()) __builtin_trap();
  if (!re.has_dfa()) return 0;

  std::size_t vmBudget = 2'000'000;  // a hostile pattern keeps each run short; then nothing is compared
  const MatchStatus expected = re.search_vm(input, vmBudget);
  if (expected == MatchStatus::BudgetExceeded) return 0;
  const std::size_t start = input.size() + 1;
  std::size_t budget = start;
  if (re.search_shared(input, budget) != expected || start - budget > input.size()) __builtin_trap();
  budget = start;
  if (readable && decoded.search_shared(input, budget) != expected) __builtin_trap();
  // With no budget, the DFA answers only what needs no code point, and never guesses.
  std::size_t none = 0;
  const MatchStatus st = re.search_shared(input, none);
  if (st != MatchStatus::BudgetExceeded && st != expected) __builtin_trap();
  return 0;
}
