#pragma once
// How the evaluator reads an instance (the flat document, json/document.hpp)
// through one small interface (type, numbers, strings, children, members,
// equality), and the numeric helpers written over it. Internal to src/schema/.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

#include "json/document.hpp"
#include "schema/internal.hpp"

namespace rc::schema::detail {

using T = IValue::Type;

// A schema's own values (const, enum), which the compiler keeps as
// nlohmann::json: read only to compare an instance value with them.
struct SchemaValue {
  static T type(const json& v) {
    switch (v.type()) {
      case json::value_t::boolean: return T::Bool;
      case json::value_t::number_integer: return T::Int;
      case json::value_t::number_unsigned: return T::UInt;
      case json::value_t::number_float: return T::Float;
      case json::value_t::string: return T::String;
      case json::value_t::array: return T::Array;
      case json::value_t::object: return T::Object;
      default: return T::Null;
    }
  }
  static std::int64_t i(const json& v) { return *v.get_ptr<const json::number_integer_t*>(); }
  static std::uint64_t u(const json& v) { return *v.get_ptr<const json::number_unsigned_t*>(); }
  static double d(const json& v) { return *v.get_ptr<const json::number_float_t*>(); }
  static std::string_view str(const json& v) { return *v.get_ptr<const std::string*>(); }
};

// The instance, an IDocument (json/document.hpp), as the evaluator reads it.
struct TextAccess {
  using V = IValue;
  const IDocument& doc;
  static T type(const IValue& v) { return v.type; }
  static bool boolean(const IValue& v) { return v.boolean; }
  static std::int64_t i(const IValue& v) { return v.i; }
  static std::uint64_t u(const IValue& v) { return v.u; }
  static double d(const IValue& v) { return v.d; }
  static std::string_view str(const IValue& v) { return v.str(); }
  static std::size_t size(const IValue& v) { return v.len; }
  const IValue& item(const IValue& v, std::size_t k) const { return doc.child(v, k); }
  bool has(const IValue& v, const std::string& key) const {
    for (const IValue* m = doc.begin(v); m != doc.end(v); ++m)
      if (m->keyLen == key.size() && std::memcmp(m->keyPtr, key.data(), key.size()) == 0) return true;
    return false;
  }
  template <class F>
  void members(const IValue& v, F&& f) const {
    for (const IValue* m = doc.begin(v); m != doc.end(v); ++m)
      if (!f(m->key(), *m)) return;
  }
  static IValue key_value(std::string_view k) {
    IValue v;
    v.type = T::String;
    v.set_str(k);
    return v;
  }
  // Instance value against a schema value (const, enum): JSON equality,
  // where 1 and 1.0 are equal.
  bool equal(const IValue& a, const json& b) const {
    const T tb = SchemaValue::type(b);
    if (is_num(a.type) && is_num(tb)) return num_eq(a, tb, b);
    if (a.type != tb) return false;
    switch (a.type) {
      case T::Null: return true;
      case T::Bool: return a.boolean == *b.get_ptr<const json::boolean_t*>();
      case T::String: return a.str() == SchemaValue::str(b);
      case T::Array: {
        if (a.len != b.size()) return false;
        for (std::size_t k = 0; k < a.len; ++k)
          if (!equal(doc.child(a, k), b[k])) return false;
        return true;
      }
      case T::Object: {
        if (a.len != b.size()) return false;
        for (const IValue* m = doc.begin(a); m != doc.end(a); ++m) {
          const auto it = b.find(std::string(m->key()));
          if (it == b.end() || !equal(*m, *it)) return false;
        }
        return true;
      }
      default: return false;
    }
  }
  bool same(const IValue& a, const IValue& b) const {
    if (is_num(a.type) && is_num(b.type)) {
      if (a.type == T::Float || b.type == T::Float) return a.number() == b.number();
      if (a.type == b.type) return a.u == b.u;
      const IValue& si = a.type == T::Int ? a : b;
      const IValue& un = a.type == T::Int ? b : a;
      return si.i >= 0 && static_cast<std::uint64_t>(si.i) == un.u;
    }
    if (a.type != b.type) return false;
    switch (a.type) {
      case T::Null: return true;
      case T::Bool: return a.boolean == b.boolean;
      case T::String: return a.str() == b.str();
      case T::Array: {
        if (a.len != b.len) return false;
        for (std::size_t k = 0; k < a.len; ++k)
          if (!same(doc.child(a, k), doc.child(b, k))) return false;
        return true;
      }
      case T::Object: {
        if (a.len != b.len) return false;
        for (const IValue* m = doc.begin(a); m != doc.end(a); ++m) {
          bool found = false;
          for (const IValue* n = doc.begin(b); n != doc.end(b); ++n) {
            if (n->key() == m->key()) {
              if (!same(*m, *n)) return false;
              found = true;
              break;
            }
          }
          if (!found) return false;
        }
        return true;
      }
      default: return false;
    }
  }

