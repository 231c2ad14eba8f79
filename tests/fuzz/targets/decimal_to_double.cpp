// A JSON number's text: decimal_to_double gives the bits glibc's strtod
// (correctly rounded) gives. Inputs outside the JSON number grammar are skipped.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "json/decimal_to_double.hpp"

namespace {

bool is_json_number(const std::string& s) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') ++i;
  else if (i >= s.size() || s[i] < '1' || s[i] > '9' || !digits()) return false;
  if (i < s.size() && s[i] == '.' && (++i, !digits())) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (!is_json_number(text)) return 0;
  const double expected = std::strtod(text.c_str(), nullptr), got = rc::decimal_to_double(text);
  if (std::memcmp(&expected, &got, sizeof got) != 0) __builtin_trap();
  return 0;
}
