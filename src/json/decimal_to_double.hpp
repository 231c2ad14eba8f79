#pragma once
// A JSON number's text to the nearest double (ties to even), as a correctly
// rounding strtod does, without strtod: musl's pulls `long double` soft-float
// into the WASM build. No I/O, no allocation.
#include <string_view>

namespace rc {

// `text` must match the JSON grammar -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
// (the parser has checked it). Too large gives ±infinity, too small ±0.
double decimal_to_double(std::string_view text);

}  // namespace rc
