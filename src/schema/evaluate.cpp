// Evaluating an instance against a compiled schema. The success path builds
// no strings: locations are kept as stacks of pointers to names that already
// exist (keyword names in the compiled schema, keys in the instance) and are
// turned into JSON Pointers only when an error is recorded.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "schema/access.hpp"
#include "json/document.hpp"
#include "json/utf8.hpp"
#include "schema/internal.hpp"
#include "schema/location.hpp"
#include "schema/output.hpp"
#include "text/count.hpp"

namespace rc::schema {
namespace {

using namespace detail;

// What subschemas evaluated, for unevaluatedProperties / unevaluatedItems.
// Properties are identified by the address of their name's characters.
struct Ann {
  std::unordered_set<const char*> props;
  bool allProps = false;
  std::size_t prefix = 0;
  bool allItems = false;
  std::unordered_set<std::size_t> items;

  void merge(const Ann& o) {
    props.insert(o.props.begin(), o.props.end());
    allProps = allProps || o.allProps;
    prefix = std::max(prefix, o.prefix);
    allItems = allItems || o.allItems;
    items.insert(o.items.begin(), o.items.end());
  }
};

// A schema value for a message, cut to about 120 bytes at a code point
// boundary (a cut sequence would reach the model as U+FFFD).
std::string short_text(const JsonLiteral& v) {
  std::string t = v.text();
  if (t.size() <= 120) return t;
  std::size_t cut = 117;
  while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
  return t.substr(0, cut) + "...";
}

std::string type_list(std::uint8_t bits) {
  static const char* names[] = {"null", "boolean", "object", "array", "number", "integer", "string"};
  std::string out;
  for (int i = 0; i < 7; ++i) {
    if (bits & (1 << i)) {
      if (!out.empty()) out += " or ";
      out += names[i];
    }
  }
  return out;
}

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

// At most this many memo entries per call (about 2 MB in WebAssembly, whose
// memory never shrinks); past them the budget alone bounds the work.
constexpr std::size_t kMemoEntries = 1 << 16;

template <class A>
class Evaluator {
 public:
  using V = typename A::V;

  // With `record`, errors are written into it and `out` keeps only the flags.
  Evaluator(const CompiledSchema::Impl& impl, const A& acc, ValidationResult& out, ErrorRecord* record = nullptr)
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

  [[gnu::noinline]] bool eval_counted(const Node* n, const V& inst, Ann* ann) {
    if (steps_ > budget_) return stop_over_budget();
    if (steps_ > memoFrom_ && !ann && !n->leaf && !n->isBool) return eval_memo(n, inst);
    return eval_plain(n, inst, ann);
  }

  // Stops the evaluation: everything after answers false at once, and the
  // caller replaces the errors found so far by one that says why.
  bool stop_over_budget() {
    overBudget_ = true;
    aborted_ = true;
    return false;
  }

