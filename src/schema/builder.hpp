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
inline void set_number(Keyword& k, const json& v) {
  k.number = number_of(v);
  k.value = v;
  std::size_t c;
  if (k.kind == Keyword::MultipleOf && integral_count(v, c) && c > 0 && c <= static_cast<std::size_t>(INT64_MAX)) {
    k.numberIsInteger = true;
    k.integer = static_cast<std::int64_t>(c);
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
