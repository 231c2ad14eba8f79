#include <catch2/catch.hpp>

#include "json/parse.hpp"

using rc::json;

TEST_CASE("parse_json accepts a document and reports errors as values", "[json]") {
  auto ok = rc::parse_json(R"({"a":[1,2.5,"x"]})");
  REQUIRE(ok.ok);
  CHECK(ok.value["a"][1] == 2.5);

  auto bad = rc::parse_json("{\"a\":");
  CHECK_FALSE(bad.ok);
  CHECK(bad.error.rfind("invalid JSON", 0) == 0);
  CHECK(bad.error.find("[json.exception") == std::string::npos);

  CHECK_FALSE(rc::parse_json("{} trailing").ok);
  CHECK_FALSE(rc::parse_json("\"\xff\"").ok);  // invalid UTF-8
}

TEST_CASE("parse_json refuses nesting past the limit without recursing", "[json][hostile]") {
  std::string deep(100000, '[');
  auto result = rc::parse_json(deep);
  CHECK_FALSE(result.ok);
  CHECK(result.error.find("deeper than 128") != std::string::npos);

  std::string fine = std::string(128, '[') + std::string(128, ']');
  CHECK(rc::parse_json(fine).ok);
  std::string over = std::string(129, '[') + std::string(129, ']');
  CHECK_FALSE(rc::parse_json(over).ok);
}

TEST_CASE("to_json_text replaces invalid UTF-8 instead of throwing", "[json][hostile]") {
  json value = std::string("a\xff" "b");
  CHECK(rc::to_json_text(value) == "\"a\xEF\xBF\xBD" "b\"");
}

TEST_CASE("parse_json: numbers beyond a double's range are refused", "[json][hostile]") {
  CHECK_FALSE(rc::parse_json("1e400").ok);
  CHECK_FALSE(rc::parse_json("[-1e400]").ok);
  CHECK(rc::parse_json("1e308").ok);
  CHECK(rc::parse_json("18446744073709551616").ok);  // 2^64: a double, not an error
  auto negativeZero = rc::parse_json("-0");
  REQUIRE(negativeZero.ok);
  CHECK(negativeZero.value == 0);
}

TEST_CASE("parse_json: repeated member names are refused on request, last wins otherwise", "[json][hostile]") {
  const char* text = R"({"a":1,"b":{"a":2},"a":3})";
  auto lenient = rc::parse_json(text);
  REQUIRE(lenient.ok);
  CHECK(lenient.value["a"] == 3);
  auto strict = rc::parse_json(text, rc::kDefaultMaxDepth, rc::DuplicateKeys::reject);
  CHECK_FALSE(strict.ok);
  CHECK(strict.error.find("\"a\" appears twice") != std::string::npos);
  CHECK(rc::parse_json(R"({"a":{"a":{"a":1}}})", rc::kDefaultMaxDepth, rc::DuplicateKeys::reject).ok);
}

TEST_CASE("parse_json builds arrays of containers correctly", "[json]") {
  auto parsed = rc::parse_json(R"([[1,[2,3]],{"k":[{"x":[]},{"y":{}}]},"s",null,true,-1,2.5])");
  REQUIRE(parsed.ok);
  CHECK(rc::to_json_text(parsed.value) == R"([[1,[2,3]],{"k":[{"x":[]},{"y":{}}]},"s",null,true,-1,2.5])");
}

TEST_CASE("fuzz (validator, differential): a NUL byte ended nlohmann's input, so \"[1]\\0junk\" parsed", "[json][regression]") {
  CHECK_FALSE(rc::parse_json(std::string("[1,2,555]\0\0]2,2", 14)).ok);
  CHECK_FALSE(rc::parse_json(std::string("{\"a\":\"x\0y\"}", 12)).ok);
  CHECK(rc::parse_json("{\"a\":\"x\\u0000y\"}").ok);  // an escaped NUL is fine
}
