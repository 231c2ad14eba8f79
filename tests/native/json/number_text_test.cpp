#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>

#include "json/number_text.hpp"
#include "json/shortest_double.hpp"

using rc::number_text;

TEST_CASE("numbers print as JavaScript's String(number)", "[json]") {
  CHECK(number_text(1.0) == "1");
  CHECK(number_text(-0.0) == "0");
  CHECK(number_text(0.1) == "0.1");
  CHECK(number_text(1e21) == "1e+21");
  CHECK(number_text(1e20) == "100000000000000000000");
  CHECK(number_text(1.5e-7) == "1.5e-7");
  CHECK(number_text(0.000001) == "0.000001");
  CHECK(number_text(123.456) == "123.456");
  CHECK(number_text(-2.5e-10) == "-2.5e-10");
  CHECK(number_text(18446744073709551616.0) == "18446744073709552000");
  CHECK(number_text(-42.0) == "-42");
  CHECK(number_text(1.7976931348623157e308) == "1.7976931348623157e+308");
}

// libstdc++'s std::to_chars(double) prints the shortest round-trip digits
// (Ryu); shortest_digits must find the same ones. WASM's libc++ has no such
// function, which is why ours exists.
static std::string reference_digits(double value, int& exponent) {
  char buffer[64];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific).ptr;
  const std::string text(buffer, end);  // "d.ddde+XX"
  const auto e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e))
    if (c != '.') digits += c;
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  exponent = std::stoi(text.substr(e + 1)) + 1;
  return digits;
}

TEST_CASE("shortest_digits agrees with std::to_chars on a million doubles", "[json]") {
  std::mt19937_64 random(20261203);
  const auto check = [](double value) {
    if (!std::isfinite(value) || value <= 0) return true;
    int exponent = 0;
    const std::string expected = reference_digits(value, exponent);
    const rc::ShortestDigits got = rc::shortest_digits(value);
    if (std::string(got.digits, got.count) == expected && got.exponent == exponent) return true;
    FAIL_CHECK("bits " << std::hexfloat << value << ": " << std::string(got.digits, got.count) << "e" << got.exponent
                       << " instead of " << expected << "e" << exponent);
    return false;
  };
  int failures = 0;
  for (int i = 0; i < 1'000'000 && failures < 5; ++i) {
    std::uint64_t bits = random() & ~(std::uint64_t{1} << 63);
    double value;
    std::memcpy(&value, &bits, sizeof value);
    failures += !check(value);
  }
  // Edges: the smallest and largest doubles, powers of two and of ten, and
  // integers and short decimals as tool arguments hold them.
  for (double v : {5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308, 1.0, 0.1, 0.3,
                   1e21, 1e22, 1e23, 9007199254740993.0, 123456789012345680000.0, 4.35, 2.5, 0.5})
    failures += !check(v);
  for (int e = -1074; e <= 1023; ++e) failures += !check(std::ldexp(1.0, e));
  for (int i = 1; i <= 100000; ++i) failures += !check(i / 1000.0) + !check(i * 1.1);
  CHECK(failures == 0);
}
