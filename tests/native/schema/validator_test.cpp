// The validator's own edge cases: numbers, limits, cycles, error locations,
// remotes, dialects and formats. Named after what each guards.
#include <catch2/catch.hpp>

#include "json/utf8.hpp"
#include "json/write.hpp"

#include "schema/validator.hpp"

using rc::json;
using namespace rc::schema;
using rc::IDocument;
using rc::IValue;

namespace {

CompiledSchema must_compile(const json& schema, const CompileOptions& options = {}) {
  std::string error;
  auto s = CompiledSchema::compile(schema, options, error);
  INFO(error);
  REQUIRE(s.usable());
  return s;
}

std::string compile_error(const json& schema, const CompileOptions& options = {}) {
  std::string error;
  auto s = CompiledSchema::compile(schema, options, error);
  CHECK_FALSE(s.usable());
  return error;
}

bool valid(const CompiledSchema& s, const char* text) { return s.validate_text(text).valid; }

}  // namespace

TEST_CASE("1.0 is an integer, 1.5 is not", "[schema]") {
  auto s = must_compile(json::parse(R"({"type":"integer"})"));
  CHECK(valid(s, "1.0"));
  CHECK(valid(s, "-3"));
  CHECK(valid(s, "1e2"));
  CHECK_FALSE(valid(s, "1.5"));
  CHECK_FALSE(valid(s, "\"1\""));
}

TEST_CASE("integers beyond 2^64 are integers and compare with limits", "[schema]") {
  auto s = must_compile(json::parse(R"({"type":"integer","minimum":18446744073709551616})"));
  CHECK(valid(s, "98249283749234923498293171823948729348710298301928331"));
  CHECK_FALSE(valid(s, "1.8e19"));  // below the minimum
  CHECK(valid(s, "1.9e19"));
  CHECK_FALSE(valid(s, "12"));
}

TEST_CASE("multipleOf with decimal fractions: 0.0075 is a multiple of 0.0001", "[schema]") {
  auto s = must_compile(json::parse(R"({"multipleOf":0.0001})"));
  CHECK(valid(s, "0.0075"));
  CHECK(valid(s, "12.3456"));
  CHECK_FALSE(valid(s, "0.00751"));
  auto tenth = must_compile(json::parse(R"({"multipleOf":0.1})"));
  CHECK(valid(tenth, "0.3"));
  CHECK(valid(tenth, "4.2"));
  auto overflow = must_compile(json::parse(R"({"type":"integer","multipleOf":0.123456789})"));
  CHECK_FALSE(valid(overflow, "1e308"));
  auto ints = must_compile(json::parse(R"({"multipleOf":3})"));
  CHECK(valid(ints, "9223372036854775806"));
  CHECK_FALSE(valid(ints, "10"));
}

TEST_CASE("string lengths count code points, not bytes", "[schema]") {
  auto s = must_compile(json::parse(R"({"maxLength":2,"minLength":2})"));
  CHECK(valid(s, "\"\xF0\x9F\x92\xA9\xF0\x9F\x92\xA9\""));  // two emoji, eight bytes
  CHECK_FALSE(valid(s, "\"abc\""));
  // The byte length decides alone only where it can: a code point is one to four bytes.
  const char* threeEmoji = "\"\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\"";  // 12 bytes
  CHECK(valid(must_compile(json::parse(R"({"maxLength":3,"minLength":3})")), threeEmoji));
  CHECK_FALSE(valid(must_compile(json::parse(R"({"maxLength":2})")), threeEmoji));
  CHECK_FALSE(valid(must_compile(json::parse(R"({"minLength":4})")), threeEmoji));
  CHECK(valid(must_compile(json::parse(R"({"minLength":3})")), "\"\xC3\xA9\xC3\xA9\xC3\xA9\""));
  CHECK_FALSE(valid(must_compile(json::parse(R"({"minLength":4611686018427387905})")), "\"abc\""));  // 4 x count overflows
  CHECK(valid(must_compile(json::parse(R"({"maxLength":4611686018427387905})")), "\"abc\""));
}

