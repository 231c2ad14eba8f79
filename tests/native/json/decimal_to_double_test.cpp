#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "json/decimal_to_double.hpp"
#include "json/document.hpp"

// glibc's strtod rounds correctly; decimal_to_double must give the same bits
// for every text the JSON grammar allows.
namespace {

std::uint64_t bits_of(double d) {
  std::uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

double from_bits(std::uint64_t b) {
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

struct Agreement {
  long checked = 0;
  int failures = 0;
  bool operator()(const std::string& text) {
    ++checked;
    const double expected = std::strtod(text.c_str(), nullptr);
    const double got = rc::decimal_to_double(text);
    if (bits_of(got) == bits_of(expected)) return true;
    if (++failures <= 5)
      FAIL_CHECK(text.substr(0, 200) << (text.size() > 200 ? "..." : "") << ": " << std::hexfloat << got
                                      << " instead of " << expected);
    return false;
  }
};

// %.17g and %e print "1e+25", "1.5e-07", "-0": all JSON numbers.
std::string printed(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

std::string shortest(double value) {
  char buffer[64];
  return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

// The point halfway between a double and the next one up (an x86 long double
// holds it: 64 bits of mantissa) and a long-double step either side, printed
// with `digits` significant digits: 800 print them exactly, 40 land within
// 10^-40 of the halfway point.
void halfway_cases(double value, int digits, Agreement& agree) {
  if (!(value >= 0) || std::isinf(value)) return;
  const long double mid = (static_cast<long double>(value) + std::nextafter(value, INFINITY)) / 2;
  char buffer[1200];
  for (long double x : {mid, std::nextafter(mid, 0.0L), std::nextafter(mid, static_cast<long double>(INFINITY))}) {
    std::snprintf(buffer, sizeof buffer, "%.*Le", digits - 1, x);
    agree(buffer);
  }
}

// A random JSON number of 1-40 digits: an integer part, maybe a fraction, maybe
// an exponent, often near the edges of the double range.
std::string random_number(std::mt19937_64& random) {
  std::string text;
  if (random() % 2) text += '-';
  const int digits = 1 + static_cast<int>(random() % 40);
  const int point = static_cast<int>(random() % (digits + 1));  // digits before the '.'
  std::string body;
  for (int k = 0; k < digits; ++k) body += static_cast<char>('0' + random() % 10);
  if (point == 0 || body[0] == '0') {
    text += "0." + body;
  } else {
    text += body.substr(0, static_cast<std::size_t>(point));
    if (point < digits) text += "." + body.substr(static_cast<std::size_t>(point));
  }
  const int kind = static_cast<int>(random() % 4);
  if (kind == 0) return text;
  const int exponent = kind == 1   ? static_cast<int>(random() % 50) - 25
                       : kind == 2 ? static_cast<int>(random() % 700) - 350
                                   : (random() % 2 ? 308 : -324) + static_cast<int>(random() % 40) - 20;
  text += random() % 2 ? 'e' : 'E';
  if (exponent >= 0 && random() % 2) text += '+';
  return text + std::to_string(exponent);
}

}  // namespace

TEST_CASE("decimal_to_double: the known hard cases round as strtod does", "[json]") {
  Agreement agree;
  for (const char* text :
       {"0", "-0", "0.0", "-0.0", "0e0", "-0e-5", "0.000e999999999999", "1", "-1", "0.1", "0.2", "0.3", "1.5", "123.456",
        "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308", "2.225073858507201e-308",
        "9007199254740993", "9007199254740992.5", "9007199254740993.0000000000000000000000001", "9007199254740995",
        "7.038531e-26", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
        "-1.7976931348623159e308", "1.797693134862315708145274237317043567981e308",
        "1.797693134862315708145274237317043567980e308", "1.797693134862315708145274237317043567982e308",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286"
        "416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571"
        "366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
        "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.47032822920623272e-324",
        "-2.4703282292062327e-324", "5e-324", "3e-324", "1e-324", "7e-324", "1e-400", "-1e-400", "1e400", "-1e400",
        "1e308", "1e309", "1e-307", "1e-308", "1e-309", "1e-320", "1e22", "1e23", "8.98846567431158e307",
        "123456789012345678901234567890", "0.1e1", "100000000000000000000000000000000000000000000e-30",
        "1e99999999999999999999", "1e-99999999999999999999", "4.35", "2.5", "0.5", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124", "1.00000000000000011102230246251565404236316680908203126",
        "0.500000000000000166533453693773481063544750213623046875", "3.518437208883201171875e13",
        "62.5364939768271845828", "8.10109172351e-10", "1.18575755e-316", "6.631236846766476e-316",
        "3.9e-322", "4.9e-324", "45035996.273704985", "9214843084008499", "30078505129381147446200",
        "1777820000000000000001", "0.000000000000000000000000000000000000000000000000000000000000000000000000001"})
    agree(text);
  CHECK(agree.failures == 0);
}

TEST_CASE("decimal_to_double: huge exponents, long mantissas and long runs of zeros", "[json]") {
  Agreement agree;
  std::string digits1000 = "1.";
  std::mt19937_64 random(2026);
  for (int k = 0; k < 1000; ++k) digits1000 += static_cast<char>('0' + random() % 10);
  for (const char* exponent : {"", "e-320", "e-300", "e-1", "e300", "e308", "e-330", "e-1000"})
    agree(digits1000 + exponent);
  for (int zeros : {300, 320, 322, 323, 324, 325, 400, 1000, 5000}) {
    agree("0." + std::string(static_cast<std::size_t>(zeros), '0') + "1");
    agree("0." + std::string(static_cast<std::size_t>(zeros), '0') + "24703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125"
          + std::string(static_cast<std::size_t>(zeros), '0') + "1e" + std::to_string(zeros + 1));
    agree("1" + std::string(static_cast<std::size_t>(zeros), '0') + "e-" + std::to_string(zeros));
    agree("1" + std::string(static_cast<std::size_t>(zeros), '0') + "e-" + std::to_string(zeros + 300));
    agree("0." + std::string(static_cast<std::size_t>(zeros), '0') + "17976931348623157e" + std::to_string(zeros + 309));
    agree("9007199254740993" + std::string(static_cast<std::size_t>(zeros), '0') + "e-" + std::to_string(zeros));
    agree("9007199254740993." + std::string(static_cast<std::size_t>(zeros), '0') + "1");
    agree("9007199254740993." + std::string(static_cast<std::size_t>(zeros), '0'));
  }
  // The tie just above the largest double, with 1000 digits after it.
  agree("17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633028"
        "6416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855"
        "5713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977920" +
        std::string(1000, '0'));
  agree("17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633028"
        "6416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855"
        "5713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977919." +
        std::string(1000, '9'));
  for (int e = -345; e <= 310; ++e) {
    agree("1e" + std::to_string(e));
    agree("5e" + std::to_string(e));
    agree("9999999999999999999e" + std::to_string(e));
    agree("10000000000000000001e" + std::to_string(e));
  }
  CHECK(agree.failures == 0);
}

// About a million numbers: 3.3 s of CPU in the Debug build.
TEST_CASE("decimal_to_double agrees with strtod on a million numbers", "[json]") {
  Agreement agree;
  std::mt19937_64 random(20261206);
  for (int i = 0; i < 200'000 && agree.failures < 5; ++i) {
    const double value = from_bits(random());
    if (!std::isfinite(value)) continue;
    agree(printed("%.17g", value));
    agree(shortest(value));
  }
  for (int i = 0; i < 400'000 && agree.failures < 5; ++i) agree(random_number(random));
  for (int i = 0; i < 40'000 && agree.failures < 5; ++i) {
    // Halfway cases everywhere, and among the subnormals and the smallest normals.
    const int digits = i % 20 == 0 ? 800 : 40;
    halfway_cases(std::fabs(from_bits(random())), digits, agree);
    halfway_cases(from_bits(random() % (std::uint64_t{1} << 54)), digits, agree);
  }
  for (int e = -1074; e <= 1023 && agree.failures < 5; ++e) {
    halfway_cases(std::ldexp(1.0, e), 800, agree);
    agree(shortest(std::ldexp(1.0, e)));
    agree(printed("%.17g", std::ldexp(1.0, e)));
  }
  for (int e = -325; e <= 308; ++e) agree(printed("%.30e", std::pow(10.0, e)));
  CHECK(agree.checked >= 1'000'000);
  CHECK(agree.failures == 0);
}

TEST_CASE("IDocument: numbers too large are refused, too small read as zero, signs kept", "[json][hostile]") {
  const auto parsed = [](const char* text, double& out) {
    rc::IDocument document;
    std::string error;
    if (!document.parse(text, 8, error)) return error;
    out = document.root().number();
    return std::string("ok");
  };
  double d = 1;
  CHECK(parsed("1e400", d) == "invalid JSON at offset 5: number out of range");
  CHECK(parsed("-1.8e308", d).find("number out of range") != std::string::npos);
  REQUIRE(parsed("1e-400", d) == "ok");
  CHECK(bits_of(d) == bits_of(0.0));
  REQUIRE(parsed("-1e-400", d) == "ok");
  CHECK(bits_of(d) == bits_of(-0.0));
  REQUIRE(parsed("-0.0", d) == "ok");
  CHECK(bits_of(d) == bits_of(-0.0));
  REQUIRE(parsed("1.7976931348623158e308", d) == "ok");
  CHECK(d == 1.7976931348623157e308);
  REQUIRE(parsed("123456789012345678901234567890", d) == "ok");
  CHECK(d == 123456789012345678901234567890.0);
  REQUIRE(parsed("2.2250738585072011e-308", d) == "ok");
  CHECK(bits_of(d) == bits_of(std::strtod("2.2250738585072011e-308", nullptr)));
}
