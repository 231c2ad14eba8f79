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
#include <vector>

#include "json/document.hpp"
#include "schema/internal.hpp"
#include "text/heap_sort.hpp"

namespace rc::schema::detail {

using T = IValue::Type;

// Byte equality of two names, inline and a word at a time: a call to memcmp
// (a plain byte loop in the WebAssembly libc) costs more than comparing a
// property name.
inline bool same_bytes(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* const x = a.data();
  const char* const y = b.data();
  const auto word = [](const char* at) {
    std::uint64_t w;
    std::memcpy(&w, at, 8);
    return w;
  };
  if (n >= 8) {  // whole words, the last one overlapping the one before
    for (std::size_t i = 0; i + 8 < n; i += 8)
      if (word(x + i) != word(y + i)) return false;
    return word(x + n - 8) == word(y + n - 8);
  }
  for (std::size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return false;
  return true;
}

// Where `key` is among `count` names read by `name(i)`, or `count`. The
// search starts at `from` and wraps around: arguments are usually written in
// the schema's order, and a caller that starts after the previous find then
// makes one comparison per name. Names are unique (they come from an object).
template <class Name>
inline std::size_t find_name(std::size_t count, const Name& name, std::string_view key, std::size_t from) {
  if (from >= count) from = 0;
  for (std::size_t i = from; i < count; ++i)
    if (same_bytes(name(i), key)) return i;
  for (std::size_t i = 0; i < from; ++i)
    if (same_bytes(name(i), key)) return i;
  return count;
}

// JSON equality of two values, each read in its own document (an instance
// value and a schema's literal, or two items of one instance): 1 and 1.0 are
// equal, 2^63 - 1 and 2^63 - 2 are not, members compare in any order.
// Recursion is bounded by the two documents' depth. With `Counted`, `visited`
// counts the values compared (uniqueItems charges them to its budget).
template <bool Counted>
inline bool json_equal(const IDocument& da, const IValue& a, const IDocument& db, const IValue& b, std::uint64_t& visited) {
  if constexpr (Counted) ++visited;
  if (a.is_number() && b.is_number()) {
    if (a.type == T::Float || b.type == T::Float) return a.number() == b.number();
    if (a.type == b.type) return a.u == b.u;  // the same 64 bits
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
        if (!json_equal<Counted>(da, da.child(a, k), db, db.child(b, k), visited)) return false;
      return true;
    }
    case T::Object: {
      if (a.len != b.len) return false;
      for (const IValue* m = da.begin(a); m != da.end(a); ++m) {
        if constexpr (Counted) visited += b.len / 8;  // the member lookup is a scan
        const IValue* n = db.member(b, m->key());
        if (!n || !json_equal<Counted>(da, *m, db, *n, visited)) return false;
      }
      return true;
    }
    default: return false;
  }
}
inline bool json_equal(const IDocument& da, const IValue& a, const IDocument& db, const IValue& b) {
  std::uint64_t unused = 0;
  return json_equal<false>(da, a, db, b, unused);
}

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
  // Whether object `v` has the member `key`. `from` is where the search
  // starts, and after it one past the member found (see find_name): a list of
  // names in the instance's order costs one comparison each.
  bool has(const IValue& v, std::string_view key, std::size_t& from) const {
    const IValue* const members = doc.begin(v);
    const std::size_t at = find_name(v.len, [members](std::size_t i) { return members[i].key(); }, key, from);
    if (at == v.len) return false;
    from = at + 1;
    return true;
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
  // Instance value against a schema's value (const, an enum member).
  bool equal(const IValue& a, const IDocument& literal, const IValue& b) const { return json_equal(doc, a, literal, b); }
  // Two values of the instance (uniqueItems); `visited` counts the values compared.
  bool same(const IValue& a, const IValue& b, std::uint64_t& visited) const { return json_equal<true>(doc, a, doc, b, visited); }
  // The number of values in the instance, and the place of `v` among them
  // (SIZE_MAX for a value made on the side, like propertyNames' key values).
  std::size_t values() const { return doc.size(); }
  std::size_t index(const IValue& v) const {
    const auto first = reinterpret_cast<std::uintptr_t>(doc.values());
    const auto at = reinterpret_cast<std::uintptr_t>(&v);
    if (at < first || at >= first + doc.size() * sizeof(IValue)) return SIZE_MAX;
    return (at - first) / sizeof(IValue);
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
  const IValue& limit = k.value.root();
  if ((t == T::Int || t == T::UInt) && (limit.type == T::Int || limit.type == T::UInt)) {
    const Int65 x = t == T::Int ? int65(a.i(v)) : Int65{false, a.u(v)};
    const Int65 y = limit.type == T::UInt ? Int65{false, limit.u} : int65(limit.i);
    return compare(x, y);
  }
  const double d = as_double(a, v);
  return d < k.number ? -1 : (d > k.number ? 1 : 0);
}

// A 64-bit hash consistent with JSON equality (numbers by value, objects in
// any key order), for uniqueItems. Each member hashes its key and value as a
// pair, and an object combines its members' hashes in sorted order: a sum of
// independent key and value hashes collided for every object whose values
// were permuted among its keys, which made uniqueItems quadratic. Not
// cryptographic: uniqueItems still compares equal hashes for real, and those
// comparisons are charged to the evaluation budget. Recursion is bounded by
// the instance depth.
inline std::uint64_t mix64(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
inline std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed) {
  std::uint64_t h = mix64(seed ^ s.size());
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = mix64(h ^ w) * 0x9e3779b97f4a7c15ULL;
  }
  std::uint64_t tail = 0;
  if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
  return mix64(h ^ tail ^ (static_cast<std::uint64_t>(s.size() - i) << 56));
}
inline std::uint64_t combine(std::uint64_t h, std::uint64_t v) { return mix64(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2))); }

template <class A>
std::uint64_t hash_of(const A& a, const typename A::V& v, std::vector<std::uint64_t>& scratch) {
  switch (a.type(v)) {
    case T::Null: return 0x6e756c6cULL;
    case T::Bool: return a.boolean(v) ? 0x74727565ULL : 0x66616c73ULL;
    case T::Int:
    case T::UInt:
    case T::Float: {
      const double d = as_double(a, v);  // equal numbers (1 and 1.0) hash alike
      std::uint64_t bits;
      const double z = d == 0 ? 0.0 : d;
      std::memcpy(&bits, &z, 8);
      return mix64(bits ^ 0x6e756d);
    }
    case T::String: return hash_bytes(a.str(v), 0x737472);
    case T::Array: {
      std::uint64_t h = mix64(0x617272 ^ a.size(v));
      for (std::size_t i = 0; i < a.size(v); ++i) h = combine(h, hash_of(a, a.item(v, i), scratch));
      return h;
    }
    case T::Object: {
      // The members' pair hashes, sorted: independent of the members' order,
      // and a value counts only with its own key.
      const std::size_t from = scratch.size();
      a.members(v, [&](std::string_view key, const typename A::V& value) {
        const std::uint64_t k = hash_bytes(key, 0x6b6579);
        scratch.push_back(combine(k, hash_of(a, value, scratch)));
        return true;
      });
      rc::text::heap_sort(scratch.data() + from, scratch.size() - from);
      std::uint64_t h = mix64(0x6f626a ^ (scratch.size() - from));
      for (std::size_t i = from; i < scratch.size(); ++i) h = combine(h, scratch[i]);
      scratch.resize(from);
      return h;
    }
  }
  return 0;
}

}  // namespace rc::schema::detail
