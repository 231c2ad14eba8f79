// Evaluating an instance against a compiled schema. The success path builds
// no strings: locations are kept as stacks of pointers to names that already
// exist (keyword names in the compiled schema, keys in the instance) and are
// turned into JSON Pointers only when an error is recorded.
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "schema/internal.hpp"

namespace rc::schema {
namespace {

struct Seg {
  const std::string* key;  // nullptr: an array index
  std::size_t index;
};

// What subschemas evaluated, for unevaluatedProperties / unevaluatedItems.
struct Ann {
  std::unordered_set<const std::string*> props;
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

std::string pointer(const std::vector<Seg>& path) {
  std::string out;
  for (const auto& s : path) {
    out += '/';
    if (!s.key) {
      out += std::to_string(s.index);
      continue;
    }
    for (char c : *s.key) {
      if (c == '~') out += "~0";
      else if (c == '/') out += "~1";
      else out += c;
    }
  }
  return out;
}

std::string short_text(const json& v) {
  std::string t = to_json_text(v);
  if (t.size() > 120) t = t.substr(0, 117) + "...";
  return t;
}

const char* type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::object: return "object";
    case json::value_t::array: return "array";
    case json::value_t::string: return "string";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: {
      const double d = *v.get_ptr<const json::number_float_t*>();
      return std::isfinite(d) && d == std::floor(d) ? "integer" : "number";
    }
    default: return "unknown";
  }
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

bool is_integer(const json& v) {
  if (v.is_number_integer()) return true;  // includes unsigned
  if (v.is_number_float()) {
    const double d = *v.get_ptr<const json::number_float_t*>();
    return std::isfinite(d) && d == std::floor(d);  // 1.0 is an integer
  }
  return false;
}

bool has_type(const json& v, std::uint8_t bits) {
  switch (v.type()) {
    case json::value_t::null: return bits & kNull;
    case json::value_t::boolean: return bits & kBoolean;
    case json::value_t::object: return bits & kObject;
    case json::value_t::array: return bits & kArray;
    case json::value_t::string: return bits & kString;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return bits & (kNumber | kInteger);
    case json::value_t::number_float: return (bits & kNumber) || ((bits & kInteger) && is_integer(v));
    default: return false;
  }
}

double as_double(const json& v) {
  if (v.is_number_unsigned()) return static_cast<double>(*v.get_ptr<const json::number_unsigned_t*>());
  if (v.is_number_integer()) return static_cast<double>(*v.get_ptr<const json::number_integer_t*>());
  return *v.get_ptr<const json::number_float_t*>();
}

bool multiple_of(const json& v, const Keyword& k) {
  if (k.numberIsInteger && v.is_number_unsigned())
    return *v.get_ptr<const json::number_unsigned_t*>() % static_cast<std::uint64_t>(k.integer) == 0;
  if (k.numberIsInteger && v.is_number_integer()) return *v.get_ptr<const json::number_integer_t*>() % k.integer == 0;
  const double x = as_double(v);
  const double q = x / k.number;
  if (!std::isfinite(q)) return false;
  // Binary floating point cannot hold 0.0075 or 0.0001 exactly: accept a
  // quotient within a few ulps of an integer.
  const double r = std::round(q);
  return std::fabs(q - r) <= 1e-9 * std::max(1.0, std::fabs(q)) && std::fabs(q) >= 0;
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

class Evaluator {
 public:
  Evaluator(const CompiledSchema::Impl& impl, ValidationResult& out)
      : impl_(impl), lim_(impl.options.limits), out_(out), maxErrors_(impl.options.maxErrors) {
    kpath_.reserve(32);
    ipath_.reserve(32);
    scope_.reserve(8);
  }

  bool eval(const Node* n, const json& inst, Ann* ann) {
    if (n->isBool) {
      if (n->boolValue) return true;
      return fail("no value is allowed here (the schema is false)");
    }
    if (aborted_) return false;
    if (++depth_ > lim_.maxEvaluationDepth) {
      --depth_;
      aborted_ = true;
      ++quietOverride_;
      fail("evaluation nested deeper than " + std::to_string(lim_.maxEvaluationDepth) +
           " levels (a recursive $ref that never reaches the end of the instance?)");
      --quietOverride_;
      return false;
    }
    const bool pushed = scope_.empty() || scope_.back() != n->resource;
    if (pushed) scope_.push_back(n->resource);
    Ann local;
    Ann* a = ann;
    if (n->hasUnevaluated && !a) a = &local;
    bool ok = true;
    for (const auto& k : n->keywords) {
      if (!keyword(k, inst, a)) {
        ok = false;
        if (quiet_ || stop() || aborted_) break;
      }
    }
    if (pushed) scope_.pop_back();
    --depth_;
    return ok;
  }

 private:
  bool stop() const { return out_.errors.size() >= maxErrors_; }

  bool fail(std::string message) {
    if (quiet_ && !quietOverride_) return false;
    out_.valid = false;
    if (out_.errors.size() < maxErrors_)
      out_.errors.push_back({pointer(ipath_), pointer(kpath_), std::move(message)});
    return false;
  }

  // Evaluates `n` against `inst`, with `seg` appended to the keyword path.
  bool sub(const Node* n, const json& inst, Ann* ann, const std::string* seg) {
    kpath_.push_back({seg, 0});
    const bool ok = inplace(n, inst, ann);
    kpath_.pop_back();
    return ok;
  }
  bool sub_at(const Node* n, const json& inst, Ann* ann, const std::string* seg, std::size_t index) {
    kpath_.push_back({seg, 0});
    kpath_.push_back({nullptr, index});
    const bool ok = eval(n, inst, ann);
    kpath_.pop_back();
    kpath_.pop_back();
    return ok;
  }

  // An in-place applicator: the child sees only its own annotations, which
  // join ours when it validates.
  bool inplace(const Node* n, const json& inst, Ann* ann) {
    if (!ann) return eval(n, inst, nullptr);
    Ann t;
    const bool ok = eval(n, inst, &t);
    if (ok) ann->merge(t);
    return ok;
  }

  struct Quiet {
    explicit Quiet(int& q) : q_(q) { ++q_; }
    ~Quiet() { --q_; }
    int& q_;
  };

  bool keyword(const Keyword& k, const json& inst, Ann* ann) {
    kpath_.push_back({&k.name, 0});
    const bool ok = check(k, inst, ann);
    kpath_.pop_back();
    return ok;
  }

  bool check(const Keyword& k, const json& inst, Ann* ann) {
    switch (k.kind) {
      case Keyword::Type:
        if (has_type(inst, k.types)) return true;
        return fail("expected " + type_list(k.types) + ", got " + type_name(inst));
      case Keyword::Const:
        if (inst == k.value) return true;
        return fail("must be " + short_text(k.value));
      case Keyword::Enum:
        for (const auto& e : k.value)
          if (inst == e) return true;
        return fail("must be one of " + short_text(k.value));
      case Keyword::Minimum:
        if (!inst.is_number() || as_double(inst) >= k.number) return true;
        return fail("must be >= " + short_text(k.value));
      case Keyword::Maximum:
        if (!inst.is_number() || as_double(inst) <= k.number) return true;
        return fail("must be <= " + short_text(k.value));
      case Keyword::ExclusiveMinimum:
        if (!inst.is_number() || as_double(inst) > k.number) return true;
        return fail("must be > " + short_text(k.value));
      case Keyword::ExclusiveMaximum:
        if (!inst.is_number() || as_double(inst) < k.number) return true;
        return fail("must be < " + short_text(k.value));
      case Keyword::MultipleOf:
        if (!inst.is_number() || multiple_of(inst, k)) return true;
        return fail("must be a multiple of " + short_text(k.value));
      case Keyword::MinLength:
        if (!inst.is_string() || code_points(*inst.get_ptr<const std::string*>()) >= k.count) return true;
        return fail("must be at least " + std::to_string(k.count) + " characters long");
      case Keyword::MaxLength:
        if (!inst.is_string() || code_points(*inst.get_ptr<const std::string*>()) <= k.count) return true;
        return fail("must be at most " + std::to_string(k.count) + " characters long");
      case Keyword::Pattern: {
        if (!inst.is_string()) return true;
        const auto st = k.re->search(*inst.get_ptr<const std::string*>(), lim_.regexStepBudget);
        if (st == regex::MatchStatus::Match) return true;
        if (st == regex::MatchStatus::BudgetExceeded)
          return fail("matching the pattern /" + k.re->source() + "/ exceeded its step budget");
        return fail("must match the pattern /" + k.re->source() + "/");
      }
      case Keyword::Format:
        if (!inst.is_string() || check_format(k.format, *inst.get_ptr<const std::string*>())) return true;
        return fail("is not a valid " + format_name(k.format));
      case Keyword::MinItems:
        if (!inst.is_array() || inst.size() >= k.count) return true;
        return fail("must have at least " + std::to_string(k.count) + " items");
      case Keyword::MaxItems:
        if (!inst.is_array() || inst.size() <= k.count) return true;
        return fail("must have at most " + std::to_string(k.count) + " items");
      case Keyword::UniqueItems:
        if (!inst.is_array()) return true;
        for (std::size_t i = 0; i < inst.size(); ++i)
          for (std::size_t j = i + 1; j < inst.size(); ++j)
            if (inst[i] == inst[j])
              return fail("items " + std::to_string(i) + " and " + std::to_string(j) + " are equal (uniqueItems)");
        return true;
      case Keyword::MinProperties:
        if (!inst.is_object() || inst.size() >= k.count) return true;
        return fail("must have at least " + std::to_string(k.count) + " properties");
      case Keyword::MaxProperties:
        if (!inst.is_object() || inst.size() <= k.count) return true;
        return fail("must have at most " + std::to_string(k.count) + " properties");
      case Keyword::Required: {
        if (!inst.is_object()) return true;
        bool ok = true;
        for (const auto& name : k.strings) {
          if (inst.find(name) == inst.end()) {
            ok = fail("missing required property \"" + name + "\"");
            if (quiet_ || stop()) return false;
          }
        }
        return ok;
      }
      case Keyword::DependentRequired: {
        if (!inst.is_object()) return true;
        bool ok = true;
        for (const auto& [name, needs] : k.deps) {
          if (inst.find(name) == inst.end()) continue;
          for (const auto& other : needs) {
            if (inst.find(other) == inst.end()) {
              ok = fail("property \"" + other + "\" is required when \"" + name + "\" is present");
              if (quiet_ || stop()) return false;
            }
          }
        }
        return ok;
      }
      case Keyword::Properties: return properties(k, inst, ann);
      case Keyword::PropertyNames: {
        if (!inst.is_object()) return true;
        for (const auto& [key, value] : inst.items()) {
          (void)value;
          Quiet q(quiet_);
          const json name(key);
          if (!eval(k.sub, name, nullptr)) {
            --quiet_;
            fail("property name \"" + key + "\" is not valid (propertyNames)");
            ++quiet_;
            return false;
          }
        }
        return true;
      }
      case Keyword::DependentSchemas: {
        if (!inst.is_object()) return true;
        bool ok = true;
        for (const auto& [name, node] : k.named) {
          if (inst.find(name) == inst.end()) continue;
          if (!sub(node, inst, ann, &name)) {
            ok = false;
            if (quiet_ || stop()) return false;
          }
        }
        return ok;
      }
      case Keyword::Items: return items(k, inst, ann);
      case Keyword::Contains: return contains(k, inst, ann);
      case Keyword::Ref: return inplace(k.sub, inst, ann);
      case Keyword::DynamicRef: {
        const Node* target = k.sub;
        if (!k.dynamicAnchor.empty()) {
          for (const Resource* r : scope_) {
            const auto it = r->dynamicAnchors.find(k.dynamicAnchor);
            if (it == r->dynamicAnchors.end()) continue;
            const auto n = impl_.compiled.find(it->second);
            if (n != impl_.compiled.end()) {
              target = n->second;
              break;
            }
          }
        }
        return inplace(target, inst, ann);
      }
      case Keyword::AllOf: {
        bool ok = true;
        for (std::size_t i = 0; i < k.subs.size(); ++i) {
          kpath_.push_back({nullptr, i});
          const bool r = inplace(k.subs[i], inst, ann);
          kpath_.pop_back();
          if (!r) {
            ok = false;
            if (quiet_ || stop()) return false;
          }
        }
        return ok;
      }
      case Keyword::AnyOf: {
        bool any = false;
        {
          Quiet q(quiet_);
          for (const Node* s : k.subs) {
            Ann t;
            if (eval(s, inst, ann ? &t : nullptr)) {
              any = true;
              if (!ann) break;
              ann->merge(t);
            }
          }
        }
        if (any) return true;
        return fail("must match at least one of the " + std::to_string(k.subs.size()) + " schemas in anyOf");
      }
      case Keyword::OneOf: {
        std::size_t matched = 0;
        std::size_t first = 0;
        {
          Quiet q(quiet_);
          Ann keep;
          for (std::size_t i = 0; i < k.subs.size() && matched < 2; ++i) {
            Ann t;
            if (eval(k.subs[i], inst, ann ? &t : nullptr)) {
              if (matched++ == 0) {
                first = i;
                keep = std::move(t);
              }
            }
          }
          if (matched == 1 && ann) ann->merge(keep);
        }
        if (matched == 1) return true;
        if (matched == 0) return fail("must match exactly one of the schemas in oneOf (matches none)");
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
        Ann t;
        bool r;
        {
          Quiet q(quiet_);
          r = eval(k.sub, inst, ann ? &t : nullptr);
        }
        kpath_.pop_back();  // then/else are siblings of "if"
        bool ok = true;
        if (r) {
          if (ann) ann->merge(t);
          if (k.then_) ok = sub(k.then_, inst, ann, &kThen);
        } else if (k.else_) {
          ok = sub(k.else_, inst, ann, &kElse);
        }
        kpath_.push_back({&k.name, 0});
        return ok;
      }
      case Keyword::UnevaluatedItems: {
        if (!inst.is_array() || !ann || ann->allItems) return true;
        bool ok = true;
        for (std::size_t i = ann->prefix; i < inst.size(); ++i) {
          if (ann->items.count(i)) continue;
          ipath_.push_back({nullptr, i});
          const bool r = eval(k.sub, inst[i], nullptr);
          ipath_.pop_back();
          if (!r) {
            ok = false;
            if (quiet_ || stop()) return false;
          }
        }
        ann->allItems = true;
        return ok;
      }
      case Keyword::UnevaluatedProperties: {
        if (!inst.is_object() || !ann || ann->allProps) return true;
        bool ok = true;
        for (auto it = inst.begin(); it != inst.end(); ++it) {
          const std::string* key = &it.key();
          if (ann->props.count(key)) continue;
          ipath_.push_back({key, 0});
          bool r;
          if (k.sub->isBool && !k.sub->boolValue) r = fail("property \"" + *key + "\" is not allowed (unevaluatedProperties)");
          else r = eval(k.sub, it.value(), nullptr);
          ipath_.pop_back();
          if (!r) {
            ok = false;
            if (quiet_ || stop()) return false;
          }
        }
        ann->allProps = true;
        return ok;
      }
    }
    return true;
  }

  bool properties(const Keyword& k, const json& inst, Ann* ann) {
    if (!inst.is_object()) return true;
    kpath_.pop_back();  // each branch pushes its own keyword name
    bool ok = true;
    for (auto it = inst.begin(); it != inst.end(); ++it) {
      const std::string& key = it.key();
      const json& value = it.value();
      bool matched = false;
      ipath_.push_back({&key, 0});
      for (const auto& [name, node] : k.named) {
        if (name != key) continue;
        matched = true;
        kpath_.push_back({&kProperties, 0});
        kpath_.push_back({&name, 0});
        const bool r = eval(node, value, nullptr);
        kpath_.pop_back();
        kpath_.pop_back();
        if (!r) ok = false;
        break;
      }
      for (const auto& p : k.patterns) {
        if (!ok && (quiet_ || stop())) break;
        const auto st = p->re.search(key, lim_.regexStepBudget);
        if (st == regex::MatchStatus::NoMatch) continue;
        kpath_.push_back({&kPatternProperties, 0});
        kpath_.push_back({&p->source, 0});
        if (st == regex::MatchStatus::BudgetExceeded) {
          ok = fail("matching the pattern /" + p->source + "/ exceeded its step budget");
        } else {
          matched = true;
          if (!eval(p->node, value, nullptr)) ok = false;
        }
        kpath_.pop_back();
        kpath_.pop_back();
      }
      if (!matched && k.additional && (ok || !(quiet_ || stop()))) {
        kpath_.push_back({&kAdditionalProperties, 0});
        if (k.additional->isBool && !k.additional->boolValue) ok = fail("property \"" + key + "\" is not allowed");
        else if (!eval(k.additional, value, nullptr)) ok = false;
        kpath_.pop_back();
        matched = true;
      }
      ipath_.pop_back();
      if (ann && matched) ann->props.insert(&key);
      if (!ok && (quiet_ || stop())) break;
    }
    kpath_.push_back({&k.name, 0});
    return ok;
  }

  bool items(const Keyword& k, const json& inst, Ann* ann) {
    if (!inst.is_array()) return true;
    kpath_.pop_back();
    bool ok = true;
    const std::size_t n = inst.size();
    const std::size_t np = std::min(n, k.subs.size());
    for (std::size_t i = 0; i < np; ++i) {
      ipath_.push_back({nullptr, i});
      if (!sub_at(k.subs[i], inst[i], nullptr, &k.prefixName, i)) ok = false;
      ipath_.pop_back();
      if (!ok && (quiet_ || stop())) break;
    }
    if (ann) ann->prefix = std::max(ann->prefix, np);
    if (k.additional && (ok || !(quiet_ || stop()))) {
      kpath_.push_back({&k.additionalName, 0});
      for (std::size_t i = k.subs.size(); i < n; ++i) {
        ipath_.push_back({nullptr, i});
        bool r;
        if (k.additional->isBool && !k.additional->boolValue)
          r = fail("the array must have at most " + std::to_string(k.subs.size()) + " items");
        else r = eval(k.additional, inst[i], nullptr);
        ipath_.pop_back();
        if (!r) {
          ok = false;
          if (quiet_ || stop()) break;
        }
      }
      kpath_.pop_back();
      if (ann && n > k.subs.size()) ann->allItems = true;
    }
    kpath_.push_back({&k.name, 0});
    return ok;
  }

  bool contains(const Keyword& k, const json& inst, Ann* ann) {
    if (!inst.is_array()) return true;
    std::size_t matched = 0;
    {
      Quiet q(quiet_);
      for (std::size_t i = 0; i < inst.size(); ++i) {
        if (eval(k.sub, inst[i], nullptr)) {
          ++matched;
          if (ann) ann->items.insert(i);
          else if (!k.hasMax && matched >= k.minContains) break;
        }
        if (k.hasMax && matched > k.maxContains && !ann) break;
      }
    }
    const std::size_t minimum = k.hasMin ? k.minContains : 1;
    if (matched < minimum)
      return fail("must contain at least " + std::to_string(minimum) + " matching item" + (minimum == 1 ? "" : "s") +
                  " (contains)");
    if (k.hasMax && matched > k.maxContains)
      return fail("must contain at most " + std::to_string(k.maxContains) + " matching items (maxContains)");
    return true;
  }

  static const std::string kThen, kElse, kProperties, kPatternProperties, kAdditionalProperties;

  const CompiledSchema::Impl& impl_;
  const Limits& lim_;
  ValidationResult& out_;
  std::size_t maxErrors_;
  std::vector<Seg> kpath_, ipath_;
  std::vector<const Resource*> scope_;
  std::size_t depth_ = 0;
  int quiet_ = 0;
  int quietOverride_ = 0;
  bool aborted_ = false;
};

const std::string Evaluator::kThen = "then";
const std::string Evaluator::kElse = "else";
const std::string Evaluator::kProperties = "properties";
const std::string Evaluator::kPatternProperties = "patternProperties";
const std::string Evaluator::kAdditionalProperties = "additionalProperties";

}  // namespace

ValidationResult evaluate(const CompiledSchema::Impl& impl, const json& instance) {
  ValidationResult out;
  Evaluator ev(impl, out);
  if (!ev.eval(impl.root, instance, nullptr)) out.valid = false;
  return out;
}

}  // namespace rc::schema