  // A (node, value) evaluation without annotations gives the same answer
  // wherever it happens, unless $dynamicRef reads the dynamic scope (then
  // there is no memo; the budget alone bounds the work). A recursive oneOf
  // whose branches both recurse re-evaluates the same pairs 2^depth times;
  // with the memo each pair is evaluated once. Kept: every valid result, and
  // invalid ones reached quietly (an invalid result outside quiet mode wrote
  // errors, which a second evaluation must write again).
  [[gnu::noinline]] bool eval_memo(const Node* n, const V& inst) {
    const std::size_t at = a_.index(inst);
    if (at == SIZE_MAX || !memo_ready()) return eval_plain(n, inst, nullptr);
    const std::uint64_t key = (static_cast<std::uint64_t>(n->id) << 32) | at;
    const auto it = memo_->find(key);
    if (it != memo_->end() && (it->second || quiet_)) return it->second;
    const bool ok = eval_plain(n, inst, nullptr);
    if (!aborted_ && (ok || quiet_) && memo_->size() < kMemoEntries) (*memo_)[key] = ok;
    return ok;
  }
  bool memo_ready() {
    if (memo_) return true;
    if (memoOff_) return false;
    for (const Node& node : impl_.nodes)
      for (const Keyword& k : node.keywords)
        if (k.kind == Keyword::DynamicRef) return !(memoOff_ = true);
    memo_ = std::make_unique<std::unordered_map<std::uint64_t, bool>>();
    return true;
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
    if (++depth_ > lim_.maxEvaluationDepth) {
      --depth_;
      aborted_ = true;
      ++quietOverride_;
      fail("evaluation nested deeper than " + std::to_string(lim_.maxEvaluationDepth) +
           " levels (a recursive $ref that never reaches the end of the instance?)");
      --quietOverride_;
      return false;
    }
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

  // Stops once maxErrors errors are listed: the caller asked for no more, and
  // looking for one more would walk the rest of the instance (a 100 KB
  // document with its one error in the first member, at maxErrors 1).
  bool stop() const { return out_->truncated; }
  bool halt(bool ok) const { return !ok && (quiet_ || stop()); }

  bool fail(const std::string& message) {
    if (quiet_ && !quietOverride_) return false;
    out_->valid = false;
    if (errors() < maxErrors_) {
      if (record_) record(message);
      else out_->errors.push_back({pointer(ipath_), pointer(kpath_, kw_ ? &kw_->name : nullptr), message});
    }
    if (errors() >= maxErrors_) out_->truncated = true;
    return false;
  }

  std::size_t errors() const { return record_ ? error_count(*record_) : out_->errors.size(); }

  // Appends the current error to the record: both pointers written in place
  // (no string of their own), each piece settled as well-formed UTF-8.
  void record(const std::string& message) {
    std::string& text = record_->text;
    record_->words.push_back(static_cast<std::uint32_t>(append_pointer_units(text, ipath_)));
    record_->words.push_back(static_cast<std::uint32_t>(append_pointer_units(text, kpath_, kw_ ? &kw_->name : nullptr)));
    const std::size_t from = text.size();
    text += message;
    record_->words.push_back(static_cast<std::uint32_t>(settle_utf8_tail(text, from)));
    ++record_->words[1];
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

  // The hot keywords, as predicates: what an error says is built out of line
  // (reject), so that this function stays small and cheap to enter.
  bool check(const Keyword& k, const V& inst, Ann* ann) {
    const T t = a_.type(inst);
    switch (k.kind) {
      case Keyword::Type: return has_type(a_, inst, k.types) || reject(k, inst);
      case Keyword::Const: return a_.equal(inst, k.value.document(), k.value.root()) || reject(k, inst);
      case Keyword::Enum:
        for (const IValue* e = k.value.document().begin(k.value.root()); e != k.value.document().end(k.value.root()); ++e)
          if (a_.equal(inst, k.value.document(), *e)) return true;
        return reject(k, inst);
      case Keyword::Minimum: return !is_number(a_, inst) || compare(a_, inst, k) >= 0 || reject(k, inst);
      case Keyword::Maximum: return !is_number(a_, inst) || compare(a_, inst, k) <= 0 || reject(k, inst);
      case Keyword::ExclusiveMinimum: return !is_number(a_, inst) || compare(a_, inst, k) > 0 || reject(k, inst);
      case Keyword::ExclusiveMaximum: return !is_number(a_, inst) || compare(a_, inst, k) < 0 || reject(k, inst);
      case Keyword::MultipleOf: return !is_number(a_, inst) || multiple_of(a_, inst, k) || reject(k, inst);
      case Keyword::MinLength: return t != T::String || at_least_code_points(a_.str(inst), k.count) || reject(k, inst);
      case Keyword::MaxLength: return t != T::String || at_most_code_points(a_.str(inst), k.count) || reject(k, inst);
      case Keyword::Pattern: {
        if (t != T::String) return true;
        const auto st = k.re->search_shared(a_.str(inst), regexBudget_);
        return st == regex::MatchStatus::Match || reject(k, inst, st == regex::MatchStatus::BudgetExceeded);
      }
      case Keyword::Format: return t != T::String || check_format(k.format, a_.str(inst)) || reject(k, inst);
      case Keyword::MinItems: return t != T::Array || a_.size(inst) >= k.count || reject(k, inst);
      case Keyword::MaxItems: return t != T::Array || a_.size(inst) <= k.count || reject(k, inst);
      case Keyword::MinProperties: return t != T::Object || a_.size(inst) >= k.count || reject(k, inst);
      case Keyword::MaxProperties: return t != T::Object || a_.size(inst) <= k.count || reject(k, inst);
      case Keyword::Required: {
        if (t != T::Object) return true;
        std::size_t from = 0;
        for (const auto& name : k.strings)
          if (!a_.has(inst, name, from)) return missing(k, inst);
        return true;
      }
      case Keyword::Properties: return properties(k, inst, ann);
      case Keyword::Items: return items(k, inst, ann);
      default: return check_applicator(k, inst, ann);
    }
  }

  // Records the error of scalar keyword `k` on `inst` (for a pattern,
  // `overBudget` says the match ran out of steps). Always false.
  [[gnu::noinline]] bool reject(const Keyword& k, const V& inst, bool overBudget = false) {
    switch (k.kind) {
      case Keyword::Type: return fail(compose({"expected ", type_list(k.types), ", got ", type_name(a_, inst)}));
      case Keyword::Const: return fail(compose({"must be ", short_text(k.value)}));
      case Keyword::Enum: return fail(compose({"must be one of ", short_text(k.value)}));
      case Keyword::Minimum: return fail(compose({"must be >= ", short_text(k.value)}));
      case Keyword::Maximum: return fail(compose({"must be <= ", short_text(k.value)}));
      case Keyword::ExclusiveMinimum: return fail(compose({"must be > ", short_text(k.value)}));
      case Keyword::ExclusiveMaximum: return fail(compose({"must be < ", short_text(k.value)}));
      case Keyword::MultipleOf: return fail(compose({"must be a multiple of ", short_text(k.value)}));
      case Keyword::MinLength: return fail(compose({"must be at least ", std::to_string(k.count), noun_for(k.count, " character long", " characters long")}));
      case Keyword::MaxLength: return fail(compose({"must be at most ", std::to_string(k.count), noun_for(k.count, " character long", " characters long")}));
      case Keyword::Pattern:
        if (overBudget) {
          regexOverBudget_ = true;
          return fail(compose({"matching the pattern /", k.re->source(), "/ exceeded its step budget"}));
        }
        return fail(compose({"must match the pattern /", k.re->source(), "/"}));
      case Keyword::Format: return fail(compose({"is not a valid ", format_name(k.format)}));
      case Keyword::MinItems: return fail(compose({"must have at least ", std::to_string(k.count), noun_for(k.count, " item", " items")}));
      case Keyword::MaxItems: return fail(compose({"must have at most ", std::to_string(k.count), noun_for(k.count, " item", " items")}));
      case Keyword::MinProperties: return fail(compose({"must have at least ", std::to_string(k.count), noun_for(k.count, " property", " properties")}));
      case Keyword::MaxProperties: return fail(compose({"must have at most ", std::to_string(k.count), noun_for(k.count, " property", " properties")}));
      default: return fail(compose({"is not valid"}));  // not reached: the other keywords word their own errors
    }
  }

  // A message composed in one buffer whose room is kept from call to call
  // (the record's, when there is one): no allocation for a typical message.
  const std::string& compose(std::initializer_list<std::string_view> parts) {
    std::string& m = record_ ? record_->message : ownMessage_;
    m.clear();
    for (const std::string_view part : parts) m.append(part.data(), part.size());
    return m;
  }

  // `required` found a name missing: reports each missing one (up to maxErrors).
  [[gnu::noinline]] bool missing(const Keyword& k, const V& inst) {
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

  // The keywords that apply subschemas or need more than a predicate.
  [[gnu::noinline]] bool check_applicator(const Keyword& k, const V& inst, Ann* ann) {
    const T t = a_.type(inst);
    switch (k.kind) {
      case Keyword::UniqueItems: return unique_items(inst);
      case Keyword::DependentRequired: {
        if (t != T::Object) return true;
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
      case Keyword::PropertyNames: {
        if (t != T::Object) return true;
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
      case Keyword::DependentSchemas: {
        if (t != T::Object) return true;
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
      case Keyword::Contains: return contains(k, inst, ann);
      case Keyword::Ref: {
        Push e(kpath_, key_seg(k.name));
        return inplace(k.sub, inst, ann);
      }
      case Keyword::DynamicRef: {
        const Node* target = k.sub;
        if (!k.dynamicAnchor.empty()) {
          std::vector<const Resource*> outermostFirst;
          for (const ScopeStep* s = scope_; s; s = s->up) outermostFirst.push_back(s->resource);
          for (auto r = outermostFirst.rbegin(); r != outermostFirst.rend(); ++r) {
            const auto it = (*r)->dynamicAnchorNodes.find(k.dynamicAnchor);
            if (it != (*r)->dynamicAnchorNodes.end()) {
              target = it->second;
              break;
            }
          }
        }
        Push e(kpath_, key_seg(k.name));
        return inplace(target, inst, ann);
      }
      case Keyword::AllOf: {
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
      case Keyword::AnyOf: {
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
      case Keyword::OneOf: {
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
      case Keyword::Not: {
        bool r;
        {
          Quiet q(quiet_);
          r = eval(k.sub, inst, nullptr);
        }
        if (!r) return true;
        return fail("must not match the schema in not");
      }
      case Keyword::IfThenElse: {
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
      case Keyword::UnevaluatedItems: {
        if (t != T::Array || !ann || ann->allItems) return true;
        bool ok = true;
        const std::size_t n = a_.size(inst);
        for (std::size_t i = ann->prefix; i < n; ++i) {
          if (ann->items.count(i)) continue;
          if (!child(k.sub, a_.item(inst, i), index_seg(i), key_seg(k.name))) {
            ok = false;
            if (halt(ok)) return false;
          }
        }
        ann->allItems = true;
        return ok;
      }
      case Keyword::UnevaluatedProperties: {
        if (t != T::Object || !ann || ann->allProps) return true;
        bool ok = true;
        a_.members(inst, [&](std::string_view key, const V& value) {
          if (ann->props.count(key.data())) return true;
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
    }
    return true;
  }

  // Hash every item (equal values hash alike: 1 and 1.0, objects in any
  // member order), sort by hash, and compare for real only within a run of
  // equal hashes, each comparison charged to the budget: n log n however the
  // items are chosen, or a refusal. Reports the pair an in-order scan finds
  // first: the smallest second index, then the smallest first one.
  [[gnu::noinline]] bool unique_items(const V& inst) {
    if (a_.type(inst) != T::Array) return true;
    const std::size_t n = a_.size(inst);
    if (n < 2) return true;
    std::vector<std::pair<std::uint64_t, std::size_t>> hashed(n);
    std::vector<std::uint64_t> scratch;
    for (std::size_t j = 0; j < n; ++j) hashed[j] = {hash_of(a_, a_.item(inst, j), scratch), j};
    std::sort(hashed.begin(), hashed.end());
    std::size_t first = SIZE_MAX, second = SIZE_MAX;
    for (std::size_t from = 0, to; from < n; from = to) {
      for (to = from + 1; to < n && hashed[to].first == hashed[from].first; ++to) {}
      for (std::size_t y = from + 1; y < to; ++y) {
        const std::size_t j = hashed[y].second;
        if (j > second) break;  // sorted by index within the run: no better pair here
        for (std::size_t x = from; x < y; ++x) {
          const std::size_t i = hashed[x].second;
          std::uint64_t visited = 0;
          const bool same = a_.same(a_.item(inst, i), a_.item(inst, j), visited);
          if ((steps_ += visited) > budget_) return stop_over_budget();
          if (same) {
            if (j < second || (j == second && i < first)) first = i, second = j;
            break;
          }
        }
      }
    }
    if (second == SIZE_MAX) return true;
    return fail("items " + std::to_string(first) + " and " + std::to_string(second) + " are equal (uniqueItems)");
  }

  // After a failed anyOf/oneOf (only when errors are being reported): adds
  // the errors of the closest branch, so that a model can fix its call. The
  // closest is the one with the fewest errors, preferring branches whose
  // `type` matched. Costs nothing on the success path.
  void explain(const Keyword& k, const V& inst) {
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

  [[gnu::noinline]] bool properties(const Keyword& k, const V& inst, Ann* ann) {
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
      if (ann && matched) ann->props.insert(key.data());
      return !halt(ok);
    });
    return ok;
  }

  [[gnu::noinline]] bool items(const Keyword& k, const V& inst, Ann* ann) {
    if (a_.type(inst) != T::Array) return true;
    kw_ = nullptr;  // each branch pushes its own keyword name
    bool ok = true;
    const std::size_t n = a_.size(inst);
    const std::size_t np = std::min(n, k.subs.size());
    for (std::size_t i = 0; i < np; ++i) {
      if (!child(k.subs[i], a_.item(inst, i), index_seg(i), key_seg(k.prefixName), index_seg(i))) ok = false;
      if (halt(ok)) break;
    }
    if (ann) ann->prefix = std::max(ann->prefix, np);
    if (k.additional && !halt(ok)) {
      for (std::size_t i = k.subs.size(); i < n; ++i) {
        bool r;
        if (k.additional->isBool && !k.additional->boolValue) {
          Push step(ipath_, index_seg(i));
          Push k1(kpath_, key_seg(k.additionalName));
          r = fail("the array must have at most " + count_of(k.subs.size(), "item", "items"));
        } else {
          r = child(k.additional, a_.item(inst, i), index_seg(i), key_seg(k.additionalName));
        }
        if (!r) {
          ok = false;
          if (halt(ok)) break;
        }
      }
      if (ann && n > k.subs.size()) ann->allItems = true;
    }
    return ok;
  }

  bool contains(const Keyword& k, const V& inst, Ann* ann) {
    if (a_.type(inst) != T::Array) return true;
    std::size_t matched = 0;
    {
      Quiet q(quiet_);
      const std::size_t n = a_.size(inst);
      for (std::size_t i = 0; i < n; ++i) {
        if (eval(k.sub, a_.item(inst, i), nullptr)) {
          ++matched;
          if (ann) ann->items.insert(i);
          else if (!k.hasMax && matched >= k.minContains) break;
        }
        if (k.hasMax && matched > k.maxContains && !ann) break;
      }
    }
    const std::size_t minimum = k.hasMin ? k.minContains : 1;
    if (matched < minimum)
      return fail("must contain at least " + count_of(minimum, "matching item", "matching items") + " (contains)");
    if (k.hasMax && matched > k.maxContains)
      return fail("must contain at most " + count_of(k.maxContains, "matching item", "matching items") + " (maxContains)");
    return true;
  }

  const CompiledSchema::Impl& impl_;
  const A& a_;
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
  std::unique_ptr<std::unordered_map<std::uint64_t, bool>> memo_;  // (node id << 32 | value index) -> valid
  std::size_t regexBudget_ = lim_.regexStepBudget;  // shared by all pattern matches of one call
};

}  // namespace

std::uint64_t step_budget(const Limits& limits, std::uint64_t values, std::uint64_t nodes) {
  const std::uint64_t cap = limits.evaluationStepCap;
  std::uint64_t product;  // factor x values x nodes; past 64 bits, the cap (no division: every call pays this)
  if (__builtin_mul_overflow(values, nodes, &product) ||
      __builtin_mul_overflow(product, static_cast<std::uint64_t>(limits.evaluationStepFactor), &product))
    product = cap;
  return std::min(cap, std::max<std::uint64_t>(product, limits.evaluationStepFloor));
}

std::string too_complex_message(std::uint64_t budget) {
  return "the value costs more to check than the budget allows (" + std::to_string(budget) +
         " evaluation steps for this value and schema; docs/validator.md)";
}

ValidationResult evaluate(const CompiledSchema::Impl& impl, const IDocument& doc) {
  ValidationResult out;
  TextAccess acc{doc};
  Evaluator<TextAccess> ev(impl, acc, out);
  if (!ev.eval(impl.root, doc.root(), nullptr)) out.valid = false;
  if (ev.over_budget()) return ValidationResult{false, {{"", "", too_complex_message(ev.budget())}}, false, true};
  out.tooComplex = !out.valid && ev.regex_over_budget();
  return out;
}

ValidationResult evaluate_into(const CompiledSchema::Impl& impl, const IDocument& doc, ErrorRecord& record) {
  ValidationResult out;
  TextAccess acc{doc};
  Evaluator<TextAccess> ev(impl, acc, out, &record);
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
