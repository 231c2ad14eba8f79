#include <catch2/catch.hpp>
#include <cstdio>

#include "json/parse.hpp"
#include "json/utf8.hpp"
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

TEST_CASE("append_json_string_lossy: well-formed text as is, each ill-formed byte as U+FFFD", "[json]") {
  std::string out;
  rc::append_json_string_lossy(out, "S\xC3\xA3o \"x\"");
  CHECK(out == "\"S\xC3\xA3o \\\"x\\\"\"");
  out.clear();
  rc::append_json_string_lossy(out, "a\xFF" "b\xC3" "\xED\xA0\x80");  // a stray byte, a cut sequence, a surrogate
  CHECK(out == "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(rc::utf8_sequence_length("\xF0\x9F\x98\x80", 0) == 4);
  CHECK(rc::utf8_sequence_length("\xF4\x90\x80\x80", 0) == 0);  // above U+10FFFF
}

TEST_CASE("append_utf8_lossy counts the UTF-16 units of what it appends", "[json]") {
  std::string out = "kept ";
  CHECK(rc::append_utf8_lossy(out, "ab") == 2);
  CHECK(rc::append_utf8_lossy(out, "\xC3\xA9\xE2\x98\x83") == 2);       // é ☃: one unit each
  CHECK(rc::append_utf8_lossy(out, "\xF0\x9D\x84\x9E") == 2);           // 𝄞: a surrogate pair
  CHECK(rc::append_utf8_lossy(out, "x\xFF\xC3" "y\xED\xA0\x80") == 7);  // x, U+FFFD, U+FFFD, y, three U+FFFD
  CHECK(out == "kept ab\xC3\xA9\xE2\x98\x83\xF0\x9D\x84\x9Ex\xEF\xBF\xBD\xEF\xBF\xBDy\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(rc::is_well_formed_utf8(out));
}

TEST_CASE("a byte to escape or an ill-formed byte is found wherever it stands: in an eight-byte word or the tail", "[json]") {
  const auto reference = [](std::string_view text) {
    std::string out = "\"";
    for (const char byte : text) {
      const auto c = static_cast<unsigned char>(byte);
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
          if (c < 0x20) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04x", c);
            out += escape;
          } else {
            out += byte;
          }
      }
    }
    return out + "\"";
  };
  std::size_t wrong = 0;
  for (std::size_t at = 0; at < 19; ++at) {
    for (int c = 0; c < 256; ++c) {
      std::string text(19, 'x');
      text[at] = static_cast<char>(c);
      std::string out = "kept";
      rc::append_json_string(out, text);
      if (out != "kept" + reference(text)) ++wrong;
    }
    std::string stray(19, 'x');
    stray[at] = '\xFF';
    CHECK_FALSE(rc::is_well_formed_utf8(stray));
    std::string accented(19, 'x');
    accented.replace(at, 2, "\xC3\xA9");
    CHECK(rc::is_well_formed_utf8(accented.substr(0, 19)) == (at < 18));
  }
  CHECK(wrong == 0);
}
