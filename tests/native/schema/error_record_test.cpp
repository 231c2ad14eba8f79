// The error record: what web/schema.js decodes once and cuts with slice().
#include <catch2/catch.hpp>

#include "json/utf8.hpp"
#include "schema/output.hpp"

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
