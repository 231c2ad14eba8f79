#include <catch2/catch.hpp>

#include "url/percent_encoding.hpp"

TEST_CASE("percent_encode keeps only RFC 3986 unreserved characters", "[url]") {
  CHECK(rc::url::percent_encode("AZaz09-._~") == "AZaz09-._~");
  CHECK(rc::url::percent_encode("a&b=c#d") == "a%26b%3Dc%23d");
  CHECK(rc::url::percent_encode("a b+c/d?e%") == "a%20b%2Bc%2Fd%3Fe%25");
  CHECK(rc::url::percent_encode("São") == "S%C3%A3o");
  CHECK(rc::url::percent_encode(std::string("\r\n\0", 3)) == "%0D%0A%00");
}
