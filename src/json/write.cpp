#include "json/write.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#include "json/number_text.hpp"
#include "json/utf8.hpp"

namespace rc {
namespace {

// How many bytes each byte's escape adds: 1 for \" \\ \n \r \t \b \f, 5 for
// the other control characters (\u00XX), 0 for everything else.
constexpr auto kExtraBytes = [] {
  std::array<std::uint8_t, 256> table{};
  for (unsigned c = 0; c < 0x20; ++c) table[c] = 5;
  for (unsigned char c : {'"', '\\', '\n', '\r', '\t', '\b', '\f'}) table[c] = 1;
  return table;
}();

// Whether any of the eight bytes of `word` needs an escape: a control
// character, '"' or '\\'. Exact per byte (no carry crosses a byte), so a
// word it passes needs no look at its bytes.
bool needs_escape(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, low7 = 0x7F7F7F7F7F7F7F7Full, high = 0x8080808080808080ull;
  const auto zero_bytes = [](std::uint64_t x) { return ~(((x & low7) + low7) | x | low7); };
  const std::uint64_t control = ~(((word & low7) + ones * 0x60) | word) & high;  // bytes below 0x20
  return (control | zero_bytes(word ^ (ones * '"')) | zero_bytes(word ^ (ones * '\\'))) != 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Size exactly first (bodies can be a megabyte, and WASM memory never
  // shrinks), then plain stores; text with nothing to escape, nearly every
  // text, is found so eight bytes at a time and is one copy.
  std::size_t extra = 0;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (!needs_escape(word)) continue;
    for (std::size_t k = i; k < i + 8; ++k) extra += kExtraBytes[static_cast<unsigned char>(text[k])];
  }
  for (; i < text.size(); ++i) extra += kExtraBytes[static_cast<unsigned char>(text[i])];
  const std::size_t start = out.size();
  out.resize(start + text.size() + extra + 2);
  char* write = out.data() + start;
  *write++ = '"';
  if (extra == 0) {
    std::memcpy(write, text.data(), text.size());
    write[text.size()] = '"';
    return;
  }
  for (const char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
    if (c >= 0x20 && c != '"' && c != '\\') {
      *write++ = byte;
      continue;
    }
    *write++ = '\\';
    switch (c) {
      case '"': *write++ = '"'; break;
      case '\\': *write++ = '\\'; break;
      case '\n': *write++ = 'n'; break;
      case '\r': *write++ = 'r'; break;
      case '\t': *write++ = 't'; break;
      case '\b': *write++ = 'b'; break;
      case '\f': *write++ = 'f'; break;
      default:
        write[0] = 'u';
        write[1] = '0';
        write[2] = '0';
        write[3] = kHex[c >> 4];
        write[4] = kHex[c & 0xF];
        write += 5;
    }
  }
  *write = '"';
}

void append_json_string_lossy(std::string& out, std::string_view text) {
  // Almost every text is well-formed: check first, copy only when it is not.
  if (is_well_formed_utf8(text)) return append_json_string(out, text);
  std::string clean;
  clean.reserve(text.size());
  append_utf8_lossy(clean, text);
  append_json_string(out, clean);
}

void append_json_value(std::string& out, const IDocument& document, const IValue& value,
                       const text::Names& skipMembers) {
  switch (value.type) {
    case IValue::Null: out += "null"; break;
    case IValue::Bool: out += value.boolean ? "true" : "false"; break;
    case IValue::Int: out += std::to_string(value.i); break;
    case IValue::UInt: out += std::to_string(value.u); break;
    case IValue::Float: out += number_text(value.d); break;
    case IValue::String: append_json_string(out, value.str()); break;
    case IValue::Array:
    case IValue::Object: {
      const bool object = value.type == IValue::Object;
      out += object ? '{' : '[';
      bool first = true;
      for (const IValue* child = document.begin(value); child != document.end(value); ++child) {
        if (object && !skipMembers.empty() && text::contains(skipMembers, child->key())) continue;
        if (!first) out += ',';
        first = false;
        if (object) {
          append_json_string(out, child->key());
          out += ':';
        }
        append_json_value(out, document, *child);
      }
      out += object ? '}' : ']';
      break;
    }
  }
}

void ObjectWriter::name(std::string_view name) {
  if (!first_) out_ += ',';
  first_ = false;
  append_json_string(out_, name);
  out_ += ':';
}

ObjectWriter& ObjectWriter::string(std::string_view name, std::string_view value) {
  this->name(name);
  append_json_string_lossy(out_, value);
  return *this;
}

ObjectWriter& ObjectWriter::number(std::string_view name, std::int64_t value) {
  this->name(name);
  out_ += std::to_string(value);
  return *this;
}

ObjectWriter& ObjectWriter::raw(std::string_view name, std::string_view jsonText) {
  this->name(name);
  out_ += jsonText;
  return *this;
}

}  // namespace rc
