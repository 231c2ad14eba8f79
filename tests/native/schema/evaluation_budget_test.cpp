// The evaluation budget, the uniqueItems hash and the memo of recursive
// applicators (docs/validator.md, "The evaluation budget"): each test is named
// after the hostile input it guards. Every check here would take seconds (or
// forever) without them; the [.bench]-free timings are bounds, not targets.
#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <string>

#include <catch2/catch.hpp>

#include "../router/router_test_support.hpp"
#include "schema/internal.hpp"
#include "schema/output.hpp"
#include "schema/validator.hpp"

using rc::json;
using namespace rc::schema;

namespace {

CompiledSchema must_compile(const char* schema, const CompileOptions& options = {}) {
  std::string error;
  auto s = CompiledSchema::compile(json::parse(schema), options, error);
  INFO(error);
  REQUIRE(s.usable());
  return s;
}

// `count` distinct objects {"a":p0,...,"h":p7}, each a permutation of 1..8
// over the same eight keys: equal key sets and equal value multisets, so a
// hash that adds key and value hashes apart gives them all one value.
std::string permutations(std::size_t count) {
  std::array<int, 8> p{1, 2, 3, 4, 5, 6, 7, 8};
  std::string text = "[";
  for (std::size_t n = 0; n < count; ++n) {
    if (n) text += ',';
    text += '{';
    for (int k = 0; k < 8; ++k) {
      if (k) text += ',';
      text += '"';
      text += static_cast<char>('a' + k);
      text += "\":" + std::to_string(p[k]);
    }
    text += '}';
    std::next_permutation(p.begin(), p.end());
  }
  return text + "]";
}

// Both branches of the oneOf recurse into "next" before "kind" tells them
// apart (members are checked in the instance's order, and "next" comes
// first), so without a memo each level doubles the work.
constexpr const char* kRecursiveOneOf = R"({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "oneOf": [
    {"properties": {"next": {"$ref": "#"}, "kind": {"const": "a"}}},
    {"properties": {"next": {"$ref": "#"}, "kind": {"const": "b"}}}
  ]
})";

// The same recursion through $dynamicRef, which reads the dynamic scope: no
// memo is sound there, so the budget alone has to stop it.
constexpr const char* kDynamicRecursiveOneOf = R"({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$dynamicAnchor": "node",
  "type": "object",
  "oneOf": [
    {"properties": {"next": {"$dynamicRef": "#node"}, "kind": {"const": "a"}}},
    {"properties": {"next": {"$dynamicRef": "#node"}, "kind": {"const": "b"}}}
  ]
})";

// {"next":{"next":...,"kind":"a"},"kind":"a"} `levels` deep; the innermost is
// `last` ({"kind":"c"} matches neither branch).
std::string chain(int levels, const std::string& last = R"({"kind":"a"})") {
  std::string text = last;
  for (int i = 1; i < levels; ++i) text = R"({"next":)" + text + R"(,"kind":"a"})";
  return text;
}

double seconds_of(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("20,000 permutations of one 8-member object under uniqueItems are distinct, and fast", "[schema][budget]") {
  auto s = must_compile(R"({"type":"array","uniqueItems":true})");
  const std::string text = permutations(20000);
  REQUIRE(text.size() > 900'000);
  ValidationResult r;
  const double t = seconds_of([&] { r = s.validate_text(text); });
  CHECK(r.valid);
  CHECK_FALSE(r.tooComplex);
  CHECK(t < 2.0);  // quadratic took 12 s in the WASM build; this is ~n log n, even in the debug build
}

TEST_CASE("20,000 permutations with one repeated reports the first repeated pair", "[schema][budget]") {
  auto s = must_compile(R"({"uniqueItems":true})");
  std::string text = permutations(20000);
  text.back() = ',';
  text += R"({"b":2,"a":1,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8}])";  // item 0, members reordered
  const auto r = s.validate_text(text);
  CHECK_FALSE(r.valid);
  CHECK_FALSE(r.tooComplex);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].error == "items 0 and 20000 are equal (uniqueItems)");
  // The pair an in-order scan finds first, whatever the hashes' order.
  CHECK(s.validate_text(R"([3, 1, 2, 1, 3, 2.0])").errors.at(0).error == "items 1 and 3 are equal (uniqueItems)");
  CHECK(s.validate_text(R"([[1,{"x":[]}], 0, [1,{"x":[]}]])").errors.at(0).error == "items 0 and 2 are equal (uniqueItems)");
}

TEST_CASE("uniqueItems tells apart objects whose values moved between keys, and nests", "[schema][budget]") {
  auto s = must_compile(R"({"uniqueItems":true})");
  CHECK(s.validate_text(R"([{"a":1,"b":2},{"a":2,"b":1}])").valid);
  CHECK(s.validate_text(R"([{"a":{"x":1,"y":2}},{"a":{"x":2,"y":1}}])").valid);
  CHECK(s.validate_text(R"([[{"a":1},{"b":2}],[{"b":2},{"a":1}]])").valid);  // arrays keep their order
  CHECK_FALSE(s.validate_text(R"([{"a":{"x":1,"y":2}},{"a":{"y":2,"x":1.0}}])").valid);
  CHECK_FALSE(s.validate_text(R"([0, -0.0])").valid);
  CHECK(s.validate_text(R"(["", [], {}, null, false, 0])").valid);
}