 private:
  static bool is_num(T t) { return t == T::Int || t == T::UInt || t == T::Float; }
  static bool num_eq(const IValue& a, T tb, const json& b) {
    if (a.type == T::Float || tb == T::Float) {
      const double bd = tb == T::Float ? SchemaValue::d(b)
                        : tb == T::Int ? static_cast<double>(SchemaValue::i(b))
                                       : static_cast<double>(SchemaValue::u(b));
      return a.number() == bd;
    }
    if (tb == T::Int) {
      const std::int64_t bi = SchemaValue::i(b);
      return a.type == T::Int ? a.i == bi : (bi >= 0 && a.u == static_cast<std::uint64_t>(bi));
    }
    const std::uint64_t bu = SchemaValue::u(b);
    return a.type == T::UInt ? a.u == bu : (a.i >= 0 && static_cast<std::uint64_t>(a.i) == bu);
  }
};

template <class A>
inline bool is_integer(const A& a, const typename A::V& v) {
  const T t = a.type(v);
  if (t == T::Int || t == T::UInt) return true;
  if (t == T::Float) {
    const double d = a.d(v);
    return std::isfinite(d) && d == std::floor(d);  // 1.0 is an integer
  }
  return false;
}

template <class A>
inline bool is_number(const A& a, const typename A::V& v) {
  const T t = a.type(v);
  return t == T::Int || t == T::UInt || t == T::Float;
}

template <class A>
inline double as_double(const A& a, const typename A::V& v) {
  switch (a.type(v)) {
    case T::Int: return static_cast<double>(a.i(v));
    case T::UInt: return static_cast<double>(a.u(v));
    default: return a.d(v);
  }
}

template <class A>
inline bool has_type(const A& a, const typename A::V& v, std::uint8_t bits) {
  switch (a.type(v)) {
    case T::Null: return bits & kNull;
    case T::Bool: return bits & kBoolean;
    case T::Object: return bits & kObject;
    case T::Array: return bits & kArray;
    case T::String: return bits & kString;
    case T::Int:
    case T::UInt: return bits & (kNumber | kInteger);
    case T::Float: return (bits & kNumber) || ((bits & kInteger) && is_integer(a, v));
  }
  return false;
}

template <class A>
inline const char* type_name(const A& a, const typename A::V& v) {
  switch (a.type(v)) {
    case T::Null: return "null";
    case T::Bool: return "boolean";
    case T::Object: return "object";
    case T::Array: return "array";
    case T::String: return "string";
    case T::Int:
    case T::UInt: return "integer";
    case T::Float: return is_integer(a, v) ? "integer" : "number";
  }
  return "unknown";
}

template <class A>
inline bool multiple_of(const A& a, const typename A::V& v, const Keyword& k) {
  if (k.numberIsInteger && a.type(v) == T::UInt) return a.u(v) % static_cast<std::uint64_t>(k.integer) == 0;
  if (k.numberIsInteger && a.type(v) == T::Int) return a.i(v) % k.integer == 0;
  const double x = as_double(a, v);
  const double q = x / k.number;
  if (!std::isfinite(q)) {
    // The quotient overflows: still exact when x is an integer and the
    // divisor divides 1 (0.5, 0.25, ...): every integer is a multiple.
    const double inv = 1.0 / k.number;
    return std::isfinite(x) && x == std::floor(x) && std::isfinite(inv) && inv == std::floor(inv);
  }
  // Binary floating point cannot hold 0.0075 or 0.0001 exactly: accept a
  // quotient within a relative 1e-9 of an integer.
  return std::fabs(q - std::round(q)) <= 1e-9 * std::max(1.0, std::fabs(q));
}

// Sign and magnitude of a 64-bit integer, for exact comparisons.
struct Int65 {
  bool negative;
  std::uint64_t magnitude;
};
inline Int65 int65(std::int64_t i) {
  return i < 0 ? Int65{true, static_cast<std::uint64_t>(-(i + 1)) + 1} : Int65{false, static_cast<std::uint64_t>(i)};
}
inline int compare(Int65 a, Int65 b) {
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  const int m = a.magnitude < b.magnitude ? -1 : (a.magnitude > b.magnitude ? 1 : 0);
  return a.negative ? -m : m;
}

// The instance against a numeric keyword's limit (-1, 0, 1): exact when
// both are 64-bit integers (2^63 - 1 vs 2^63 - 2 differ), doubles otherwise.
template <class A>
int compare(const A& a, const typename A::V& v, const Keyword& k) {
  const T t = a.type(v);
  if ((t == T::Int || t == T::UInt) && k.value.is_number_integer()) {
    const Int65 x = t == T::Int ? int65(a.i(v)) : Int65{false, a.u(v)};
    const Int65 y = k.value.is_number_unsigned() ? Int65{false, *k.value.get_ptr<const json::number_unsigned_t*>()}
                                                 : int65(*k.value.get_ptr<const json::number_integer_t*>());
    return compare(x, y);
  }
  const double d = as_double(a, v);
  return d < k.number ? -1 : (d > k.number ? 1 : 0);
}

// A hash consistent with JSON equality (numbers by value, objects in any
// key order). Recursion is bounded by the instance depth.
template <class A>
std::size_t hash_of(const A& a, const typename A::V& v) {
  switch (a.type(v)) {
    case T::Null: return 0x9e3779b9u;
    case T::Bool: return a.boolean(v) ? 3 : 5;
    case T::Int:
    case T::UInt:
    case T::Float: {
      const double d = as_double(a, v);
      return std::hash<double>{}(d == 0 ? 0.0 : d);
    }
    case T::String: return std::hash<std::string_view>{}(a.str(v)) ^ 0x51;
    case T::Array: {
      std::size_t h = 0xa5a5;
      for (std::size_t i = 0; i < a.size(v); ++i) h = h * 1000003u ^ hash_of(a, a.item(v, i));
      return h;
    }
    case T::Object: {
      std::size_t h = 0x5a5a;
      a.members(v, [&](std::string_view key, const typename A::V& value) {
        h += std::hash<std::string_view>{}(key) * 31u + hash_of(a, value);  // order-independent
        return true;
      });
      return h;
    }
  }
  return 0;
}

}  // namespace rc::schema::detail
