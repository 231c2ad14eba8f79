#include "url/percent_encoding.hpp"

#include <array>
#include <cstdint>

namespace rc::url {
namespace {

// 1 for the unreserved characters, which pass unchanged.
constexpr auto kUnreserved = [] {
  std::array<bool, 256> table{};
  for (unsigned c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (unsigned c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (unsigned c = '0'; c <= '9'; ++c) table[c] = true;
  for (unsigned char c : {'-', '.', '_', '~'}) table[c] = true;
  return table;
}();

}  // namespace

void append_percent_encoded(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  // Size exactly first (a 1 MB value must not reserve 3 MB of WASM memory,
  // which never shrinks), then plain stores: on the tool-call path this runs
  // over every byte of the query.
  std::size_t escaped = 0;
  for (const char byte : text) escaped += !kUnreserved[static_cast<unsigned char>(byte)];
  const std::size_t start = out.size();
  if (escaped == 0) {
    out.append(text);
    return;
  }
  out.resize(start + text.size() + 2 * escaped);
  char* write = out.data() + start;
  for (const char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
    if (kUnreserved[c]) {
      *write++ = byte;
    } else {
      write[0] = '%';
      write[1] = kHex[c >> 4];
      write[2] = kHex[c & 0x0F];
      write += 3;
    }
  }
}

std::string percent_encode(std::string_view text) {
  std::string out;
  append_percent_encoded(out, text);
  return out;
}

bool percent_decode(std::string_view text, bool plusIsSpace, std::string& out) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out.clear();
  if (out.capacity() < text.size()) out.reserve(text.size());  // a smaller reserve() shrinks in 3.1.6's libc++
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int high = i + 1 < text.size() ? hex(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hex(text[i + 2]) : -1;
      if (high < 0 || low < 0) return false;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plusIsSpace) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

}  // namespace rc::url
