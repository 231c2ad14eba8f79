#pragma once
// How a module's wire declaration is written (each artifact's
// wire_declaration.cpp): JSON text of constants, enum names by number and each
// record's fields with their offsets and types, read once by common/marshal.js.
#include <cstddef>
#include <span>
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

  // A column of an enum's table by number: its names, or its messages (each
  // enum's header expands them from its .def file).
  void names(std::string_view name, std::span<const std::string_view> column) {
    key(name);
    out += '[';
    for (std::size_t i = 0; i < column.size(); ++i) {
      if (i > 0) out += ',';
      rc::append_json_string(out, column[i]);
    }
    out += ']';
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
