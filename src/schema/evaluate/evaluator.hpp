#pragma once
// Evaluating an instance against a compiled schema: what every keyword shares
// (the walk, the budget and its memo, the locations, how an error is
// recorded). Each keyword's check lives with its family, along the spec's
// seams: any_type.cpp (type, const, enum), numbers.cpp, strings.cpp,
// arrays.cpp, objects.cpp, applicators.cpp (in place: $ref, allOf, not, if...).
// Internal to src/schema/.
//
// The success path builds no strings: locations are kept as stacks of pointers
// to names that already exist (keyword names in the compiled schema, keys in
// the instance) and are turned into JSON Pointers only when an error is
// recorded.
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "json/document.hpp"
#include "schema/access.hpp"
#include "schema/evaluate/u64_table.hpp"
#include "schema/internal.hpp"
#include "schema/location.hpp"
#include "schema/output.hpp"

namespace rc::schema::detail {

// What subschemas evaluated, for unevaluatedProperties / unevaluatedItems.
// Properties are identified by the address of their name's characters; both
// tables are sets (every value true), read only by lookups.
struct Ann {
  U64Table props;
  bool allProps = false;
  std::size_t prefix = 0;
  bool allItems = false;
  U64Table items;

  static std::uint64_t prop_key(const char* name) { return reinterpret_cast<std::uintptr_t>(name); }

  void merge(const Ann& o) {
    props.merge(o.props);
    allProps = allProps || o.allProps;
    prefix = std::max(prefix, o.prefix);
    allItems = allItems || o.allItems;
    items.merge(o.items);
  }
};

// A schema value for a message, cut to about 120 bytes at a code point
// boundary (a cut sequence would reach the model as U+FFFD).
std::string short_text(const JsonLiteral& v);

class Evaluator {
 public:
  using V = IValue;

  // With `record`, errors are written into it and `out` keeps only the flags.
  Evaluator(const CompiledSchema::Impl& impl, const TextAccess& acc, ValidationResult& out, ErrorRecord* record = nullptr)
      : impl_(impl), a_(acc), lim_(impl.options.limits), out_(&out), record_(record), maxErrors_(impl.options.maxErrors) {
    const std::uint64_t values = std::max<std::size_t>(a_.values(), 1);
    budget_ = step_budget(lim_, values, impl.nodes.size());
    // Most calls end long before this: only then does the memo cost anything.
    const std::uint64_t memoFrom = lim_.memoFromStep != SIZE_MAX ? lim_.memoFromStep : 4 * values + 512;
    slowFrom_ = std::min(budget_, memoFrom);
    memoFrom_ = memoFrom;
  }

  // Every subschema evaluation passes here: one step of the budget. One
  // comparison while the call is cheap (nearly always); past slowFrom_, the
  // budget's check and the memo for evaluations whose result is context-free.
  bool eval(const Node* n, const V& inst, Ann* ann) {
    if (++steps_ > slowFrom_) return eval_counted(n, inst, ann);
    return eval_plain(n, inst, ann);
  }

  // The budget ran out (the evaluation steps; the regex steps, for an
  // invalid value): the caller reports tooComplex.
  bool over_budget() const { return overBudget_; }
  bool regex_over_budget() const { return regexOverBudget_; }
  std::uint64_t budget() const { return budget_; }

 private:
  bool eval_plain(const Node* n, const V& inst, Ann* ann) {
    const Keyword* const savedKw = kw_;
    kw_ = nullptr;
    const bool ok = eval_node(n, inst, ann);
    kw_ = savedKw;
    return ok;
  }

  [[gnu::noinline]] bool eval_counted(const Node* n, const V& inst, Ann* ann);
  [[gnu::noinline]] bool eval_memo(const Node* n, const V& inst);
  bool memo_ready();

  // Stops the evaluation: everything after answers false at once, and the
  // caller replaces the errors found so far by one that says why.
  bool stop_over_budget() {
    overBudget_ = true;
    aborted_ = true;
    return false;
  }

  bool eval_node(const Node* n, const V& inst, Ann* ann) {
    if (n->isBool) {
      if (n->boolValue) return true;
      return fail("no value is allowed here (the schema is false)");
    }
    if (aborted_) return false;
    if (n->leaf) {  // scalar checks only: no recursion, no scope, no annotations
      bool ok = true;
      for (const auto& k : n->keywords) {
        if (!keyword(k, inst, nullptr)) {
          ok = false;
          if (quiet_ || stop()) break;
        }
      }
      return ok;
    }
    if (++depth_ > lim_.maxEvaluationDepth) return too_deep();
    const ScopeStep entered{scope_, n->resource};
    const bool pushed = !scope_ || scope_->resource != n->resource;
    if (pushed) scope_ = &entered;
    std::unique_ptr<Ann> local;  // one pointer on the stack: most nodes need no annotations
    Ann* an = ann;
    if (n->hasUnevaluated && !an) {
      local = std::make_unique<Ann>();
      an = local.get();
    }
    bool ok = true;
    for (const auto& k : n->keywords) {
      if (!keyword(k, inst, an)) {
        ok = false;
        if (quiet_ || stop() || aborted_) break;
      }
    }
    if (pushed) scope_ = entered.up;
    --depth_;
    return ok;
  }
  [[gnu::noinline]] bool too_deep();

