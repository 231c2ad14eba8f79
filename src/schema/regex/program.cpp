#include "schema/regex/program.hpp"

#include "json/utf8.hpp"

namespace rc::schema::regex {

char32_t decode_utf8(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  const std::size_t n = utf8_sequence_length(s, i);
  if (n == 0) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = lead & (0x7Fu >> n);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  i += n;
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
