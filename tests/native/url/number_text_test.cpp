#include <catch2/catch.hpp>

#include "url/number_text.hpp"
#include "url/percent_encoding.hpp"

using rc::url::number_text;

TEST_CASE("percent_encode keeps only RFC 3986 unreserved characters", "[url]") {
  CHECK(rc::url::percent_encode("AZaz09-._~") == "AZaz09-._~");
  CHECK(rc::url::percent_encode("a&b=c#d") == "a%26b%3Dc%23d");
  CHECK(rc::url::percent_encode("a b+c/d?e%") == "a%20b%2Bc%2Fd%3Fe%25");
  CHECK(rc::url::percent_encode("São") == "S%C3%A3o");
  CHECK(rc::url::percent_encode(std::string("\r\n\0", 3)) == "%0D%0A%00");
}

TEST_CASE("numbers print as JavaScript's String(number)", "[url]") {
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