  // Stops once maxErrors errors are listed: the caller asked for no more, and
  // looking for one more would walk the rest of the instance (a 100 KB
  // document with its one error in the first member, at maxErrors 1).
  bool stop() const { return out_->truncated; }
  bool halt(bool ok) const { return !ok && (quiet_ || stop()); }

  bool fail(const std::string& message);
  std::size_t errors() const { return record_ ? error_count(*record_) : out_->errors.size(); }
  void record(const std::string& message);

  // A message composed in one buffer whose room is kept from call to call
  // (the record's, when there is one): no allocation for a typical message.
  std::string& message_room() { return record_ ? record_->message : ownMessage_; }
  const std::string& compose(std::initializer_list<std::string_view> parts) {
    std::string& m = message_room();
    m.clear();
    for (const std::string_view part : parts) m.append(part.data(), part.size());
    return m;
  }

  // An in-place applicator: the child sees only its own annotations, which
  // join ours when it validates.
  bool inplace(const Node* n, const V& inst, Ann* ann) {
    if (!ann) return eval(n, inst, nullptr);
    Ann t;
    const bool ok = eval(n, inst, &t);
    if (ok) ann->merge(t);
    return ok;
  }

  // Evaluates `n` in place with `seg` appended to the keyword path.
  bool sub(const Node* n, const V& inst, Ann* ann, std::string_view seg) {
    Push step(kpath_, key_seg(seg));
    return inplace(n, inst, ann);
  }

  // Evaluates `n` on a child of the instance (no annotations flow up), with
  // `instSeg` on the instance path and `kw` (then `kw2`, when given) on the
  // keyword path.
  bool child(const Node* n, const V& value, Seg instSeg, Seg kw) {
    Push i(ipath_, instSeg);
    Push k(kpath_, kw);
    return eval(n, value, nullptr);
  }
  bool child(const Node* n, const V& value, Seg instSeg, Seg kw, Seg kw2) {
    Push k(kpath_, kw);
    return child(n, value, instSeg, kw2);
  }

  struct Quiet {
    explicit Quiet(int& q) : q_(q) { ++q_; }
    ~Quiet() { --q_; }
    int& q_;
  };

  // The keyword's own name joins the keyword path lazily: `kw_` names it for
  // fail(), and `enter` pushes it only around nested evaluations.
  bool keyword(const Keyword& k, const V& inst, Ann* ann) {
    kw_ = &k;
    return check(k, inst, ann);
  }

  // `type`, met on nearly every node, is checked here; every other keyword
  // through the table, one function each. A function reached from one place
  // only is inlined back into its caller after the link (binaryen), whatever
  // the source says, and that is how every keyword once became one 25 KB
  // function that a first call had to compile whole; a table entry stays a
  // function of its own, compiled when first called.
  bool check(const Keyword& k, const V& inst, Ann* ann) {
    if (k.kind == Keyword::Type) return has_type(a_, inst, k.types) || reject_type(k, inst);
    return kChecks[k.kind](*this, k, inst, ann);
  }

  // The table, indexed by Keyword::Kind (evaluator.cpp): each entry calls
  // one check_* below.
  using Check = bool (*)(Evaluator&, const Keyword&, const V&, Ann*);
  static constexpr std::size_t kKinds = Keyword::UnevaluatedProperties + 1;  // the compiled set's bound too
  static const std::array<Check, kKinds> kChecks;
  static constexpr std::array<Check, kKinds> checks();
  template <bool (Evaluator::*F)(const Keyword&, const V&, Ann*)>
  static bool run(Evaluator& e, const Keyword& k, const V& inst, Ann* ann) {
    return (e.*F)(k, inst, ann);
  }

  // Each keyword's check: true when `inst` passes it. The errors are worded
  // out of line, one function per family (reject_*), so that the checks stay
  // small and cheap to enter. Always false, the reject_* functions.

