#include "schema/formats/formats.hpp"

#include <cstdint>
#include <string>

// Format checks (cheap next to parsing): optimised for size in the WASM build (clang); the hot
// validation path keeps -O3.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)
#endif

namespace rc::schema {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool hexdigit(char c) { return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!digit(s[i])) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool date(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= days[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

// RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM); a leap second is
// valid only at 23:59:60 UTC.
bool time(std::string_view s) {
  int h, m, sec;
  if (s.size() < 9 || s[2] != ':' || s[5] != ':') return false;
  if (!digits(s, 0, 2, h) || !digits(s, 3, 2, m) || !digits(s, 6, 2, sec)) return false;
  std::size_t i = 8;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t start = i;
    while (i < s.size() && digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i >= s.size()) return false;
  int offset = 0;
  if (s[i] == 'Z' || s[i] == 'z') {
    ++i;
  } else if (s[i] == '+' || s[i] == '-') {
    int oh, om;
    if (i + 6 != s.size() || s[i + 3] != ':' || !digits(s, i + 1, 2, oh) || !digits(s, i + 4, 2, om)) return false;
    if (oh > 23 || om > 59) return false;
    offset = (oh * 60 + om) * (s[i] == '+' ? 1 : -1);
    i += 6;
  } else {
    return false;
  }
  if (i != s.size() || h > 23 || m > 59 || sec > 60) return false;
  if (sec == 60) {
    const int utc = ((h * 60 + m - offset) % 1440 + 1440) % 1440;
    if (utc != 23 * 60 + 59) return false;
  }
  return true;
}

bool date_time(std::string_view s) {
  if (s.size() < 20 || (s[10] != 'T' && s[10] != 't')) return false;
  return date(s.substr(0, 10)) && time(s.substr(11));
}

// RFC 3339 appendix A: P[nY][nM][nD][T[nH][nM][nS]] or PnW.
bool duration(std::string_view s) {
  if (s.size() < 2 || s[0] != 'P') return false;
  std::size_t i = 1;
  auto number = [&]() {
    const std::size_t start = i;
    while (i < s.size() && digit(s[i])) ++i;
    return i > start;
  };
  // Week form.
  {
    std::size_t j = i;
    while (j < s.size() && digit(s[j])) ++j;
    if (j > i && j + 1 == s.size() && s[j] == 'W') return true;
  }
  const char dateUnits[] = {'Y', 'M', 'D'};
  const char timeUnits[] = {'H', 'M', 'S'};
  int next = 0;
  bool any = false;
  while (i < s.size() && s[i] != 'T') {
    if (!number() || i >= s.size()) return false;
    // Units are contiguous: Y[M[D]], M[D], D (no "P1Y2D").
    int k = next;
    while (k < 3 && dateUnits[k] != s[i]) ++k;
    if (k == 3 || (any && k != next)) return false;
    next = k + 1;
    ++i;
    any = true;
  }
  if (i < s.size()) {  // 'T'
    ++i;
    next = 0;
    bool anyTime = false;
    while (i < s.size()) {
      if (!number() || i >= s.size()) return false;
      int k = next;
      while (k < 3 && timeUnits[k] != s[i]) ++k;
      if (k == 3 || (anyTime && k != next)) return false;
      next = k + 1;
      ++i;
      anyTime = true;
    }
    if (!anyTime) return false;
    any = true;
  }
  return any;
}

bool ipv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    int v = 0;
    while (i < s.size() && digit(s[i]) && i - start < 4) v = v * 10 + (s[i++] - '0');
    const std::size_t len = i - start;
    if (len == 0 || len > 3 || v > 255 || (len > 1 && s[start] == '0')) return false;
    ++parts;
    if (i == s.size()) break;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
  return parts == 4;
}

bool ipv6(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  int groups = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (s.substr(0, 2) == "::") {
    compressed = true;
    i = 2;
    if (i == s.size()) return true;
  } else if (s[0] == ':') {
    return false;
  }
  while (i < s.size()) {
    // An embedded IPv4 address ends the string.
    std::size_t j = i;
    while (j < s.size() && hexdigit(s[j])) ++j;
    if (j < s.size() && s[j] == '.') {
      if (!ipv4(s.substr(i))) return false;
      groups += 2;
      i = s.size();
      break;
    }
    const std::size_t len = j - i;
    if (len == 0 || len > 4) return false;
    ++groups;
    i = j;
    if (i == s.size()) break;
    if (s[i] != ':') return false;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (compressed) return false;
      compressed = true;
      ++i;
      if (i == s.size()) break;
    } else if (i == s.size()) {
      return false;  // trailing single colon
    }
  }
  return compressed ? groups < 8 : groups == 8;
}

bool hostname(std::string_view s);

bool uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!hexdigit(s[i])) {
      return false;
    }
  }
  return true;
}

