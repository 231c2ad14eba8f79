#include "keys/http_date.hpp"

#include <array>

namespace rc::keys {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Howard Hinnant's days_from_civil: proleptic Gregorian date -> days since 1970-01-01.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& out) noexcept {
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return true;
}

unsigned days_in_month(unsigned y, unsigned m) noexcept {
  static constexpr unsigned kLen[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kLen[m - 1];
}

}  // namespace

std::optional<std::int64_t> parse_http_date(std::string_view s) noexcept {
  // Browsers hand headers over trimmed, but be lenient about surrounding blanks.
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  // "Sun, 06 Nov 1994 08:49:37 GMT": exactly 29 characters.
  if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
      s[22] != ':' || s.substr(25) != " GMT")
    return std::nullopt;
  bool dayOk = false;
  for (auto d : kDays) dayOk = dayOk || s.substr(0, 3) == d;
  unsigned month = 0;
  for (unsigned i = 0; i < 12; ++i)
    if (s.substr(8, 3) == kMonths[i]) month = i + 1;
  unsigned day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  if (!dayOk || month == 0 || !digits(s, 5, 2, day) || !digits(s, 12, 4, year) || !digits(s, 17, 2, hh) ||
      !digits(s, 20, 2, mm) || !digits(s, 23, 2, ss))
    return std::nullopt;
  // 60 admits a leap second (counted as :59 + 1 s, as POSIX time does).
  if (year < 1970 || day < 1 || day > days_in_month(year, month) || hh > 23 || mm > 59 || ss > 60)
    return std::nullopt;
  const std::int64_t days = days_from_civil(year, month, day);
  return ((days * 24 + hh) * 60 + mm) * 60000 + static_cast<std::int64_t>(ss) * 1000;
}

std::string_view format_http_date(std::int64_t epochMs, char (&out)[30]) noexcept {
  std::int64_t secs = epochMs >= 0 ? epochMs / 1000 : (epochMs - 999) / 1000;
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const auto rem = static_cast<unsigned>(secs - days * 86400);
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  const auto wd = static_cast<unsigned>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
  auto put2 = [&](std::size_t at, unsigned v) {
    out[at] = static_cast<char>('0' + v / 10);
    out[at + 1] = static_cast<char>('0' + v % 10);
  };
  for (int i = 0; i < 3; ++i) out[i] = kDays[wd][i];
  out[3] = ',';
  out[4] = ' ';
  put2(5, d);
  out[7] = ' ';
  for (int i = 0; i < 3; ++i) out[8 + i] = kMonths[m - 1][i];
  out[11] = ' ';
  const auto yy = static_cast<unsigned>(y % 10000);
  put2(12, yy / 100);
  put2(14, yy % 100);
  out[16] = ' ';
  put2(17, rem / 3600);
  out[19] = ':';
  put2(20, rem / 60 % 60);
  out[22] = ':';
  put2(23, rem % 60);
  out[25] = ' ';
  out[26] = 'G';
  out[27] = 'M';
  out[28] = 'T';
  out[29] = '\0';
  return std::string_view(out, 29);
}

}  // namespace rc::keys
