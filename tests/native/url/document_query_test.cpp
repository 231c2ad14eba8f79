#include <catch2/catch.hpp>

#include "url/document_query.hpp"

namespace {
std::string query_of(const char* text, rc::text::Names skip = {}) {
  rc::IDocument document;
  std::string error;
  REQUIRE(document.parse(text, 128, error));
  // The query as append_query adds it to a URL, without the "?".
  const std::string base = "http://127.0.0.1/p";
  std::string url = base;
  rc::url::append_query(url, document, document.root(), skip);
  if (url == base) return "";
  REQUIRE(url.substr(0, base.size() + 1) == base + "?");
  return url.substr(base.size() + 1);
}
}  // namespace

TEST_CASE("the query from a parsed document keeps the model's order", "[url]") {
  CHECK(query_of(R"({"z":"a&b=c#d","a":3,"m":true,"f":0.5,"n":null,"id":"x"})", {"id"}) ==
        "z=a%26b%3Dc%23d&a=3&m=true&f=0.5");
  CHECK(query_of(R"({"tags":["x","y z",1,null,false]})") == "tags=x&tags=y%20z&tags=1&tags=false");
  CHECK(query_of(R"({"big":1e21,"small":1.5e-7,"one":1.0,"u":18446744073709551615})") ==
        "big=1e%2B21&small=1.5e-7&one=1&u=18446744073709551615");
}

TEST_CASE("nested values go as their JSON text, as JSON.stringify writes it", "[url]") {
  // {"o":{"b":"q\"\\\n\u0001","a":[1,{"k":null}]}} -> o={"b":"q\"\\\n\u0001","a":[1,{"k":null}]}
  CHECK(query_of(R"({"o":{"b":"q\"\\\n\u0001","a":[1,{"k":null}]}})") ==
        "o=%7B%22b%22%3A%22q%5C%22%5C%5C%5Cn%5Cu0001%22%2C%22a%22%3A%5B1%2C%7B%22k%22%3Anull%7D%5D%7D");
  CHECK(query_of(R"({"m":[{"k":1}],"e":[]})") == "m=%5B%7B%22k%22%3A1%7D%5D");
}

TEST_CASE("flat values are sent like URLSearchParams would", "[url]") {
  CHECK(query_of(R"({"city":"a&b=c#d","days":3,"metric":true,"ratio":0.5})") ==
        "city=a%26b%3Dc%23d&days=3&metric=true&ratio=0.5");
}

TEST_CASE("null is left out, arrays of scalars repeat the key, nested values go as JSON", "[url]") {
  CHECK(query_of(R"({"a":null,"tags":["x","y z"],"n":[1,null,2],"o":{"k":[1]},"m":[{"k":1}],"e":[]})") ==
        "tags=x&tags=y%20z&n=1&n=2&o=%7B%22k%22%3A%5B1%5D%7D&m=%5B%7B%22k%22%3A1%7D%5D");
}

TEST_CASE("names placed in the path are not repeated in the query", "[url]") {
  CHECK(query_of(R"({"id":"7","q":"x"})", {"id"}) == "q=x");
}

TEST_CASE("integers print exactly, whatever their size", "[url]") {
  CHECK(query_of(R"({"a":-42,"b":18446744073709551615,"c":9223372036854775807})") ==
        "a=-42&b=18446744073709551615&c=9223372036854775807");
}

TEST_CASE("no member left means no \"?\" on the URL", "[url]") {
  rc::IDocument document;
  std::string error;
  REQUIRE(document.parse(R"({"id":"x","gone":null})", 128, error));
  std::string url = "http://127.0.0.1/p/x";
  rc::url::append_query(url, document, document.root(), {"id"});
  CHECK(url == "http://127.0.0.1/p/x");
}
