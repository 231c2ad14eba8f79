#include "json/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace rc {

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = at(i);
  if (lead < 0x80) return 1;
  const std::size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (n == 0 || lead > 0xF4 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  const unsigned char second = at(i + 1);
  if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||  // overlong, surrogate
      (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F))    // overlong, above U+10FFFF
    return 0;
  return n;
}

bool is_well_formed_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    std::uint64_t word;
    if (i + 8 <= bytes.size() && (std::memcpy(&word, bytes.data() + i, 8), (word & 0x8080808080808080ull) == 0)) {
      i += 8;  // eight ASCII bytes: the common case
      continue;
    }
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(bytes, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::size_t settle_utf8_tail(std::string& text, std::size_t from) {
  std::size_t units = 0;
  for (std::size_t i = from; i < text.size();) {
    std::uint64_t word;
    if (i + 8 <= text.size() && (std::memcpy(&word, text.data() + i, 8), (word & 0x8080808080808080ull) == 0)) {
      units += 8, i += 8;  // eight ASCII bytes: the common case
      continue;
    }
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++units, ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) {  // rare: rewrite the rest lossily
      const std::string rest = text.substr(i);
      text.resize(i);
      return units + append_utf8_lossy(text, rest);
    }
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return units;
}

std::size_t append_utf8_lossy(std::string& out, std::string_view text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // an ASCII run, copied whole
      std::size_t j = i + 1;
      while (j < text.size() && static_cast<unsigned char>(text[j]) < 0x80) ++j;
      out.append(text, i, j - i);
      units += j - i;
      i = j;
      continue;
    }
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++units;
      ++i;
    } else {
      out.append(text, i, n);
      units += n == 4 ? 2 : 1;  // past U+FFFF: a surrogate pair
      i += n;
    }
  }
  return units;
}

}  // namespace rc
