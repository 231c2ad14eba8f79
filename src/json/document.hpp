#pragma once
// A read-only JSON document parsed straight from the arguments text: one flat
// array of values, strings as views into the text (or into one side buffer
// when they hold escapes), no per-key allocation. The one instance form the
// validator, the router and the query writer read; it is what makes
// validation several times cheaper than building an nlohmann::json first,
// and what lets the browser core link no nlohmann at all.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json/limits.hpp"

namespace rc {

// 24 bytes in WebAssembly (32 natively): documents of 100 KB hold ~10,000 of
// these, and the parser writes each twice (its work stack, then its place).
struct IValue {
  enum Type : std::uint8_t { Null, Bool, Int, UInt, Float, String, Array, Object };
  Type type = Null;
  bool boolean = false;
  std::uint32_t keyLen = 0;
  const char* keyPtr = "";  // the member name when this value sits in an object
  std::uint32_t len = 0;    // String: bytes; Array/Object: number of children
  union {
    std::int64_t i = 0;    // Int
    std::uint64_t u;       // UInt (above INT64_MAX)
    double d;              // Float
    const char* strPtr;    // String
    std::uint32_t first;   // Array/Object: children are values[first, first + len)
  };

  std::string_view key() const { return {keyPtr, keyLen}; }
  // The text of a String; empty for any other type.
  std::string_view str() const { return type == String ? std::string_view(strPtr, len) : std::string_view(); }
  void set_key(std::string_view k) { keyPtr = k.data(), keyLen = static_cast<std::uint32_t>(k.size()); }
  void set_str(std::string_view s) { strPtr = s.data(), len = static_cast<std::uint32_t>(s.size()); }
  bool is_number() const { return type == Int || type == UInt || type == Float; }
  bool is_container() const { return type == Array || type == Object; }
  double number() const { return type == Int ? static_cast<double>(i) : type == UInt ? static_cast<double>(u) : d; }
};

class IDocument {
 public:
  // Parses `text`; false with `error` on invalid JSON, invalid UTF-8 or
  // nesting deeper than `maxDepth`. `text` must outlive the document.
  bool parse(std::string_view text, std::size_t maxDepth, std::string& error);

  // False until a parse() succeeds (and after a failed one).
  bool parsed() const { return !values_.empty(); }
  // The root value; only when parsed().
  const IValue& root() const { return values_.back(); }
  // How many values the document holds, and where value `i` is: the
  // validator's budget and its memo (src/schema/evaluate/evaluator.cpp) count and key by them.
  std::size_t size() const { return values_.size(); }
  const IValue* values() const { return values_.data(); }
  const IValue& child(const IValue& container, std::size_t i) const { return values_[container.first + i]; }
  // The children of an array or object; an empty range for any other value.
  const IValue* begin(const IValue& container) const {
    return container.is_container() ? values_.data() + container.first : values_.data();
  }
  const IValue* end(const IValue& container) const {
    return container.is_container() ? values_.data() + container.first + container.len : values_.data();
  }

  // The member `key` of `object`, or nullptr (also when `object` is not an
  // object). A repeated name: the last wins, as JSON.parse reads it (the
  // arguments refuse repeated names before anything reads them).
  const IValue* member(const IValue& object, std::string_view key) const;

  // Gives back memory kept from a large document (parse() reuses capacity).
  void trim(std::size_t keepValues);

  // Overwrites the strings decoded from escapes (a key value may be one) and
  // forgets the document, so that no copy of a secret stays behind.
  void wipe();

 private:
  std::vector<IValue> values_;
  std::vector<IValue> stack_;  // the parser's work stack, kept for reuse
  std::string unescaped_;  // reserved on the first escape: views into it stay valid
};

}  // namespace rc
