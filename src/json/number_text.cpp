#include "json/number_text.hpp"

#include <cmath>
#include <cstdlib>
#include <string_view>

#include "json/shortest_double.hpp"

namespace rc {

// ECMA-262 Number::toString: plain digits for decimal exponents -7 < n <= 21,
// exponent notation otherwise.
std::string number_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  if (value == 0) return "0";  // JavaScript prints -0 as "0" too

  const std::string sign = value < 0 ? "-" : "";
  const ShortestDigits shortest = shortest_digits(std::fabs(value));
  const std::string digits(shortest.digits, shortest.count);
  const int k = shortest.count;
  const int n = shortest.exponent;  // value = 0.digits x 10^n

  if (k <= n && n <= 21) return sign + digits + std::string(n - k, '0');
  if (0 < n && n <= 21) return sign + digits.substr(0, n) + "." + digits.substr(n);
  if (-6 < n && n <= 0) return sign + "0." + std::string(-n, '0') + digits;
  const int e = n - 1;
  std::string mantissa = digits.substr(0, 1);
  if (k > 1) mantissa += "." + digits.substr(1);
  return sign + mantissa + "e" + (e >= 0 ? "+" : "-") + std::to_string(std::abs(e));
}

}  // namespace rc
