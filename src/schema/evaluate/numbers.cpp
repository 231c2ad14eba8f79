// The keywords for numbers: minimum, maximum, exclusiveMinimum,
// exclusiveMaximum, multipleOf. Other types pass them.
#include "schema/evaluate/evaluator.hpp"

namespace rc::schema::detail {

bool Evaluator::check_minimum(const Keyword& k, const V& inst, Ann*) {
  return !is_number(a_, inst) || compare(a_, inst, k) >= 0 || reject_number(k);
}

bool Evaluator::check_maximum(const Keyword& k, const V& inst, Ann*) {
  return !is_number(a_, inst) || compare(a_, inst, k) <= 0 || reject_number(k);
}

bool Evaluator::check_exclusive_minimum(const Keyword& k, const V& inst, Ann*) {
  return !is_number(a_, inst) || compare(a_, inst, k) > 0 || reject_number(k);
}

bool Evaluator::check_exclusive_maximum(const Keyword& k, const V& inst, Ann*) {
  return !is_number(a_, inst) || compare(a_, inst, k) < 0 || reject_number(k);
}

bool Evaluator::check_multiple_of(const Keyword& k, const V& inst, Ann*) {
  return !is_number(a_, inst) || multiple_of(a_, inst, k) || reject_number(k);
}

bool Evaluator::reject_number(const Keyword& k) {
  std::string_view says;
  switch (k.kind) {
    case Keyword::Minimum: says = "must be >= "; break;
    case Keyword::Maximum: says = "must be <= "; break;
    case Keyword::ExclusiveMinimum: says = "must be > "; break;
    case Keyword::ExclusiveMaximum: says = "must be < "; break;
    default: says = "must be a multiple of "; break;
  }
  return fail(compose({says, short_text(k.value)}));
}

}  // namespace rc::schema::detail
