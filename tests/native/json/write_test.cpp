#include <catch2/catch.hpp>

#include "json/parse.hpp"
#include "json/write.hpp"

TEST_CASE("append_json_string writes what a JSON parser reads back", "[json]") {
  for (std::string text : {std::string(""), std::string("plain"), std::string("q\"b\\s/\n\r\t\b\f"), std::string("\x01\x1f é ☃ 𝄞"),
                           std::string("a\0b", 3)}) {
    std::string out;
    rc::append_json_string(out, text);
    auto parsed = rc::parse_json(out);
    REQUIRE(parsed.ok);
    CHECK(parsed.value.get<std::string>() == text);
  }
  std::string out;
  rc::append_json_string(out, "a\"\x01");
  CHECK(out == "\"a\\\"\\u0001\"");
}
