// Timing of validate_text (parse + validate) on the issue's realistic tool
// schema. Hidden from the default run; build optimised and run with:
//   cmake -S . -B /tmp/rc-release -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/rc-release -j2
//   /tmp/rc-release/rc_native_tests "[.bench]"
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>

#include "schema/validator.hpp"

using rc::json;
using namespace rc::schema;

namespace {

const char* kToolSchema = R"({
  "type": "object",
  "properties": {
    "city": {"type": "string", "minLength": 1, "maxLength": 80},
    "unit": {"type": "string", "enum": ["metric", "imperial"]},
    "date": {"type": "string", "format": "date"},
    "code": {"type": "string", "pattern": "^[A-Z]{2}-\\d{3}$"},
    "days": {"type": "integer", "minimum": 1, "maximum": 14},
    "options": {"type": "object", "additionalProperties": false,
                "properties": {"hourly": {"type": "boolean"}, "lang": {"type": "string", "maxLength": 5}}},
    "stops": {"type": "array", "maxItems": 5000,
              "items": {"type": "object", "required": ["name"],
                        "properties": {"name": {"type": "string"},
                                       "lat": {"type": "number", "minimum": -90, "maximum": 90},
                                       "lon": {"type": "number", "minimum": -180, "maximum": 180}}}}
  },
  "required": ["city", "unit", "date", "days"],
  "additionalProperties": false
})";

std::string small_arguments() {
  return R"({"city":"Lyon","unit":"metric","date":"2026-11-24","code":"FR-069","days":7,)"
         R"("options":{"hourly":true,"lang":"fr"},"stops":[{"name":"Part-Dieu","lat":45.76,"lon":4.86},)"
         R"({"name":"Perrache","lat":45.75,"lon":4.83},{"name":"Vaise","lat":45.78,"lon":4.8}]})";
}

std::string large_arguments(std::size_t targetBytes) {
  std::string s = R"({"city":"Lyon","unit":"metric","date":"2026-11-24","code":"FR-069","days":7,"stops":[)";
  for (int i = 0; s.size() < targetBytes; ++i) {
    if (i) s += ',';
    s += R"({"name":"stop )" + std::to_string(i) + R"(","lat":45.7)" + std::to_string(i % 10) + R"(,"lon":4.8)" +
         std::to_string(i % 7) + "}";
  }
  return s + "]}";
}

double ns_per_call(const CompiledSchema& s, const std::string& text, int iterations) {
  bool allValid = true;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i) allValid = s.validate_text(text).valid && allValid;
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
  CHECK(allValid);
  return static_cast<double>(ns) / iterations;
}

double parse_only(const std::string& text, int iterations) {
  const auto start = std::chrono::steady_clock::now();
  bool ok = true;
  for (int i = 0; i < iterations; ++i) ok = rc::parse_json(text).ok && ok;
  CHECK(ok);
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(ns) / iterations;
}

}  // namespace

TEST_CASE("bench: validate_text on the realistic tool schema", "[.bench]") {
  std::string error;
  const auto schema = CompiledSchema::compile(json::parse(kToolSchema), {}, error);
  REQUIRE(schema.usable());
  const std::string small = small_arguments();
  const std::string large = large_arguments(100 * 1024);
  std::printf("validate_text | parse_json (an nlohmann tree) alone\n");
  for (int round = 0; round < 2; ++round) {
    const double s = ns_per_call(schema, small, 200000);
    const double sp = parse_only(small, 100000);
    const double l = ns_per_call(schema, large, 200);
    const double lp = parse_only(large, 100);
    std::printf("small (%zu B): %.0f ns | %.0f ns\n", small.size(), s, sp);
    std::printf("large (%zu B): %.0f ns | %.0f ns\n", large.size(), l, lp);
  }
}
