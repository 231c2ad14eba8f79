#pragma once
// How a module's wire declaration is written (each artifact's
// wire_declaration.cpp): JSON text of constants, enum names by number and each
// record's fields with their offsets and types, read once by common/marshal.js.
#include <cstddef>
#include <string>
#include <string_view>

#include "json/write.hpp"

namespace rc::wire {

class DeclarationWriter {
 public:
  std::string out = "{";

  void key(std::string_view name) {
    if (out.back() != '{' && out.back() != '[') out += ',';
    rc::append_json_string(out, name);
    out += ':';
  }
  void open(std::string_view name) { key(name), out += '{'; }
  void close() { out += '}'; }
  void number(std::string_view name, double value) { key(name), out += std::to_string(static_cast<long long>(value)); }

  // An enum's names by number, up to its `last` value (each header keeps it last).
  template <typename Enum, typename Name>
  void names(std::string_view name, Enum last, Name nameOf) {
    key(name);
    out += '[';
    for (int i = 0; i <= static_cast<int>(last); ++i) {
      if (i > 0) out += ',';
      rc::append_json_string(out, nameOf(static_cast<Enum>(i)));
    }
    out += ']';
  }
  template <typename Enum>
  void names(std::string_view name, Enum last) {
    names(name, last, [](Enum e) { return to_string(e); });
  }

  // A record field: [offset, type]; type is f64, u32, i32, bool, text, or an enum's name (a u32).
  void field(std::string_view name, std::size_t offset, std::string_view type) {
    key(name);
    out += '[' + std::to_string(offset) + ',';
    rc::append_json_string(out, type);
    out += ']';
  }
};

}  // namespace rc::wire

#define RC_FIELD(w, Record, member, type) (w).field(#member, offsetof(Record, member), type)
