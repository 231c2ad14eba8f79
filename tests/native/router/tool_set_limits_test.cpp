// The limits table (router/tool_set_limits.hpp): tools at each limit compile
// and the set loads; one past it, the compiler refuses them and names the
// limit, so that no set it hands out is one a browser core refuses.
#include <catch2/catch.hpp>

#include <string>

#include "router/tool_set.hpp"
#include "router/tool_set_limits.hpp"

using rc::json;

namespace {

struct Compiled {
  std::string bytes;
  std::string error;
};

Compiled compile(const json& tools) {
  Compiled out;
  if (!rc::compile_tool_set(json{{"tools", tools}}, out.bytes, out.error)) CHECK(out.bytes.empty());
  return out;
}

rc::ToolSet loaded(const Compiled& compiled) {
  INFO(compiled.error);
  REQUIRE(compiled.error.empty());
  rc::ToolSet set;
  std::string error;
  INFO(error);
  REQUIRE(rc::read_tool_set(compiled.bytes, set, error));
  return set;
}

std::size_t loaded_bytes(const Compiled& compiled) {
  loaded(compiled);
  return compiled.bytes.size();
}

void refused_naming(const Compiled& compiled, const std::string& limit) {
  INFO(compiled.error);
  CHECK(compiled.bytes.empty());
  CHECK(compiled.error.find(limit) != std::string::npos);
  CHECK(compiled.error.find(std::to_string(rc::tool_set_limit(limit).value)) != std::string::npos);
}

json tool(const std::string& name, json parameters = {{"type", "object"}}) {
  return {{"name", name}, {"parameters", std::move(parameters)}};
}

json tools_named(std::size_t n) {
  json tools = json::array();
  for (std::size_t i = 0; i < n; ++i) tools.push_back(tool("t" + std::to_string(i)));
  return tools;
}

json with_path(std::size_t bytes) {
  json t = tool("t");
  t["route"] = {{"path", "/" + std::string(bytes - 1, 'p')}};
  return json::array({t});
}

json with_description(std::size_t bytes) {
  json t = tool("t");
  t["description"] = std::string(bytes, 'd');
  return json::array({t});
}

json with_property_name(std::size_t bytes) {
  return json::array({tool("t", {{"type", "object"}, {"properties", {{std::string(bytes, 'n'), {{"type", "string"}}}}}})});
}

// Two tools whose schemas hold a large const (in the public list and in the
// compiled schema; a schema's text is at most 1 MiB), and one whose route path
// fills the rest, byte by byte.
json set_of_about(std::size_t pathBytes) {
  const json big = {{"type", "object"}, {"properties", {{"v", {{"const", std::string(1024 * 1024 - 1500, 'c')}}}}}};
  json filler = tool("filler");
  filler["route"] = {{"path", "/" + std::string(pathBytes - 1, 'p')}};
  return json::array({tool("big1", big), tool("big2", big), filler});
}

}  // namespace

TEST_CASE("the limits table names each limit once", "[router][tool_set][limits]") {
  for (std::size_t i = 0; i < rc::kToolSetLimits.size(); ++i)
    for (std::size_t j = i + 1; j < rc::kToolSetLimits.size(); ++j) CHECK(rc::kToolSetLimits[i].name != rc::kToolSetLimits[j].name);
  CHECK(rc::tool_set_limit("setBytes").value == rc::kMaxToolSetBytes);
  CHECK(rc::tool_set_limit("tools").value == 128);
}

TEST_CASE("a set of 128 tools compiles and loads; 129 are refused at compile time", "[router][tool_set][limits]") {
  CHECK(loaded(compile(tools_named(rc::kMaxToolSetTools))).tools.size() == rc::kMaxToolSetTools);
  refused_naming(compile(tools_named(rc::kMaxToolSetTools + 1)), "tools");
}

TEST_CASE("a route path of 8192 bytes compiles and loads; 8193 are refused at compile time", "[router][tool_set][limits]") {
  CHECK(loaded(compile(with_path(rc::kMaxRoutePathBytes))).tools[0].route.path.source().size() == rc::kMaxRoutePathBytes);
  refused_naming(compile(with_path(rc::kMaxRoutePathBytes + 1)), "routePathBytes");
}

TEST_CASE("a public tool list at its limit compiles and loads; one byte more is refused", "[router][tool_set][limits]") {
  const std::size_t base = loaded(compile(with_description(0))).publicToolsText.size();
  const std::size_t fill = rc::kMaxToolSetTextBytes - base;
  CHECK(loaded(compile(with_description(fill))).publicToolsText.size() == rc::kMaxToolSetTextBytes);
  refused_naming(compile(with_description(fill + 1)), "publicToolsBytes");
  // The attack's 5 MB description: refused, never written.
  refused_naming(compile(with_description(5'000'000)), "publicToolsBytes");
}

TEST_CASE("a set of exactly 4 MiB compiles and loads; one byte more is refused", "[router][tool_set][limits]") {
  const std::size_t probe = 200;
  const std::size_t base = loaded_bytes(compile(set_of_about(probe)));
  REQUIRE(base < rc::kMaxToolSetBytes);
  const std::size_t path = probe + (rc::kMaxToolSetBytes - base);
  REQUIRE(path <= rc::kMaxRoutePathBytes);
  const Compiled atLimit = compile(set_of_about(path));
  loaded(atLimit);
  CHECK(atLimit.bytes.size() == rc::kMaxToolSetBytes);
  refused_naming(compile(set_of_about(path + 1)), "setBytes");
}

TEST_CASE("a property name of 65536 bytes compiles and loads; 65537 are refused (the schema codec's limit)", "[router][tool_set][limits]") {
  const std::size_t limit = rc::tool_set_limit("schemaNameBytes").value;
  loaded(compile(with_property_name(limit)));
  refused_naming(compile(with_property_name(limit + 1)), "schemaNameBytes");
  refused_naming(compile(with_property_name(70'000)), "schemaNameBytes");  // the attack's
}

TEST_CASE("route timeouts, answer sizes and tool names stop at the table's values", "[router][tool_set][limits]") {
  const auto routed = [](json route) {
    json t = tool("t");
    t["route"] = std::move(route);
    return json::array({t});
  };
  CHECK(loaded(compile(routed({{"timeoutMs", rc::kMaxRouteTimeoutMs}}))).tools[0].route.timeoutMs == rc::kMaxRouteTimeoutMs);
  CHECK_FALSE(compile(routed({{"timeoutMs", rc::kMaxRouteTimeoutMs + 1}})).error.empty());
  CHECK(loaded(compile(routed({{"maxResponseBytes", rc::kMaxResponseBytesCeiling}}))).tools[0].route.maxResponseBytes ==
        rc::kMaxResponseBytesCeiling);
  CHECK_FALSE(compile(routed({{"maxResponseBytes", rc::kMaxResponseBytesCeiling + 1}})).error.empty());
  loaded(compile(json::array({tool(std::string(rc::kMaxToolNameLength, 'n'))})));
  CHECK_FALSE(compile(json::array({tool(std::string(rc::kMaxToolNameLength + 1, 'n'))})).error.empty());
}
