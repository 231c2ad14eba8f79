#pragma once
// A read-only JSON document parsed straight from the arguments text for
// validation: one flat array of values, strings as views into the text
// (or into one side buffer when they hold escapes), no per-key allocation.
// It is what makes validate_text several times cheaper than building an
// nlohmann::json first.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rc::schema {

struct IValue {
  enum Type : std::uint8_t { Null, Bool, Int, UInt, Float, String, Array, Object };
  Type type = Null;
  bool boolean = false;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double d = 0;
  std::string_view str;  // String
  std::string_view key;  // the member name when this value sits in an object
  std::uint32_t first = 0, count = 0;  // Array/Object: children are values[first, first + count)
};

class IDocument {
 public:
  // Parses `text`; false with `error` on invalid JSON, invalid UTF-8 or
  // nesting deeper than `maxDepth`. `text` must outlive the document.
  bool parse(std::string_view text, std::size_t maxDepth, std::string& error);

  const IValue& root() const { return values_.back(); }
  const IValue& child(const IValue& container, std::size_t i) const { return values_[container.first + i]; }
  const IValue* begin(const IValue& container) const { return values_.data() + container.first; }
  const IValue* end(const IValue& container) const { return values_.data() + container.first + container.count; }

 // Gives back memory kept from a large document (parse() reuses capacity).
  void trim(std::size_t keepValues);

 private:
  std::vector<IValue> values_;
  std::vector<IValue> stack_;  // the parser's work stack, kept for reuse
  std::string unescaped_;  // reserved up front: views into it stay valid
};

}  // namespace rc::schema