bool email(std::string_view s) {
  const auto at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  const std::string_view local = s.substr(0, at);
  const std::string_view domain = s.substr(at + 1);
  if (local.size() > 64) return false;
  if (local.front() == '"') {
    if (local.size() < 2 || local.back() != '"') return false;
    for (std::size_t i = 1; i + 1 < local.size(); ++i) {
      const auto c = static_cast<unsigned char>(local[i]);
      if (c == '\\') {
        if (++i + 1 >= local.size()) return false;
      } else if (c == '"' || c < 0x20 || c >= 0x7F) {
        return false;
      }
    }
  } else {
    static const std::string_view specials = "!#$%&'*+-/=?^_`{|}~";
    if (local.front() == '.' || local.back() == '.') return false;
    for (std::size_t i = 0; i < local.size(); ++i) {
      const char c = local[i];
      if (c == '.') {
        if (local[i - 1] == '.') return false;
      } else if (!alpha(c) && !digit(c) && specials.find(c) == std::string_view::npos) {
        return false;
      }
    }
  }
  if (domain.front() == '[') {
    if (domain.back() != ']') return false;
    const std::string_view lit = domain.substr(1, domain.size() - 2);
    if (lit.substr(0, 5) == "IPv6:") return ipv6(lit.substr(5));
    return ipv4(lit);
  }
  return hostname(domain);
}

// --- hostnames, with A-label (punycode) checks ------------------------------

bool punycode_decode(std::string_view in, std::u32string& out) {
  constexpr std::uint32_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700;
  std::uint32_t n = 128, i = 0, bias = 72;
  const auto delim = in.rfind('-');
  if (delim != std::string_view::npos) {
    for (std::size_t k = 0; k < delim; ++k) {
      if (static_cast<unsigned char>(in[k]) >= 0x80) return false;
      out += static_cast<char32_t>(in[k]);
    }
  }
  std::size_t pos = delim == std::string_view::npos ? 0 : delim + 1;
  if (pos >= in.size() && delim != std::string_view::npos && delim + 1 == in.size() && out.empty()) return false;
  while (pos < in.size()) {
    const std::uint32_t oldi = i;
    std::uint32_t w = 1;
    for (std::uint32_t k = base;; k += base) {
      if (pos >= in.size()) return false;
      const char c = in[pos++];
      std::uint32_t digitv;
      if (c >= '0' && c <= '9') digitv = static_cast<std::uint32_t>(c - '0' + 26);
      else if (c >= 'a' && c <= 'z') digitv = static_cast<std::uint32_t>(c - 'a');
      else if (c >= 'A' && c <= 'Z') digitv = static_cast<std::uint32_t>(c - 'A');
      else return false;
      if (digitv > (0x7FFFFFFFu - i) / w) return false;
      i += digitv * w;
      const std::uint32_t t = k <= bias ? tmin : (k >= bias + tmax ? tmax : k - bias);
      if (digitv < t) break;
      if (w > 0x7FFFFFFFu / (base - t)) return false;
      w *= base - t;
    }
    const std::uint32_t len = static_cast<std::uint32_t>(out.size()) + 1;
    std::uint32_t delta = oldi == 0 ? (i - oldi) / damp : (i - oldi) / 2;
    delta += delta / len;
    std::uint32_t k = 0;
    while (delta > ((base - tmin) * tmax) / 2) {
      delta /= base - tmin;
      k += base;
    }
    bias = k + (base - tmin + 1) * delta / (delta + skew);
    if (i / len > 0x10FFFF - n) return false;
    n += i / len;
    i %= len;
    if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) return false;
    out.insert(out.begin() + i, static_cast<char32_t>(n));
    ++i;
  }
  return true;
}

