#include "schema/regex/program.hpp"

namespace rc::schema::regex {

char32_t decode_utf8(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) len = 2, cp = b0 & 0x1F;
  else if ((b0 & 0xF0) == 0xE0) len = 3, cp = b0 & 0x0F;
  else if ((b0 & 0xF8) == 0xF0) len = 4, cp = b0 & 0x07;
  else {
    ++i;
    return 0xFFFD;
  }
  if (i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += len;
  return cp;
}

bool CharClass::contains(char32_t c) const {
  // ranges are sorted and disjoint: binary search
  std::size_t lo = 0, hi = ranges.size();
  bool in = false;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (c < ranges[mid].lo) hi = mid;
    else if (c > ranges[mid].hi) lo = mid + 1;
    else {
      in = true;
      break;
    }
  }
  return in != negated;
}

}  // namespace rc::schema::regex
