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
  }
  ErrorRecord big;
  CHECK_FALSE(schema.validate_text(std::string((1 << 20) + 1, ' '), big));
  CHECK(big.words.size() == 5);
  CHECK(big.text.find("larger than") != std::string::npos);
}
