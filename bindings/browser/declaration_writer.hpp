#pragma once
// How a module's wire declaration is written (each artifact's
// wire_declaration.cpp): JSON text of constants, enum names by number and each
// record's fields with their offsets and types, read once by common/marshal.js.
// Everything in it is known to the compiler, so the text is written at
// compile time into the data section: a module's load then runs (and V8
// compiles) no code to produce it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "wire.hpp"

namespace rc::wire {

// Writes into `data`, or only counts when `data` is null (the first pass
// sizes the array the second pass fills).
class DeclarationWriter {
 public:
  // The declaration is one object: it opens here, and declaration_text closes it.
  constexpr explicit DeclarationWriter(char* data = nullptr) : data_(data) { put('{'); }

  std::size_t size = 0;

  constexpr void open(std::string_view name) { key(name), put('{'); }
  constexpr void close() { put('}'); }
  constexpr void number(std::string_view name, std::uint64_t value) {
    key(name);
    put_number(value);
  }

  // A column of an enum's table by number: its names, or its messages (each
  // enum's header expands them from its .def file).
  constexpr void names(std::string_view name, std::span<const std::string_view> column) {
    key(name);
    put('[');
    for (std::size_t i = 0; i < column.size(); ++i) {
      if (i > 0) put(',');
      put_string(column[i]);
    }
    put(']');
  }

  // A record field: [offset, type]; type is f64, u32, i32, bool, text, an enum's name (a u32), or
  // ErrorRecord (that record, inline: read by common/marshal.js readErrorRecord).
  constexpr void field(std::string_view name, std::size_t offset, std::string_view type) {
    key(name);
    put('[');
    put_number(offset);
    put(',');
    put_string(type);
    put(']');
  }

 private:
  char* data_;
  char last_ = 0;

  constexpr void put(char c) {
    if (data_) data_[size] = c;
    ++size;
    last_ = c;
  }
  constexpr void key(std::string_view name) {
    if (last_ != '{' && last_ != '[') put(',');
    put_string(name);
    put(':');
  }
  constexpr void put_number(std::uint64_t value) {
    char digits[20] = {};
    int n = 0;
    do digits[n++] = static_cast<char>('0' + value % 10);
    while ((value /= 10) != 0);
    while (n > 0) put(digits[--n]);
  }
  // A JSON string: quote, backslash and control characters escaped; other
  // bytes (UTF-8 in the key errors' sentences) as they are.
  constexpr void put_string(std::string_view text) {
    constexpr char kHex[] = "0123456789abcdef";
    put('"');
    for (const char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') put('\\'), put(c);
      else if (byte < 0x20) put('\\'), put('u'), put('0'), put('0'), put(kHex[byte >> 4]), put(kHex[byte & 15]);
      else put(c);
    }
    put('"');
  }
};

template <std::size_t N>
struct DeclarationText {
  std::array<char, N> chars{};
  constexpr std::string_view view() const { return std::string_view(chars.data(), N); }
};

// The text `declare` writes, closed, as a constant: run once to count, once to fill.
template <void (*declare)(DeclarationWriter&)>
constexpr auto declaration_text() {
  constexpr std::size_t size = [] {
    DeclarationWriter counter;
    declare(counter);
    counter.close();
    return counter.size;
  }();
  DeclarationText<size> text;
  DeclarationWriter writer(text.chars.data());
  declare(writer);
  writer.close();
  return text;
}

}  // namespace rc::wire

#define RC_FIELD(w, Record, member, type) (w).field(#member, offsetof(Record, member), type)

namespace rc::wire {

// The Text record every module's texts cross as, declared alike by each.
constexpr void declare_text_layout(DeclarationWriter& w) {
  w.open("Text");
  RC_FIELD(w, Text, address, "u32");
  RC_FIELD(w, Text, length, "u32");
  w.close();
}

// What a module's rc_wire_declaration export answers: the text `declare`
// writes, a constant valid for the module's life.
template <void (*declare)(DeclarationWriter&)>
const Text* declaration_of() {
  static constexpr auto kDeclaration = declaration_text<declare>();
  static const Text out = text_of(kDeclaration.view());
  return &out;
}

}  // namespace rc::wire