TEST_CASE("a recursive oneOf whose branches both recurse, 21 levels, is linear", "[schema][budget]") {
  auto s = must_compile(kRecursiveOneOf);
  ValidationResult r;
  const double t = seconds_of([&] { r = s.validate_text(chain(21)); });
  CHECK(r.valid);
  CHECK(t < 0.5);  // 2^21 evaluations took 2.5 s in the WASM build
  const auto bad = s.validate_text(chain(21, R"({"kind":"c"})"));
  CHECK_FALSE(bad.valid);
  CHECK_FALSE(bad.tooComplex);
}

TEST_CASE("a recursive oneOf whose branches both recurse, 40 levels, is linear", "[schema][budget]") {
  auto s = must_compile(kRecursiveOneOf);
  CHECK(s.validate_text(chain(40)).valid);  // 2^40 evaluations would never end
  const auto bad = s.validate_text(chain(40, R"({"kind":"c"})"));
  CHECK_FALSE(bad.valid);
  CHECK_FALSE(bad.tooComplex);
  CHECK(bad.errors.size() >= 1);
}

TEST_CASE("a recursive oneOf through $dynamicRef at 40 levels is refused by the budget, with its flag", "[schema][budget]") {
  auto s = must_compile(kDynamicRecursiveOneOf);
  CHECK(s.validate_text(chain(8)).valid);  // shallow: within the budget, the right answer
  ValidationResult r;
  const double t = seconds_of([&] { r = s.validate_text(chain(40)); });
  CHECK(t < 1.0);
  CHECK_FALSE(r.valid);
  CHECK(r.tooComplex);
  REQUIRE(r.errors.size() == 1);
  CHECK_THAT(r.errors[0].error, Catch::Contains("costs more to check than the budget allows"));
  // The record JavaScript reads carries the flag (4) and the one error.
  ErrorRecord record;
  CHECK_FALSE(s.validate_text(chain(40), record));
  CHECK(record.words.at(0) == 4u);
  CHECK(record.words.at(1) == 1u);
  CHECK(rc::json::parse(result_json(r))["tooComplex"] == true);
}

TEST_CASE("the budget is factor x values x nodes within its floor and cap", "[schema][budget]") {
  Limits l;
  l.evaluationStepFactor = 8, l.evaluationStepFloor = 1000, l.evaluationStepCap = 1'000'000;
  CHECK(step_budget(l, 1, 1) == 1000);
  CHECK(step_budget(l, 100, 10) == 8000);
  CHECK(step_budget(l, 1'000'000, 60'000) == 1'000'000);  // no overflow on the way to the cap
  CHECK(step_budget(l, UINT64_MAX, UINT64_MAX) == 1'000'000);
}

TEST_CASE("a large valid array within a small budget is refused with tooComplex, never a stall", "[schema][budget]") {
  CompileOptions o;
  o.limits.evaluationStepFloor = 10;
  o.limits.evaluationStepFactor = 1;
  o.limits.evaluationStepCap = 1000;
  auto s = must_compile(R"({"type":"array","items":{"type":"object","properties":{"a":{"type":"integer"}}}})", o);
  const auto r = s.validate_text(permutations(2000));
  CHECK_FALSE(r.valid);
  CHECK(r.tooComplex);
  // With the default budget, the same array is valid.
  CHECK(must_compile(R"({"type":"array","items":{"type":"object","properties":{"a":{"type":"integer"}}}})")
            .validate_text(permutations(2000))
            .valid);
}

TEST_CASE("a regex that runs out of its step budget marks the result tooComplex", "[schema][budget]") {
  CompileOptions o;
  o.limits.regexStepBudget = 1000;
  auto s = must_compile(R"({"pattern":"(a|b|c|d)*x"})", o);
  const auto r = s.validate_text("\"" + std::string(5000, 'a') + "\"");
  CHECK_FALSE(r.valid);
  CHECK(r.tooComplex);
}

TEST_CASE("a tool call with the recursive oneOf through $dynamicRef answers arguments_too_complex", "[schema][budget][router]") {
  const std::string tools = std::string(R"([{"type":"function","name":"tree","parameters":)") + kDynamicRecursiveOneOf + "}]";
  auto router = rc::testing::make_router(tools.c_str());
  const auto refused = router.plan("tree", chain(40));
  REQUIRE_FALSE(refused.request);
  const json result = rc::testing::result_json(rc::result_text(refused));
  CHECK(result["error"]["code"] == "arguments_too_complex");
  CHECK(result["error"]["tool"] == "tree");
  CHECK_THAT(result["error"]["message"].get<std::string>(), Catch::Contains("Nothing was fetched"));
  CHECK(router.plan("tree", chain(8)).request);
}

TEST_CASE("a tool call with 20,000 permuted objects under uniqueItems is planned", "[schema][budget][router]") {
  auto router = rc::testing::make_router(R"([{"type":"function","name":"bulk","route":{"method":"POST"},
    "parameters":{"type":"object","properties":{"rows":{"type":"array","uniqueItems":true}}}}])");
  const auto outcome = router.plan("bulk", R"({"rows":)" + permutations(20000) + "}");
  INFO(rc::result_text(outcome).substr(0, 300));
  CHECK(outcome.request);
}
