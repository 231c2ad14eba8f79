#include "url/number_text.hpp"

#include "json/parse.hpp"

#include <cmath>
#include <cstdlib>

namespace rc::url {
namespace {

// Reformats nlohmann's shortest round-trip text ("1.5e-07", "1e+16") with the
// rules of ECMA-262 Number::toString: plain digits for exponents -7 < n <= 21.
std::string javascript_float_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  if (value == 0) return "0";  // JavaScript prints -0 as "0" too

  const std::string shortest = json(value).dump();
  std::string sign;
  std::string digits;
  int pointPosition = -1;  // digits before the decimal point, as written
  int exponent = 0;
  std::size_t i = 0;
  if (shortest[i] == '-') {
    sign = "-";
    ++i;
  }
  for (; i < shortest.size(); ++i) {
    const char c = shortest[i];
    if (c == '.') {
      pointPosition = static_cast<int>(digits.size());
    } else if (c == 'e' || c == 'E') {
      exponent = std::atoi(shortest.c_str() + i + 1);
      break;
    } else {
      digits += c;
    }
  }
  if (pointPosition < 0) pointPosition = static_cast<int>(digits.size());
  // value = 0.digits * 10^n with no leading or trailing zeros in digits.
  int n = pointPosition + exponent;
  std::size_t lead = 0;
  while (lead + 1 < digits.size() && digits[lead] == '0') {
    ++lead;
    --n;
  }
  digits.erase(0, lead);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int k = static_cast<int>(digits.size());

  if (k <= n && n <= 21) return sign + digits + std::string(n - k, '0');
  if (0 < n && n <= 21) return sign + digits.substr(0, n) + "." + digits.substr(n);
  if (-6 < n && n <= 0) return sign + "0." + std::string(-n, '0') + digits;
  const int e = n - 1;
  std::string mantissa = digits.substr(0, 1);
  if (k > 1) mantissa += "." + digits.substr(1);
  return sign + mantissa + "e" + (e >= 0 ? "+" : "-") + std::to_string(std::abs(e));
}

}  // namespace

std::string number_text(double number) { return javascript_float_text(number); }

}  // namespace rc::url
