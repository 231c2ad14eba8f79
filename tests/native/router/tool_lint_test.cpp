#include <catch2/catch.hpp>

#include "router/tool_lint.hpp"

using rc::json;

namespace {
std::vector<rc::LintFinding> lint(const char* tools) { return rc::lint_tools(json::parse(tools), {}); }

bool has(const std::vector<rc::LintFinding>& findings, bool fatal, const std::string& words, const std::string& path = "") {
  for (const auto& f : findings)
    if (f.fatal == fatal && f.message.find(words) != std::string::npos && (path.empty() || f.path == path)) return true;
  return false;
}
}  // namespace

TEST_CASE("lint: a good tool has no findings", "[lint]") {
  auto findings = lint(R"([{"type":"function","name":"get_weather","description":"d",
    "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}])");
  CHECK(findings.empty());
}

TEST_CASE("lint: what OpenAI rejects is fatal", "[lint]") {
  CHECK(has(lint(R"([{"name":"a b","description":"d"}])"), true, "^[a-zA-Z0-9_-]{1,64}$"));
  CHECK(has(lint(R"([{"name":"x","description":"d"},{"name":"x","description":"d"}])"), true, "declared twice"));
  CHECK(has(lint(R"([{"name":"x","description":"d","parameters":{"type":"array"}}])"), true, "root of parameters",
            "/parameters/type"));
  CHECK(has(lint(R"([{"name":"x","description":"d","parameters":{"properties":{}}}])"), true, "root of parameters"));
}

TEST_CASE("lint: a schema invalid against its metaschema is fatal, with the place", "[lint]") {
  auto findings = lint(R"([{"name":"x","description":"d","parameters":{"type":"object","properties":{"n":{"type":"integr"}}}}])");
  CHECK(has(findings, true, "metaschema"));
  bool located = false;
  for (const auto& f : findings) located = located || f.path.rfind("/parameters/properties/n", 0) == 0;
  CHECK(located);
  CHECK(has(lint(R"([{"name":"x","description":"d","parameters":{"type":"object","minProperties":-1}}])"), true, "metaschema"));
}

TEST_CASE("lint: what would break at run time is fatal", "[lint]") {
  CHECK(has(lint(R"([{"name":"x","description":"d","parameters":{"type":"object","properties":{"a":{"$ref":"#/$defs/missing"}}}}])"),
            true, ""));
  CHECK(has(lint(R"([{"name":"x","description":"d","parameters":{"type":"object","required":["a"],"additionalProperties":false}}])"),
            true, "every call would fail"));
  CHECK(has(lint(R"([{"name":"x","description":"d","route":{"method":"TRACE"}}])"), true, "route.method"));
}

TEST_CASE("lint: doubtful but workable definitions are warnings", "[lint]") {
  CHECK(has(lint(R"([{"name":"x"}])"), false, "no description"));
  CHECK(has(lint(R"([{"name":"x","description":"d","parameters":{"type":"object","required":["a"]}}])"), false,
            "not declared"));
  CHECK(has(lint(R"([{"name":"x","description":"d","route":{"path":"/u/{id}"},"parameters":{"type":"object"}}])"),
            false, "{id}"));
  for (const auto& f : lint(R"([{"name":"x"}])")) CHECK_FALSE(f.fatal);
}

TEST_CASE("lint: a misspelt tool field (paramaters) is fatal and names the field it resembles", "[lint]") {
  CHECK(has(lint(R"([{"name":"x","description":"d","paramaters":{"type":"object"}}])"), true,
            "unknown field \"paramaters\" (did you mean \"parameters\"?"));
}
