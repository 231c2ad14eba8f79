// The error record: what web/schema.js decodes once and cuts with slice().
#include <catch2/catch.hpp>

#include "json/parse.hpp"
#include "json/utf8.hpp"
#include "schema/output.hpp"
#include "schema/validator.hpp"

using rc::schema::ErrorRecord;
using rc::schema::ValidationResult;

TEST_CASE("the error record holds every string once, with its UTF-16 length", "[schema]") {
  ValidationResult result;
  result.valid = false;
  result.truncated = true;
  result.errors.push_back({"/caf\xC3\xA9", "/properties/caf\xC3\xA9/maxLength", "must be at most 2 characters long"});
  result.errors.push_back({"/\xF0\x9F\x98\x80", "", "cut \xE2\x98"});  // an emoji key; a message cut inside a sequence
  ErrorRecord record;
  record.words = {9, 9, 9};  // stale content from an earlier result is replaced
  record.text = "stale";
  rc::schema::write_error_record(result, record);
  CHECK(record.words == std::vector<std::uint32_t>{2, 2, 5, 26, 33, 3, 0, 6});
  CHECK(record.text == "/caf\xC3\xA9/properties/caf\xC3\xA9/maxLengthmust be at most 2 characters long/\xF0\x9F\x98\x80" "cut \xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(rc::is_well_formed_utf8(record.text));

  rc::schema::write_error_record(ValidationResult{}, record);
  CHECK(record.words == std::vector<std::uint32_t>{1, 0});
  CHECK(record.text.empty());
}

TEST_CASE("errors written straight into a record are those of the result", "[schema]") {
  std::string error;
  rc::schema::CompileOptions options;
  options.maxErrors = 3;
  const auto schema = rc::schema::CompiledSchema::compile(rc::json::parse(R"({
    "type": "object",
    "properties": {
      "a~/b": {"type": "integer", "maximum": 3},
      "s": {"type": "string", "pattern": "^[a-z]+$"},
      "u": {"anyOf": [{"type": "string", "minLength": 5}, {"type": "number"}]},
      "list": {"items": {"enum": [1, 2]}}
    },
    "required": ["s", "missing"],
    "additionalProperties": false
  })"), options, error);
  REQUIRE(schema.usable());
  for (const char* text : {
           R"({"s":"ok","missing":1})",                                  // valid
           R"({"a~/b":7,"s":"X","missing":0})",                          // escaped pointer tokens
           R"({"s":"ok","missing":1,"u":"abc"})",                        // anyOf explained by its closest branch
           R"({"list":[1,3,4,5,6],"s":"ok","missing":1})",               // capped at maxErrors: truncated
           R"({"s":"ok","missing":1,"\u00e9\ud83d\ude00":true})",       // a key from escapes, non-BMP
           R"({"s":)",                                                   // not JSON
           "",
       }) {
    INFO(text);
    const ValidationResult result = schema.validate_text(text);
    ErrorRecord direct, fromResult;
    CHECK(schema.validate_text(text, direct) == result.valid);
    rc::schema::write_error_record(result, fromResult);
    CHECK(direct.words == fromResult.words);
    CHECK(direct.text == fromResult.text);
    CHECK(direct.bytes == fromResult.bytes);
    // Cut by its byte lengths, the record gives back each error's strings (the router's answer reads it so).
    std::vector<rc::schema::ValidationError> read;
    rc::schema::for_each_error(direct, [&](std::string_view instance, std::string_view keyword, std::string_view message) {
      read.push_back({std::string(instance), std::string(keyword), std::string(message)});
    });
    REQUIRE(read.size() == result.errors.size());
    for (std::size_t i = 0; i < read.size(); ++i) {
      CHECK(read[i].instanceLocation == result.errors[i].instanceLocation);
      CHECK(read[i].keywordLocation == result.errors[i].keywordLocation);
      CHECK(read[i].error == result.errors[i].error);
    }
  }
  ErrorRecord big;
  CHECK_FALSE(schema.validate_text(std::string((1 << 20) + 1, ' '), big));
  CHECK(big.words.size() == 5);
  CHECK(big.text.find("larger than") != std::string::npos);
}

TEST_CASE("pointers in the record: escaped names, keys past ASCII, chains deeper than 32 steps", "[schema]") {
  const auto first_error = [](const char* schemaText, const std::string& text) {
    std::string error;
    rc::schema::CompileOptions options;
    options.maxErrors = 1;
    const auto schema = rc::schema::CompiledSchema::compile(rc::json::parse(schemaText), options, error);
    REQUIRE(schema.usable());
    ErrorRecord record;
    CHECK_FALSE(schema.validate_text(text, record));
    REQUIRE(record.words.size() == 5);
    const std::string instance = record.text.substr(0, record.text.find("expected"));
    return std::make_pair(instance, record.words);
  };
  const char* named = R"({"properties": {"a~/b": {"type": "integer"}}, "additionalProperties": {"type": "integer"}})";
  {
    const auto [text, words] = first_error(named, R"({"a~/b": "x"})");
    CHECK(text == "/a~0~1b/properties/a~0~1b/type");
    CHECK(words[2] == 7);
    CHECK(words[3] == 23);
  }
  {
    // A key past ASCII, from escapes: lengths in UTF-16 units (é one, the emoji two), not bytes.
    const auto [text, words] = first_error(named, R"({"x/\u00e9\ud83d\ude00": "s"})");
    CHECK(text == "/x~1\xC3\xA9\xF0\x9F\x98\x80/additionalProperties/type");
    CHECK(words[2] == 7);
    CHECK(words[3] == 26);
    CHECK(rc::is_well_formed_utf8(text));
  }
  std::string deepSchema = R"({"type": "integer"})", deepText = R"("x")", instance, keyword;
  for (int i = 0; i < 40; ++i) {
    deepSchema = R"({"items": )" + deepSchema + "}";
    deepText = "[" + deepText + "]";
    instance += "/0";
    keyword += "/items";
  }
  const auto [text, words] = first_error(deepSchema.c_str(), deepText);
  CHECK(text == instance + keyword + "/type");
  CHECK(words[2] == instance.size());
  CHECK(words[3] == keyword.size() + 5);
}
