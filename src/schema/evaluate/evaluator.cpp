// The evaluator's shared parts (evaluator.hpp): the slow path of a step (the
// budget and the memo), recording an error, the keyword table, and the two
// entry points.
#include "schema/evaluate/evaluator.hpp"

#include <algorithm>

#include "json/utf8.hpp"

namespace rc::schema {
namespace detail {

std::string short_text(const JsonLiteral& v) {
  std::string t = v.text();
  if (t.size() <= 120) return t;
  std::size_t cut = 117;
  while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
  return t.substr(0, cut) + "...";
}

namespace {
// At most this many memo entries per call (about 2 MB in WebAssembly, whose
// memory never shrinks); past them the budget alone bounds the work.
constexpr std::size_t kMemoEntries = 1 << 16;

// Not constexpr: reaching it while the table is built at compile time stops the build.
void no_check_for_this_kind() {}
}  // namespace

bool Evaluator::eval_counted(const Node* n, const V& inst, Ann* ann) {
  if (steps_ > budget_) return stop_over_budget();
  if (steps_ > memoFrom_ && !ann && !n->leaf && !n->isBool) return eval_memo(n, inst);
  return eval_plain(n, inst, ann);
}

// A (node, value) evaluation without annotations gives the same answer
// wherever it happens, unless $dynamicRef reads the dynamic scope (then
// there is no memo; the budget alone bounds the work). A recursive oneOf
// whose branches both recurse re-evaluates the same pairs 2^depth times;
// with the memo each pair is evaluated once. Kept: every valid result, and
// invalid ones reached quietly (an invalid result outside quiet mode wrote
// errors, which a second evaluation must write again).
bool Evaluator::eval_memo(const Node* n, const V& inst) {
  const std::size_t at = a_.index(inst);
  if (at == SIZE_MAX || !memo_ready()) return eval_plain(n, inst, nullptr);
  const std::uint64_t key = (static_cast<std::uint64_t>(n->id) << 32) | at;
  if (const bool* known = memo_->find(key); known && (*known || quiet_)) return *known;
  const bool ok = eval_plain(n, inst, nullptr);
  if (!aborted_ && (ok || quiet_) && memo_->size() < kMemoEntries) memo_->set(key, ok);
  return ok;
}

bool Evaluator::memo_ready() {
  if (memo_) return true;
  if (memoOff_) return false;
  for (const Node& node : impl_.nodes)
    for (const Keyword& k : node.keywords)
      if (k.kind == Keyword::DynamicRef) return !(memoOff_ = true);
  memo_ = std::make_unique<U64Table>();
  return true;
}

bool Evaluator::too_deep() {
  --depth_;
  aborted_ = true;
  ++quietOverride_;
  fail("evaluation nested deeper than " + std::to_string(lim_.maxEvaluationDepth) +
       " levels (a recursive $ref that never reaches the end of the instance?)");
  --quietOverride_;
  return false;
}

bool Evaluator::fail(const std::string& message) {
  if (quiet_ && !quietOverride_) return false;
  out_->valid = false;
  if (errors() < maxErrors_) {
    if (record_) record(message);
    else out_->errors.push_back({pointer(ipath_), pointer(kpath_, kw_ ? &kw_->name : nullptr), message});
  }
  if (errors() >= maxErrors_) out_->truncated = true;
  return false;
}

// Appends the current error to the record: both pointers written in place
// (no string of their own), each piece settled as well-formed UTF-8.
void Evaluator::record(const std::string& message) {
  std::string& text = record_->text;
  std::size_t from = text.size();
  const auto ended = [&](std::size_t units) {
    record_->words.push_back(static_cast<std::uint32_t>(units));
    record_->bytes.push_back(static_cast<std::uint32_t>(text.size() - from));
    from = text.size();
  };
  ended(append_pointer_units(text, ipath_));
  ended(append_pointer_units(text, kpath_, kw_ ? &kw_->name : nullptr));
  text += message;
  ended(settle_utf8_tail(text, from));
  ++record_->words[1];
}

constexpr std::array<Evaluator::Check, Evaluator::kKinds> Evaluator::checks() {
  std::array<Check, kKinds> t{};
  t[Keyword::Type] = &run<&Evaluator::check_type>;
  t[Keyword::Const] = &run<&Evaluator::check_const>;
  t[Keyword::Enum] = &run<&Evaluator::check_enum>;
  t[Keyword::Minimum] = &run<&Evaluator::check_minimum>;
  t[Keyword::Maximum] = &run<&Evaluator::check_maximum>;
  t[Keyword::ExclusiveMinimum] = &run<&Evaluator::check_exclusive_minimum>;
  t[Keyword::ExclusiveMaximum] = &run<&Evaluator::check_exclusive_maximum>;
  t[Keyword::MultipleOf] = &run<&Evaluator::check_multiple_of>;
  t[Keyword::MinLength] = &run<&Evaluator::check_min_length>;
  t[Keyword::MaxLength] = &run<&Evaluator::check_max_length>;
  t[Keyword::Pattern] = &run<&Evaluator::check_pattern>;
  t[Keyword::Format] = &run<&Evaluator::check_format>;
  t[Keyword::MinItems] = &run<&Evaluator::check_min_items>;
  t[Keyword::MaxItems] = &run<&Evaluator::check_max_items>;
  t[Keyword::UniqueItems] = &run<&Evaluator::check_unique_items>;
  t[Keyword::Items] = &run<&Evaluator::check_items>;
  t[Keyword::Contains] = &run<&Evaluator::check_contains>;
  t[Keyword::UnevaluatedItems] = &run<&Evaluator::check_unevaluated_items>;
  t[Keyword::MinProperties] = &run<&Evaluator::check_min_properties>;
  t[Keyword::MaxProperties] = &run<&Evaluator::check_max_properties>;
  t[Keyword::Required] = &run<&Evaluator::check_required>;
  t[Keyword::DependentRequired] = &run<&Evaluator::check_dependent_required>;
  t[Keyword::Properties] = &run<&Evaluator::check_properties>;
  t[Keyword::PropertyNames] = &run<&Evaluator::check_property_names>;
  t[Keyword::DependentSchemas] = &run<&Evaluator::check_dependent_schemas>;
  t[Keyword::UnevaluatedProperties] = &run<&Evaluator::check_unevaluated_properties>;
  t[Keyword::Ref] = &run<&Evaluator::check_ref>;
  t[Keyword::DynamicRef] = &run<&Evaluator::check_dynamic_ref>;
  t[Keyword::AllOf] = &run<&Evaluator::check_all_of>;
  t[Keyword::AnyOf] = &run<&Evaluator::check_any_of>;
  t[Keyword::OneOf] = &run<&Evaluator::check_one_of>;
  t[Keyword::Not] = &run<&Evaluator::check_not>;
  t[Keyword::IfThenElse] = &run<&Evaluator::check_if_then_else>;
  for (const Check c : t)
    if (!c) no_check_for_this_kind();  // every kind has its check, or this does not compile
  return t;
}
constinit const std::array<Evaluator::Check, Evaluator::kKinds> Evaluator::kChecks = checks();

}  // namespace detail

using detail::Evaluator;
using detail::TextAccess;

namespace {
std::string too_complex_message(std::uint64_t budget) {
  return "the value costs more to check than the budget allows (" + std::to_string(budget) +
         " evaluation steps for this value and schema; docs/validator.md)";
}
}  // namespace

std::uint64_t step_budget(const Limits& limits, std::uint64_t values, std::uint64_t nodes) {
  const std::uint64_t cap = limits.evaluationStepCap;
  std::uint64_t product;  // factor x values x nodes; past 64 bits, the cap (no division: every call pays this)
  if (__builtin_mul_overflow(values, nodes, &product) ||
      __builtin_mul_overflow(product, static_cast<std::uint64_t>(limits.evaluationStepFactor), &product))
    product = cap;
  return std::min(cap, std::max<std::uint64_t>(product, limits.evaluationStepFloor));
}

ValidationResult evaluate(const CompiledSchema::Impl& impl, const IDocument& doc) {
  ValidationResult out;
  TextAccess acc{doc};
  Evaluator ev(impl, acc, out);
  if (!ev.eval(impl.root, doc.root(), nullptr)) out.valid = false;
  if (ev.over_budget()) return ValidationResult{false, {{"", "", too_complex_message(ev.budget())}}, false, true};
  out.tooComplex = !out.valid && ev.regex_over_budget();
  return out;
}

ValidationResult evaluate_into(const CompiledSchema::Impl& impl, const IDocument& doc, ErrorRecord& record) {
  ValidationResult out;
  TextAccess acc{doc};
  Evaluator ev(impl, acc, out, &record);
  if (!ev.eval(impl.root, doc.root(), nullptr)) out.valid = false;
  if (ev.over_budget()) {  // what was found before is partial: one error says why
    start_error_record(record);
    add_error(record, "", "", too_complex_message(ev.budget()));
    return ValidationResult{false, {}, false, true};
  }
  out.tooComplex = !out.valid && ev.regex_over_budget();
  return out;
}

}  // namespace rc::schema
