#pragma once
// Shared by the compiler (compiler.cpp: documents, indexing, references) and
// the keyword builder (keywords.cpp). Internal to src/schema/.
#include <cmath>
#include <string>

#include "schema/internal.hpp"

namespace rc::schema {

struct Vocab {
  bool applicator = true, unevaluated = true, validation = true;
  bool formatAssertion = false;  // a metaschema's $vocabulary asks for format assertion
};

struct SchemaInfo {
  std::string base;
  Resource* res = nullptr;
  Dialect dialect = Dialect::Draft2020_12;
  Vocab vocab;
};

inline bool integral_count(const json& v, std::size_t& out) {
  if (v.is_number_unsigned()) {
    out = static_cast<std::size_t>(*v.get_ptr<const json::number_unsigned_t*>());
    return true;
  }
  if (v.is_number_integer()) {
    const auto i = *v.get_ptr<const json::number_integer_t*>();
    if (i < 0) return false;
    out = static_cast<std::size_t>(i);
    return true;
  }
  if (v.is_number_float()) {
    const double d = *v.get_ptr<const json::number_float_t*>();
    if (d < 0 || d != std::floor(d) || d > 1e18) return false;
    out = static_cast<std::size_t>(d);
    return true;
  }
  return false;
}

inline double number_of(const json& v) {
  if (v.is_number_unsigned()) return static_cast<double>(*v.get_ptr<const json::number_unsigned_t*>());
  if (v.is_number_integer()) return static_cast<double>(*v.get_ptr<const json::number_integer_t*>());
  if (v.is_number_float()) return *v.get_ptr<const json::number_float_t*>();
  return 0;
}

// A limit's or a divisor's forms: `value` for exact 64-bit comparisons,
// `number` for the rest, and a whole divisor also as an integer. Shared with
// the compiled tool set's reader (schema_codec.cpp), which derives them again.
// `k.value` must hold a number.
inline void derive_number(Keyword& k) {
  const IValue& v = k.value.root();
  k.number = v.number();
  if (k.kind != Keyword::MultipleOf) return;
  std::uint64_t whole = 0;
  if (v.type == IValue::Int && v.i > 0) whole = static_cast<std::uint64_t>(v.i);
  else if (v.type == IValue::Float && v.d > 0 && v.d == std::floor(v.d) && v.d <= 1e18) whole = static_cast<std::uint64_t>(v.d);
  if (whole > 0 && whole <= static_cast<std::uint64_t>(INT64_MAX)) {
    k.numberIsInteger = true;
    k.integer = static_cast<std::int64_t>(whole);
  }
}

inline const std::string& str(const json& v) { return *v.get_ptr<const std::string*>(); }

inline bool is_true(const json& v) { return v.is_boolean() && *v.get_ptr<const json::boolean_t*>(); }

// What building one schema's keywords needs from the compiler.
class Builder {
 public:
  virtual ~Builder() = default;
  virtual const CompileOptions& options() const = 0;
  virtual bool fail(std::string error) = 0;                               // records the first error; false
  virtual Node* subschema(const json& s, const char* keyword) = 0;        // its Node (filled later)
  virtual Node* reference(const SchemaInfo& in, const std::string& ref) = 0;  // $ref target's Node
  virtual const json* resolve_uri_to_schema(const std::string& absolute) = 0;
};

// Fills `n` with the keywords of `s` (which sits at `in`).
bool build_keywords(Builder& b, Node& n, const json& s, const SchemaInfo& in);

}  // namespace rc::schema