  // any_type.cpp
  bool check_type(const Keyword& k, const V& inst, Ann*);
  [[gnu::noinline]] bool reject_type(const Keyword& k, const V& inst);
  bool check_const(const Keyword& k, const V& inst, Ann*);
  bool check_enum(const Keyword& k, const V& inst, Ann*);
  [[gnu::noinline]] bool reject_value(const Keyword& k);

  // numbers.cpp
  bool check_minimum(const Keyword& k, const V& inst, Ann*);
  bool check_maximum(const Keyword& k, const V& inst, Ann*);
  bool check_exclusive_minimum(const Keyword& k, const V& inst, Ann*);
  bool check_exclusive_maximum(const Keyword& k, const V& inst, Ann*);
  bool check_multiple_of(const Keyword& k, const V& inst, Ann*);
  [[gnu::noinline]] bool reject_number(const Keyword& k);

  // strings.cpp; for a pattern, `overBudget` says the match ran out of steps.
  bool check_min_length(const Keyword& k, const V& inst, Ann*);
  bool check_max_length(const Keyword& k, const V& inst, Ann*);
  bool check_pattern(const Keyword& k, const V& inst, Ann*);
  bool check_format(const Keyword& k, const V& inst, Ann*);
  [[gnu::noinline]] bool reject_string(const Keyword& k, bool overBudget = false);

  // arrays.cpp
  bool check_min_items(const Keyword& k, const V& inst, Ann*);
  bool check_max_items(const Keyword& k, const V& inst, Ann*);
  [[gnu::noinline]] bool reject_items(const Keyword& k);
  bool check_unique_items(const Keyword& k, const V& inst, Ann*);
  bool check_items(const Keyword& k, const V& inst, Ann* ann);
  bool check_contains(const Keyword& k, const V& inst, Ann* ann);
  bool check_unevaluated_items(const Keyword& k, const V& inst, Ann* ann);

  // objects.cpp
  bool check_min_properties(const Keyword& k, const V& inst, Ann*);
  bool check_max_properties(const Keyword& k, const V& inst, Ann*);
  bool check_required(const Keyword& k, const V& inst, Ann*);
  [[gnu::noinline]] bool reject_object(const Keyword& k, const V& inst);
  bool check_dependent_required(const Keyword& k, const V& inst, Ann*);
  bool check_properties(const Keyword& k, const V& inst, Ann* ann);
  bool check_property_names(const Keyword& k, const V& inst, Ann*);
  bool check_dependent_schemas(const Keyword& k, const V& inst, Ann* ann);
  bool check_unevaluated_properties(const Keyword& k, const V& inst, Ann* ann);

  // applicators.cpp
  bool check_ref(const Keyword& k, const V& inst, Ann* ann);
  bool check_dynamic_ref(const Keyword& k, const V& inst, Ann* ann);
  const Node* dynamic_target(const Keyword& k) const;
  bool check_all_of(const Keyword& k, const V& inst, Ann* ann);
  bool check_any_of(const Keyword& k, const V& inst, Ann* ann);
  bool check_one_of(const Keyword& k, const V& inst, Ann* ann);
  bool check_not(const Keyword& k, const V& inst, Ann*);
  bool check_if_then_else(const Keyword& k, const V& inst, Ann* ann);
  void explain(const Keyword& k, const V& inst);

  const CompiledSchema::Impl& impl_;
  const TextAccess& a_;
  const Limits& lim_;
  ValidationResult* out_;  // swapped while explaining a failed anyOf/oneOf
  ErrorRecord* record_;    // where errors go instead of out_->errors, when set
  std::string ownMessage_;  // compose()'s buffer without a record
  std::size_t maxErrors_;
  const Step* kpath_ = nullptr;  // the innermost step of the keyword path
  const Step* ipath_ = nullptr;  // the innermost step of the instance path
  const ScopeStep* scope_ = nullptr;
  const Keyword* kw_ = nullptr;  // the keyword being checked, not yet on kpath_
  std::size_t depth_ = 0;
  int quiet_ = 0;
  int quietOverride_ = 0;
  bool aborted_ = false;
  bool explaining_ = false;
  std::uint64_t steps_ = 0;  // the evaluation budget's (Limits::evaluationStep*)
  std::uint64_t budget_ = 0;
  std::uint64_t memoFrom_ = 0;
  std::uint64_t slowFrom_ = 0;  // min(budget_, memoFrom_): where eval() takes the slow path
  bool overBudget_ = false;
  bool regexOverBudget_ = false;
  bool memoOff_ = false;
  std::unique_ptr<U64Table> memo_;  // (node id << 32 | value index) -> valid
  std::size_t regexBudget_ = lim_.regexStepBudget;  // shared by all pattern matches of one call
};

}  // namespace rc::schema::detail
