// The in-place applicators, which evaluate subschemas against the instance
// itself: $ref, $dynamicRef, allOf, anyOf, oneOf, not, if/then/else. Their
// annotations (evaluated properties and items) join the node's when the
// subschema validates. After a failed anyOf or oneOf, explain() adds the
// closest branch's errors.
#include <algorithm>
#include <vector>

#include "schema/evaluate/evaluator.hpp"

namespace rc::schema::detail {

bool Evaluator::check_ref(const Keyword& k, const V& inst, Ann* ann) {
  Push e(kpath_, key_seg(k.name));
  return inplace(k.sub, inst, ann);
}

bool Evaluator::check_dynamic_ref(const Keyword& k, const V& inst, Ann* ann) {
  const Node* const target = dynamic_target(k);
  Push e(kpath_, key_seg(k.name));
  return inplace(target, inst, ann);
}

// The outermost resource in the dynamic scope that has the anchor decides;
// without one (or with no anchor to look for), the statically resolved node.
const Node* Evaluator::dynamic_target(const Keyword& k) const {
  if (k.dynamicAnchor.empty()) return k.sub;
  std::vector<const Resource*> outermostFirst;
  for (const ScopeStep* s = scope_; s; s = s->up) outermostFirst.push_back(s->resource);
  for (auto r = outermostFirst.rbegin(); r != outermostFirst.rend(); ++r) {
    if (const Node* target = (*r)->dynamic_anchor_node(k.dynamicAnchor)) return target;
  }
  return k.sub;
}

bool Evaluator::check_all_of(const Keyword& k, const V& inst, Ann* ann) {
  bool ok = true;
  Push e(kpath_, key_seg(k.name));
  for (std::size_t i = 0; i < k.subs.size(); ++i) {
    Push step(kpath_, index_seg(i));
    const bool r = inplace(k.subs[i], inst, ann);
    if (!r) {
      ok = false;
      if (halt(ok)) return false;
    }
  }
  return ok;
}

// The branches are tried quietly; without annotations to collect, the first
// that validates ends the search.
bool Evaluator::check_any_of(const Keyword& k, const V& inst, Ann* ann) {
  bool any = false;
  {
    Quiet q(quiet_);
    for (const Node* s : k.subs) {
      Ann tmp;
      if (eval(s, inst, ann ? &tmp : nullptr)) {
        any = true;
        if (!ann) break;
        ann->merge(tmp);
      }
    }
  }
  if (any) return true;
  fail(k.subs.size() == 1 ? std::string("must match the schema in anyOf")
                           : "must match at least one of the " + std::to_string(k.subs.size()) + " schemas in anyOf");
  explain(k, inst);
  return false;
}

// The branches are tried quietly, up to the second that validates.
bool Evaluator::check_one_of(const Keyword& k, const V& inst, Ann* ann) {
  std::size_t matched = 0, first = 0;
  {
    Quiet q(quiet_);
    Ann keep;
    for (std::size_t i = 0; i < k.subs.size() && matched < 2; ++i) {
      Ann tmp;
      if (eval(k.subs[i], inst, ann ? &tmp : nullptr)) {
        if (matched++ == 0) {
          first = i;
          keep = std::move(tmp);
        }
      }
    }
    if (matched == 1 && ann) ann->merge(keep);
  }
  if (matched == 1) return true;
  if (matched == 0) {
    fail("must match exactly one of the schemas in oneOf (matches none)");
    explain(k, inst);
    return false;
  }
  return fail("must match exactly one of the schemas in oneOf (matches " + std::to_string(first) +
              " and at least one more)");
}

bool Evaluator::check_not(const Keyword& k, const V& inst, Ann*) {
  bool r;
  {
    Quiet q(quiet_);
    r = eval(k.sub, inst, nullptr);
  }
  if (!r) return true;
  return fail("must not match the schema in not");
}

bool Evaluator::check_if_then_else(const Keyword& k, const V& inst, Ann* ann) {
  if (!k.then_ && !k.else_ && !ann) return true;  // `if` alone only matters for annotations
  Ann tmp;
  bool r;
  {
    Quiet q(quiet_);
    r = eval(k.sub, inst, ann ? &tmp : nullptr);
  }
  bool ok = true;  // then/else are siblings of "if" in the keyword path
  if (r) {
    if (ann) ann->merge(tmp);
    if (k.then_) ok = sub(k.then_, inst, ann, "then");
  } else if (k.else_) {
    ok = sub(k.else_, inst, ann, "else");
  }
  return ok;
}

// After a failed anyOf/oneOf (only when errors are being reported): adds
// the errors of the closest branch, so that a model can fix its call. The
// closest is the one with the fewest errors, preferring branches whose
// `type` matched. Costs nothing on the success path.
void Evaluator::explain(const Keyword& k, const V& inst) {
  if (quiet_ || stop() || aborted_ || explaining_) return;  // one level: nested anyOf stay terse
  const std::size_t room = maxErrors_ > errors() ? maxErrors_ - errors() : 0;
  if (room == 0) return;
  explaining_ = true;
  std::vector<ValidationError> best;
  std::size_t bestScore = SIZE_MAX;
  ValidationResult* const saved = out_;
  ErrorRecord* const savedRecord = record_;
  record_ = nullptr;  // the branches' errors are compared as strings
  const std::size_t savedMax = maxErrors_;
  Push e(kpath_, key_seg(k.name));
  std::string typeLocation;
  for (std::size_t i = 0; i < k.subs.size(); ++i) {
    ValidationResult tmp;
    out_ = &tmp;
    maxErrors_ = std::min<std::size_t>(room, 8);
    {
      Push step(kpath_, index_seg(i));
      typeLocation = pointer(kpath_) + "/type";
      eval(k.subs[i], inst, nullptr);
    }
    std::size_t score = tmp.errors.size();
    for (const auto& err : tmp.errors)
      if (err.keywordLocation == typeLocation) score += 1000;  // wrong type: a poor guess
    if (!tmp.errors.empty() && score < bestScore) {
      bestScore = score;
      best = std::move(tmp.errors);
    }
  }
  out_ = saved;
  record_ = savedRecord;
  maxErrors_ = savedMax;
  explaining_ = false;
  for (auto& err : best) {
    if (errors() >= maxErrors_) {
      out_->truncated = true;
      break;
    }
    if (record_) add_error(*record_, err.instanceLocation, err.keywordLocation, err.error);
    else out_->errors.push_back(std::move(err));
  }
}

}  // namespace rc::schema::detail
