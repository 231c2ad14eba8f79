#include "json/write.hpp"

#include <array>
#include <cstdint>

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

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Size exactly first (bodies can be a megabyte, and WASM memory never
  // shrinks), then plain stores; text with nothing to escape is one copy.
  std::size_t extra = 0;
  for (const char byte : text) extra += kExtraBytes[static_cast<unsigned char>(byte)];
  const std::size_t start = out.size();
  out.resize(start + text.size() + extra + 2);
  char* write = out.data() + start;
  *write++ = '"';
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

}  // namespace rc