TEST_CASE("a count of one takes the singular: 1 character, 1 item, 1 property, the schema in anyOf", "[schema][messages]") {
  const auto first_error = [](const char* schema, const char* text) {
    const auto r = must_compile(json::parse(schema)).validate_text(text);
    REQUIRE(r.errors.size() >= 1);
    return r.errors[0].error;
  };
  CHECK(first_error(R"({"minLength":1})", R"("")") == "must be at least 1 character long");
  CHECK(first_error(R"({"maxLength":1})", R"("ab")") == "must be at most 1 character long");
  CHECK(first_error(R"({"maxLength":2})", R"("abc")") == "must be at most 2 characters long");
  CHECK(first_error(R"({"minItems":1})", "[]") == "must have at least 1 item");
  CHECK(first_error(R"({"maxItems":1})", "[1,2]") == "must have at most 1 item");
  CHECK(first_error(R"({"maxItems":0})", "[1]") == "must have at most 0 items");
  CHECK(first_error(R"({"minProperties":1})", "{}") == "must have at least 1 property");
  CHECK(first_error(R"({"maxProperties":1})", R"({"a":1,"b":2})") == "must have at most 1 property");
  CHECK(first_error(R"({"maxProperties":2})", R"({"a":1,"b":2,"c":3})") == "must have at most 2 properties");
  CHECK(first_error(R"({"prefixItems":[true],"items":false})", "[1,2]") == "the array must have at most 1 item");
  CHECK(first_error(R"({"contains":{"const":1},"maxContains":1})", "[1,1]") == "must contain at most 1 matching item (maxContains)");
  CHECK(first_error(R"({"contains":{"const":1},"minContains":2})", "[1]") == "must contain at least 2 matching items (contains)");
  CHECK(first_error(R"({"anyOf":[{"type":"string"}]})", "1") == "must match the schema in anyOf");
  CHECK(first_error(R"({"anyOf":[{"type":"string"},{"type":"null"}]})", "1") == "must match at least one of the 2 schemas in anyOf");
}

TEST_CASE("a long schema value in a message is cut at a code point boundary", "[schema]") {
  std::string many = "a";  // then é: 200 bytes; byte 117 of the JSON text falls inside one
  for (int i = 0; i < 100; ++i) many += "\xC3\xA9";
  auto s = must_compile(json{{"const", many}});
  const auto r = s.validate_text("\"x\"");
  REQUIRE(r.errors.size() == 1);
  const std::string& message = r.errors[0].error;
  CHECK(message.size() < 140);
  CHECK(message.substr(message.size() - 3) == "...");
  CHECK(message.find("\xEF\xBF\xBD") == std::string::npos);
  CHECK(rc::is_well_formed_utf8(message));
}

TEST_CASE("error locations are JSON Pointers through $ref, escaped", "[schema]") {
  auto s = must_compile(json::parse(R"({
    "$defs": {"pos": {"type": "integer", "minimum": 1}},
    "type": "object",
    "properties": {
      "a/b": {"$ref": "#/$defs/pos"},
      "list": {"type": "array", "items": {"type": "object", "additionalProperties": false,
                                           "properties": {"x": {"type": "string"}}}}
    },
    "required": ["must"]
  })"));
  const auto r = s.validate_text(R"({"a/b": 0, "list": [{"x": "ok"}, {"x": 1, "y~": true}]})");
  REQUIRE_FALSE(r.valid);
  REQUIRE(r.errors.size() == 4);
  std::vector<std::tuple<std::string, std::string>> got;
  for (const auto& e : r.errors) got.emplace_back(e.instanceLocation, e.keywordLocation);
  using T = std::tuple<std::string, std::string>;
  CHECK(std::count(got.begin(), got.end(), T{"/a~1b", "/properties/a~1b/$ref/minimum"}) == 1);
  CHECK(std::count(got.begin(), got.end(), T{"/list/1/x", "/properties/list/items/properties/x/type"}) == 1);
  CHECK(std::count(got.begin(), got.end(), T{"/list/1/y~0", "/properties/list/items/additionalProperties"}) == 1);
  CHECK(std::count(got.begin(), got.end(), T{"", "/required"}) == 1);
}

TEST_CASE("the error list is capped by maxErrors", "[schema]") {
  CompileOptions o;
  o.maxErrors = 3;
  auto s = must_compile(json::parse(R"({"items":{"type":"string"}})"), o);
  const auto r = s.validate_text("[1,2,3,4,5,6,7,8,9,10]");
  CHECK_FALSE(r.valid);
  CHECK(r.errors.size() == 3);
  CHECK(r.truncated);
  CHECK(r.errors[2].instanceLocation == "/2");  // the first three, in document order
  // Evaluation stops at the limit, so the list may be complete and still say so.
  CHECK(s.validate_text("[1,2,3]").truncated);
  const auto fewer = s.validate_text("[1,2]");
  CHECK(fewer.errors.size() == 2);
  CHECK_FALSE(fewer.truncated);
}

