// The keywords for strings: minLength, maxLength, pattern, format. Other
// types pass them.
#include "schema/evaluate/evaluator.hpp"
#include "schema/formats/formats.hpp"
#include "text/count.hpp"

namespace rc::schema::detail {
namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// minLength / maxLength without counting when the byte length decides: a
// code point takes one to four bytes.
bool at_least_code_points(std::string_view s, std::size_t count) {
  if (s.size() < count) return false;
  if (count <= SIZE_MAX / 4 && s.size() >= 4 * count) return true;
  return code_points(s) >= count;
}
bool at_most_code_points(std::string_view s, std::size_t count) {
  if (s.size() <= count) return true;
  if (count <= SIZE_MAX / 4 && s.size() > 4 * count) return false;
  return code_points(s) <= count;
}

}  // namespace

bool Evaluator::check_min_length(const Keyword& k, const V& inst, Ann*) {
  return a_.type(inst) != T::String || at_least_code_points(a_.str(inst), k.count) || reject_string(k);
}

bool Evaluator::check_max_length(const Keyword& k, const V& inst, Ann*) {
  return a_.type(inst) != T::String || at_most_code_points(a_.str(inst), k.count) || reject_string(k);
}

bool Evaluator::check_pattern(const Keyword& k, const V& inst, Ann*) {
  if (a_.type(inst) != T::String) return true;
  const auto st = k.re->search_shared(a_.str(inst), regexBudget_);
  return st == regex::MatchStatus::Match || reject_string(k, st == regex::MatchStatus::BudgetExceeded);
}

bool Evaluator::check_format(const Keyword& k, const V& inst, Ann*) {
  return a_.type(inst) != T::String || schema::check_format(k.format, a_.str(inst)) || reject_string(k);
}

bool Evaluator::reject_string(const Keyword& k, bool overBudget) {
  switch (k.kind) {
    case Keyword::MinLength:
      return fail(compose({"must be at least ", std::to_string(k.count), noun_for(k.count, " character long", " characters long")}));
    case Keyword::MaxLength:
      return fail(compose({"must be at most ", std::to_string(k.count), noun_for(k.count, " character long", " characters long")}));
    case Keyword::Pattern:
      if (overBudget) {
        regexOverBudget_ = true;
        return fail(compose({"matching the pattern /", k.re->source(), "/ exceeded its step budget"}));
      }
      return fail(compose({"must match the pattern /", k.re->source(), "/"}));
    default: return fail(compose({"is not a valid ", format_name(k.format)}));
  }
}

}  // namespace rc::schema::detail
