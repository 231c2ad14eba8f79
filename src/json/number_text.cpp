#include "json/number_text.hpp"

#include <cmath>
#include <cstdlib>
#include <string_view>

#include "json/shortest_double.hpp"

namespace rc {

// ECMA-262 Number::toString: plain digits for decimal exponents -7 < n <= 21,
// exponent notation otherwise. Appended to one string, not joined from
// temporaries: less code in the WASM build, and no allocation but the result's.
std::string number_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  if (value == 0) return "0";  // JavaScript prints -0 as "0" too

  const ShortestDigits shortest = shortest_digits(std::fabs(value));
  const std::string_view digits(shortest.digits, static_cast<std::size_t>(shortest.count));
  const int k = shortest.count;
  const int n = shortest.exponent;  // value = 0.digits x 10^n

  std::string out;
  out.reserve(32);  // the longest: "-0.00000" + 17 digits, or "-d." + 16 digits + "e-324"
  if (value < 0) out += '-';
  if (k <= n && n <= 21) {
    out.append(digits).append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits.substr(0, static_cast<std::size_t>(n))).append(1, '.').append(digits.substr(static_cast<std::size_t>(n)));
  } else if (-6 < n && n <= 0) {
    out.append("0.").append(static_cast<std::size_t>(-n), '0').append(digits);
  } else {
    const int e = n - 1;
    out += digits[0];
    if (k > 1) out.append(1, '.').append(digits.substr(1));
    out.append(e >= 0 ? "e+" : "e-");
    // |e| <= 324: three digits at most.
    const int magnitude = std::abs(e);
    if (magnitude >= 100) out += static_cast<char>('0' + magnitude / 100);
    if (magnitude >= 10) out += static_cast<char>('0' + magnitude / 10 % 10);
    out += static_cast<char>('0' + magnitude % 10);
  }
  return out;
}

}  // namespace rc