TEST_CASE("$ref cycles that never consume the instance are refused at compile time", "[schema]") {
  CHECK_THAT(compile_error(json::parse(R"({"$ref":"#"})")), Catch::Contains("cycle"));
  CHECK_THAT(compile_error(json::parse(R"({"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"allOf":[{"$ref":"#/$defs/a"}]}},
                                          "$ref":"#/$defs/a"})")),
             Catch::Contains("cycle"));
  // Recursion through properties is fine: it consumes the instance.
  auto tree = must_compile(json::parse(R"({"type":"object","properties":{"child":{"$ref":"#"}}})"));
  CHECK(valid(tree, R"({"child":{"child":{}}})"));
  CHECK_FALSE(valid(tree, R"({"child":{"child":3}})"));
}

TEST_CASE("a deep instance against a recursive schema hits the evaluation depth limit, not the stack", "[schema]") {
  CompileOptions o;
  o.limits.maxInstanceDepth = 1000;  // the parser lets it through: the evaluator must stop it
  auto s = must_compile(json::parse(R"({"items":{"$ref":"#"}})"), o);
  const auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  CHECK(s.validate_text(nested(120)).valid);
  const auto r = s.validate_text(nested(1000));
  CHECK_FALSE(r.valid);
  REQUIRE_FALSE(r.errors.empty());
  CHECK_THAT(r.errors.back().error, Catch::Contains("deeper than"));
}

TEST_CASE("schema nesting and text size limits are clear errors", "[schema]") {
  json schema = json::object();
  for (int i = 0; i < 200; ++i) schema = json{{"not", schema}};
  CHECK_THAT(compile_error(schema), Catch::Contains("deeper than"));

  CompileOptions o;
  o.limits.maxTextSize = 16;
  auto s = must_compile(json::object(), o);
  const auto r = s.validate_text(R"({"a":"0123456789abcdef"})");
  CHECK_FALSE(r.valid);
  CHECK_THAT(r.errors.at(0).error, Catch::Contains("larger than"));
  CHECK_FALSE(must_compile(json::object()).validate_text("1e400").valid);  // out of range, as parse_json says
  CHECK(must_compile(json::parse(R"({"type":"object"})")).validate_text("\xEF\xBB\xBF{}").valid);  // BOM, as parse_json
  const auto bad = must_compile(json::object()).validate_text("{\"a\":");
  CHECK_FALSE(bad.valid);
  CHECK_THAT(bad.errors.at(0).error, Catch::Contains("invalid JSON"));
}

TEST_CASE("remote $ref reaches only registered documents, never the network", "[schema]") {
  CHECK_THAT(compile_error(json::parse(R"({"$ref":"https://example.com/other.json"})")),
             Catch::Contains("cannot resolve $ref"));
  CompileOptions o;
  o.remotes["https://example.com/other.json"] = json::parse(R"({"$defs":{"id":{"type":"string","format":"uuid"}}})");
  auto s = must_compile(json::parse(R"({"$ref":"https://example.com/other.json#/$defs/id"})"), o);
  CHECK(valid(s, R"("2eb8aa08-aa98-11ea-b4aa-73b441d16380")"));
  CHECK_FALSE(valid(s, R"("nope")"));
  // The built-in metaschema needs no registration.
  auto meta = must_compile(json::parse(R"({"$ref":"https://json-schema.org/draft/2020-12/schema"})"));
  CHECK(valid(meta, R"({"type":"object","properties":{"a":{"minLength":1}}})"));
  CHECK_FALSE(valid(meta, R"({"properties":{"a":{"minLength":-1}}})"));
}

TEST_CASE("$schema picks the dialect; defaultDialect applies without it", "[schema]") {
  const json tupleD7 = json::parse(R"({"$schema":"http://json-schema.org/draft-07/schema#",
                                       "items":[{"type":"integer"}],"additionalItems":false})");
  auto d7 = must_compile(tupleD7);
  CHECK(valid(d7, "[1]"));
  CHECK_FALSE(valid(d7, "[1,2]"));
  CompileOptions o;
  o.defaultDialect = Dialect::Draft7;
  auto dep = must_compile(json::parse(R"({"dependencies":{"a":["b"]}})"), o);
  CHECK_FALSE(valid(dep, R"({"a":1})"));
  auto dep2020 = must_compile(json::parse(R"({"dependencies":{"a":["b"]}})"));
  CHECK_FALSE(valid(dep2020, R"({"a":1})"));  // honoured in 2020-12 too, for compatibility
  CHECK_THAT(compile_error(json::parse(R"({"$schema":"http://json-schema.org/draft-04/schema#"})")),
             Catch::Contains("unknown $schema"));
}

TEST_CASE("formats are asserted by default and annotations on request", "[schema]") {
  const json schema = json::parse(R"({"format":"date-time"})");
  auto assert = must_compile(schema);
  CHECK(valid(assert, R"("2026-11-24T13:00:00Z")"));
  CHECK_FALSE(valid(assert, R"("2026-02-30T13:00:00Z")"));
  CompileOptions o;
  o.formats = FormatMode::Annotation;
  auto annotation = must_compile(schema, o);
  CHECK(valid(annotation, R"("2026-02-30T13:00:00Z")"));
  auto unknown = must_compile(json::parse(R"({"format":"x-custom"})"));
  CHECK(valid(unknown, R"("anything")"));
}

TEST_CASE("a hostile pattern on a long input neither freezes nor crashes", "[schema][regex]") {
  auto s = must_compile(json::parse(R"({"type":"string","pattern":"^(a+)+$"})"));
  std::string input = "\"" + std::string(50000, 'a') + "!\"";
  const auto r = s.validate_text(input);
  CHECK_FALSE(r.valid);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].keywordLocation == "/pattern");
  CHECK(valid(s, ("\"" + std::string(50000, 'a') + "\"").c_str()));
}

TEST_CASE("the regex step budget turns into a clear validation error", "[schema][regex]") {
  CompileOptions o;
  o.limits.regexStepBudget = 1000;
  auto s = must_compile(json::parse(R"({"pattern":"(a|b|c|d)*x"})"), o);
  const auto r = s.validate_text(("\"" + std::string(5000, 'a') + "\"").c_str());
  CHECK_FALSE(r.valid);
  REQUIRE(r.errors.size() == 1);
  CHECK_THAT(r.errors[0].error, Catch::Contains("step budget"));
}

TEST_CASE("patterns the engine cannot run are compile errors", "[schema][regex]") {
  CHECK_THAT(compile_error(json::parse(R"({"pattern":"(a)\\1"})")), Catch::Contains("backreferences"));
  CHECK_THAT(compile_error(json::parse(R"({"pattern":"(?<=a)b"})")), Catch::Contains("lookbehind"));
  CHECK_THAT(compile_error(json::parse(R"({"patternProperties":{"[z-a]":{}}})")), Catch::Contains("out of order"));
  CHECK_THAT(compile_error(json::parse(R"j({"pattern":"((((a{1000}){1000})))"})j")), Catch::Contains("too large"));
}

TEST_CASE("an unusable schema rejects everything and says why", "[schema]") {
  CompiledSchema empty;
  const auto r = empty.validate_text("{}");
  CHECK_FALSE(r.valid);
  CHECK_FALSE(r.errors.empty());
}

TEST_CASE("unevaluatedProperties sees properties through $ref and allOf", "[schema]") {
  auto s = must_compile(json::parse(R"({
    "$defs": {"base": {"properties": {"id": {"type": "string"}}}},
    "allOf": [{"$ref": "#/$defs/base"}],
    "properties": {"name": {"type": "string"}},
    "unevaluatedProperties": false
  })"));
  CHECK(valid(s, R"({"id":"1","name":"n"})"));
  const auto r = s.validate_text(R"({"id":"1","extra":true})");
  REQUIRE_FALSE(r.valid);
  CHECK(r.errors.at(0).instanceLocation == "/extra");
  CHECK(r.errors.at(0).keywordLocation == "/unevaluatedProperties");
}

TEST_CASE("a failed anyOf also reports the errors of the closest branch", "[schema]") {
  auto s = must_compile(json::parse(R"({
    "anyOf": [
      {"type": "string"},
      {"type": "object", "required": ["kind"], "properties": {"size": {"type": "integer", "maximum": 10}}}
    ]
  })"));
  const auto r = s.validate_text(R"({"kind":"box","size":12})");
  REQUIRE_FALSE(r.valid);
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].keywordLocation == "/anyOf");
  CHECK(r.errors[1].instanceLocation == "/size");
  CHECK(r.errors[1].keywordLocation == "/anyOf/1/properties/size/maximum");
}

TEST_CASE("the regex budget is shared by all matches of one validation", "[schema][regex]") {
  CompileOptions o;
  // The DFA spends one step per code point (the Pike VM more): 200 keys of
  // ~303 code points need ~60,000 steps, past this budget, each alone within it.
  o.limits.regexStepBudget = 20'000;
  auto s = must_compile(json::parse(R"({"patternProperties":{"(a|b|c)*x":{}}})"), o);
  json many = json::object();
  for (int i = 0; i < 200; ++i) many[std::to_string(i) + std::string(300, 'a')] = i;  // each match alone fits
  const auto r = s.validate_text(rc::to_json_text(many));
  CHECK_FALSE(r.valid);
  REQUIRE_FALSE(r.errors.empty());
  CHECK_THAT(r.errors[0].error, Catch::Contains("step budget"));
  CHECK(r.errors[0].keywordLocation == "/patternProperties/(a|b|c)*x");
  // A fresh call gets a fresh budget.
  CHECK(s.validate_text(R"({"aax":1})").valid);
}

TEST_CASE("uniqueItems on a long array is linear, not quadratic", "[schema]") {
  auto s = must_compile(json::parse(R"({"uniqueItems":true})"));
  std::string text = "[";
  for (int i = 0; i < 100000; ++i) text += (i ? "," : "") + std::to_string(i);
  CHECK(s.validate_text(text + "]").valid);
  CHECK_FALSE(s.validate_text(text + ",17.0]").valid);  // 17.0 equals 17
  CHECK_FALSE(s.validate_text(R"([{"a":1,"b":[2]},{"b":[2.0],"a":1}])").valid);
  CHECK(s.validate_text(R"([{"a":1},{"a":"1"},[1],["1"],0,false,null,""])").valid);
}

TEST_CASE("integer limits compare exactly near 2^63 and 2^64", "[schema]") {
  auto s = must_compile(json::parse(R"({"maximum":9223372036854775806,"exclusiveMinimum":-9223372036854775808})"));
  CHECK(valid(s, "9223372036854775806"));
  CHECK_FALSE(valid(s, "9223372036854775807"));  // equal as doubles, not as integers
  CHECK_FALSE(valid(s, "-9223372036854775808"));
  CHECK(valid(s, "-9223372036854775807"));
  auto u = must_compile(json::parse(R"({"minimum":18446744073709551615})"));
  CHECK(valid(u, "18446744073709551615"));
  CHECK_FALSE(valid(u, "18446744073709551614"));
}

TEST_CASE("a caller-parsed IDocument validates and stays readable", "[schema]") {
  auto s = must_compile(json::parse(R"({"properties":{"id":{"type":"integer"},"name":{"type":"string"}}})"));
  IDocument doc;
  std::string error;
  REQUIRE(doc.parse(R"({"id": 7, "name": "caf\u00e9"})", 32, error));
  CHECK(s.validate(doc).valid);
  const IValue& root = doc.root();
  REQUIRE(root.type == IValue::Object);
  REQUIRE(root.len == 2);
  CHECK(doc.child(root, 0).key() == "id");
  CHECK(doc.child(root, 0).i == 7);
  CHECK(doc.child(root, 1).str() == "caf\xC3\xA9");
  REQUIRE(doc.member(root, "name") != nullptr);
  CHECK(doc.member(root, "missing") == nullptr);
  const char* text = R"({"a":[1,-2,18446744073709551615,2.5,"x\u00e9",true,null,{}],"b":{"c":"d"},"a":0})";
  REQUIRE(doc.parse(text, 32, error));
  std::string written;
  rc::append_json_value(written, doc, doc.root());  // both "a" members, in order
  CHECK(rc::parse_json(written).value == rc::parse_json(text).value);  // same value, duplicate "a": last wins
  CHECK_FALSE(doc.parse("[1,]", 32, error));
  CHECK_THAT(error, Catch::Contains("invalid JSON"));
  CHECK_FALSE(doc.parsed());
  CHECK_FALSE(s.validate(doc).valid);  // a failed parse is not validated (no stale root)
  CHECK_FALSE(s.validate(IDocument{}).valid);
}
