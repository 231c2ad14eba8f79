#include "url/percent_encoding.hpp"

#include <array>

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
  std::size_t run = 0;  // start of the current run of unreserved characters
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (kUnreserved[c]) continue;
    out.append(text.data() + run, i - run);
    const char escape[3] = {'%', kHex[c >> 4], kHex[c & 0x0F]};
    out.append(escape, 3);
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
}

std::string percent_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
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
  out.reserve(text.size());
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
