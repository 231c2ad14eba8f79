// The keywords for objects: minProperties, maxProperties, required,
// dependentRequired, the properties (properties, patternProperties,
// additionalProperties), propertyNames, dependentSchemas,
// unevaluatedProperties. Other types pass them.
#include "schema/evaluate/evaluator.hpp"
#include "text/count.hpp"

namespace rc::schema::detail {

bool Evaluator::check_min_properties(const Keyword& k, const V& inst, Ann*) {
  return a_.type(inst) != T::Object || a_.size(inst) >= k.count || reject_object(k, inst);
}

bool Evaluator::check_max_properties(const Keyword& k, const V& inst, Ann*) {
  return a_.type(inst) != T::Object || a_.size(inst) <= k.count || reject_object(k, inst);
}

bool Evaluator::check_required(const Keyword& k, const V& inst, Ann*) {
  if (a_.type(inst) != T::Object) return true;
  std::size_t from = 0;
  for (const auto& name : k.strings)
    if (!a_.has(inst, name, from)) return reject_object(k, inst);
  return true;
}

// For `required`, each missing name is reported (up to maxErrors).
bool Evaluator::reject_object(const Keyword& k, const V& inst) {
  if (k.kind != Keyword::Required) {
    const bool least = k.kind == Keyword::MinProperties;
    return fail(compose({least ? "must have at least " : "must have at most ", std::to_string(k.count),
                         noun_for(k.count, " property", " properties")}));
  }
  bool ok = true;
  std::size_t from = 0;
  for (const auto& name : k.strings) {
    if (!a_.has(inst, name, from)) {
      ok = fail("missing required property \"" + name + "\"");
      if (halt(ok)) return false;
    }
  }
  return ok;
}

bool Evaluator::check_dependent_required(const Keyword& k, const V& inst, Ann*) {
  if (a_.type(inst) != T::Object) return true;
  bool ok = true;
  std::size_t from = 0;
  for (const auto& [name, needs] : k.deps) {
    if (!a_.has(inst, name, from)) continue;
    for (const auto& other : needs) {
      if (!a_.has(inst, other, from)) {
        ok = fail("property \"" + other + "\" is required when \"" + name + "\" is present");
        if (halt(ok)) return false;
      }
    }
  }
  return ok;
}

bool Evaluator::check_properties(const Keyword& k, const V& inst, Ann* ann) {
  if (a_.type(inst) != T::Object) return true;
  kw_ = nullptr;  // each branch pushes its own keyword name
  bool ok = true;
  const auto named = [&k](std::size_t i) -> std::string_view { return k.named[i].first; };
  std::size_t next = 0;  // where the next member is looked for first: after this one
  a_.members(inst, [&](std::string_view key, const V& value) {
    bool matched = false;
    const std::size_t at = find_name(k.named.size(), named, key, next);
    if (at < k.named.size()) {
      const auto& [name, node] = k.named[at];
      matched = true;
      next = at + 1;
      if (!child(node, value, key_seg(key), key_seg("properties"), key_seg(name))) ok = false;
    }
    for (const auto& p : k.patterns) {
      if (halt(ok)) break;
      const auto st = p->re.search_shared(key, regexBudget_);
      if (st == regex::MatchStatus::NoMatch) continue;
      if (st == regex::MatchStatus::BudgetExceeded) {
        regexOverBudget_ = true;
        Push i(ipath_, key_seg(key));
        Push k1(kpath_, key_seg("patternProperties"));
        Push k2(kpath_, key_seg(p->source));
        ok = fail("matching the pattern /" + p->source + "/ exceeded its step budget");
      } else {
        matched = true;
        if (!child(p->node, value, key_seg(key), key_seg("patternProperties"), key_seg(p->source))) ok = false;
      }
    }
    if (!matched && k.additional && !halt(ok)) {
      if (k.additional->isBool && !k.additional->boolValue) {
        Push i(ipath_, key_seg(key));
        Push k1(kpath_, key_seg("additionalProperties"));
        ok = fail("property \"" + std::string(key) + "\" is not allowed");
      } else if (!child(k.additional, value, key_seg(key), key_seg("additionalProperties"))) {
        ok = false;
      }
      matched = true;
    }
    if (ann && matched) ann->props.set(Ann::prop_key(key.data()));
    return !halt(ok);
  });
  return ok;
}

bool Evaluator::check_property_names(const Keyword& k, const V& inst, Ann*) {
  if (a_.type(inst) != T::Object) return true;
  bool ok = true;
  a_.members(inst, [&](std::string_view key, const V&) {
    bool r;
    {
      Quiet q(quiet_);
      const V name = a_.key_value(key);
      r = eval(k.sub, name, nullptr);
    }
    if (!r) ok = fail("property name \"" + std::string(key) + "\" is not valid (propertyNames)");
    return !halt(ok);
  });
  return ok;
}

// An in-place applicator, one subschema per property name present.
bool Evaluator::check_dependent_schemas(const Keyword& k, const V& inst, Ann* ann) {
  if (a_.type(inst) != T::Object) return true;
  bool ok = true;
  std::size_t from = 0;
  for (const auto& [name, node] : k.named) {
    if (!a_.has(inst, name, from)) continue;
    Push e(kpath_, key_seg(k.name));
    if (!sub(node, inst, ann, name)) {
      ok = false;
      if (halt(ok)) return false;
    }
  }
  return ok;
}

// The members no properties, patternProperties or additionalProperties
// evaluated (the annotations of this node and of the in-place subschemas
// that validated).
bool Evaluator::check_unevaluated_properties(const Keyword& k, const V& inst, Ann* ann) {
  if (a_.type(inst) != T::Object || !ann || ann->allProps) return true;
  bool ok = true;
  a_.members(inst, [&](std::string_view key, const V& value) {
    if (ann->props.contains(Ann::prop_key(key.data()))) return true;
    bool r;
    if (k.sub->isBool && !k.sub->boolValue) {
      Push step(ipath_, key_seg(key));
      r = fail("property \"" + std::string(key) + "\" is not allowed (unevaluatedProperties)");
    } else {
      r = child(k.sub, value, key_seg(key), key_seg(k.name));
    }
    if (!r) ok = false;
    return !halt(ok);
  });
  ann->allProps = true;
  return ok;
}

}  // namespace rc::schema::detail
