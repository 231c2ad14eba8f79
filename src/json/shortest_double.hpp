#pragma once
// The shortest decimal digits that read back as the same double, chosen as
// ECMA-262 Number::toString chooses them (the closest such digits; on a tie,
// the even one). Written here because Emscripten 3.1.6's libc++ has no
// floating-point std::to_chars, and printf would bring long double soft-float
// into the browser core.
#include <cstdint>

namespace rc {

// value = 0.d1 d2 ... d_count x 10^exponent, with d1 != 0 and no trailing zero.
struct ShortestDigits {
  char digits[17];  // ASCII '0'..'9'; a double never needs more than 17
  int count = 0;
  int exponent = 0;
};

// `value` must be finite and above 0 (the caller prints the sign, 0, NaN, ...).
ShortestDigits shortest_digits(double value);

}  // namespace rc