bool in(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

bool combining_mark(char32_t c) {
  // The common combining-mark blocks (Mn/Mc/Me), enough to refuse a label
  // that starts with one.
  return in(c, 0x0300, 0x036F) || in(c, 0x0483, 0x0489) || in(c, 0x0591, 0x05BD) || in(c, 0x0610, 0x061A) ||
         in(c, 0x064B, 0x065F) || in(c, 0x0900, 0x0903) || in(c, 0x093A, 0x094F) || in(c, 0x0951, 0x0957) ||
         in(c, 0x0962, 0x0963) || in(c, 0x0981, 0x0983) || in(c, 0x09BC, 0x09D7) || in(c, 0x1AB0, 0x1AFF) ||
         in(c, 0x1DC0, 0x1DFF) || in(c, 0x20D0, 0x20FF) || in(c, 0xFE20, 0xFE2F);
}

bool virama(char32_t c) {
  static const char32_t v[] = {0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0C4D, 0x0CCD, 0x0D3B, 0x0D3C,
                               0x0D4D, 0x0DCA, 0x0E3A, 0x0EBA, 0x0F84, 0x1039, 0x103A, 0x1714, 0x1734, 0x17D2,
                               0x1A60, 0x1B44, 0x1BAA, 0x1BAB, 0x1BF2, 0x1BF3, 0x2D7F, 0xA806, 0xA8C4, 0xA953,
                               0xA9C0, 0xAAF6, 0xABED};
  for (char32_t x : v)
    if (x == c) return true;
  return false;
}

bool greek(char32_t c) { return in(c, 0x0370, 0x03FF) || in(c, 0x1F00, 0x1FFF); }
bool hebrew(char32_t c) { return in(c, 0x0590, 0x05FF); }
bool kana_han(char32_t c) {
  return (in(c, 0x3040, 0x30FF) && c != 0x30FB) || in(c, 0x3400, 0x4DBF) || in(c, 0x4E00, 0x9FFF) ||
         in(c, 0x31F0, 0x31FF) || in(c, 0x20000, 0x2FFFF);
}

// RFC 5892 rules that can be checked without the full Unicode tables.
bool valid_u_label(const std::u32string& u) {
  if (u.empty()) return false;
  if (combining_mark(u[0])) return false;
  if (u.front() == '-' || u.back() == '-' || (u.size() >= 4 && u[2] == '-' && u[3] == '-')) return false;
  bool arabicIndic = false, extArabicIndic = false;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const char32_t c = u[i];
    // RFC 5892 2.6 exceptions that are DISALLOWED, and a few DISALLOWED blocks.
    if (c == 0x0640 || c == 0x07FA || c == 0x302E || c == 0x302F || in(c, 0x3031, 0x3035) || c == 0x303B) return false;
    if (c < 0x80 && !(alpha(static_cast<char>(c)) || digit(static_cast<char>(c)) || c == '-')) return false;
    if (in(c, 'A', 'Z')) return false;
    switch (c) {
      case 0x00B7:  // MIDDLE DOT between two 'l'
        if (i == 0 || i + 1 >= u.size() || u[i - 1] != 'l' || u[i + 1] != 'l') return false;
        break;
      case 0x0375:  // GREEK KERAIA before Greek
        if (i + 1 >= u.size() || !greek(u[i + 1])) return false;
        break;
      case 0x05F3:
      case 0x05F4:  // GERESH / GERSHAYIM after Hebrew
        if (i == 0 || !hebrew(u[i - 1])) return false;
        break;
      case 0x200D:  // ZERO WIDTH JOINER after a virama
        if (i == 0 || !virama(u[i - 1])) return false;
        break;
      case 0x30FB: {  // KATAKANA MIDDLE DOT with Hiragana, Katakana or Han
        bool ok = false;
        for (char32_t x : u) ok = ok || kana_han(x);
        if (!ok) return false;
        break;
      }
      default: break;
    }
    if (in(c, 0x0660, 0x0669)) arabicIndic = true;
    if (in(c, 0x06F0, 0x06F9)) extArabicIndic = true;
  }
  return !(arabicIndic && extArabicIndic);
}

bool label(std::string_view l) {
  if (l.empty() || l.size() > 63) return false;
  if (l.front() == '-' || l.back() == '-') return false;
  for (char c : l)
    if (!alpha(c) && !digit(c) && c != '-') return false;
  if (l.size() >= 4 && l[2] == '-' && l[3] == '-') {
    const bool xn = (l[0] == 'x' || l[0] == 'X') && (l[1] == 'n' || l[1] == 'N');
    if (!xn) return false;
    std::u32string u;
    if (!punycode_decode(l.substr(4), u)) return false;
    return valid_u_label(u);
  }
  return true;
}

bool hostname(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const auto dot = s.find('.', start);
    if (!label(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

}  // namespace

FormatKind format_kind(std::string_view name) {
  if (name == "date-time") return FormatKind::DateTime;
  if (name == "time") return FormatKind::Time;
  if (name == "date") return FormatKind::Date;
  if (name == "duration") return FormatKind::Duration;
  if (name == "email") return FormatKind::Email;
  if (name == "hostname") return FormatKind::Hostname;
  if (name == "ipv4") return FormatKind::Ipv4;
  if (name == "ipv6") return FormatKind::Ipv6;
  if (name == "uuid") return FormatKind::Uuid;
  return FormatKind::Unknown;
}

std::string format_name(FormatKind kind) {
  switch (kind) {
    case FormatKind::DateTime: return "date-time";
    case FormatKind::Time: return "time";
    case FormatKind::Date: return "date";
    case FormatKind::Duration: return "duration";
    case FormatKind::Email: return "email";
    case FormatKind::Hostname: return "hostname";
    case FormatKind::Ipv4: return "ipv4";
    case FormatKind::Ipv6: return "ipv6";
    case FormatKind::Uuid: return "uuid";
    default: return "value";
  }
}

bool check_format(FormatKind kind, std::string_view s) {
  switch (kind) {
    case FormatKind::DateTime: return date_time(s);
    case FormatKind::Time: return time(s);
    case FormatKind::Date: return date(s);
    case FormatKind::Duration: return duration(s);
    case FormatKind::Email: return email(s);
    case FormatKind::Hostname: return hostname(s);
    case FormatKind::Ipv4: return ipv4(s);
    case FormatKind::Ipv6: return ipv6(s);
    case FormatKind::Uuid: return uuid(s);
    default: return true;
  }
}

}  // namespace rc::schema

#if defined(__clang__)
#pragma clang attribute pop
#endif
