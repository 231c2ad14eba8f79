#include <catch2/catch.hpp>

#include "url/percent_encoding.hpp"
#include "url/query_string.hpp"

using rc::json;
using rc::url::build_query;
using rc::url::number_text;

TEST_CASE("percent_encode keeps only RFC 3986 unreserved characters", "[url]") {
  CHECK(rc::url::percent_encode("AZaz09-._~") == "AZaz09-._~");
  CHECK(rc::url::percent_encode("a&b=c#d") == "a%26b%3Dc%23d");
  CHECK(rc::url::percent_encode("a b+c/d?e%") == "a%20b%2Bc%2Fd%3Fe%25");
  CHECK(rc::url::percent_encode("São") == "S%C3%A3o");
  CHECK(rc::url::percent_encode(std::string("\r\n\0", 3)) == "%0D%0A%00");
}

TEST_CASE("flat values are sent like URLSearchParams would", "[url]") {
  json args = json::parse(R"({"city":"a&b=c#d","days":3,"metric":true,"ratio":0.5})");
  CHECK(build_query(args, {}) == "city=a%26b%3Dc%23d&days=3&metric=true&ratio=0.5");
}

TEST_CASE("null is left out, arrays of scalars repeat the key, nested values go as JSON", "[url]") {
  json args = json::parse(R"({"a":null,"tags":["x","y z"],"n":[1,null,2],"o":{"k":[1]},"m":[{"k":1}],"e":[]})");
  CHECK(build_query(args, {}) == "m=%5B%7B%22k%22%3A1%7D%5D&n=1&n=2&o=%7B%22k%22%3A%5B1%5D%7D&tags=x&tags=y%20z");
}

TEST_CASE("names placed in the path are not repeated in the query", "[url]") {
  json args = json::parse(R"({"id":"7","q":"x"})");
  CHECK(build_query(args, {"id"}) == "q=x");
}

TEST_CASE("numbers print as JavaScript's String(number)", "[url]") {
  CHECK(number_text(json::parse("1.0")) == "1");
  CHECK(number_text(json::parse("-0.0")) == "0");
  CHECK(number_text(json::parse("0.1")) == "0.1");
  CHECK(number_text(json::parse("1e21")) == "1e+21");
  CHECK(number_text(json::parse("1e20")) == "100000000000000000000");
  CHECK(number_text(json::parse("1.5e-7")) == "1.5e-7");
  CHECK(number_text(json::parse("0.000001")) == "0.000001");
  CHECK(number_text(json::parse("123.456")) == "123.456");
  CHECK(number_text(json::parse("-2.5e-10")) == "-2.5e-10");
  CHECK(number_text(json::parse("18446744073709551615")) == "18446744073709551615");
  CHECK(number_text(json::parse("-42")) == "-42");
  CHECK(number_text(json::parse("1.7976931348623157e308")) == "1.7976931348623157e+308");
}
