#pragma once
#include <catch2/catch.hpp>

#include "router/router.hpp"
#include "router/tool_set.hpp"

namespace rc::testing {

// A router over a base URL and tools given as JSON text, built the way a
// browser core builds it: the tools compiled into a set, the set read back
// and loaded. Fails the test if the tools or the set are refused, so every
// router test also checks that the compiled form loses nothing.
inline Router make_router(const char* toolsJson, const char* basePath = "") {
  std::string bytes, error;
  const bool compiled = compile_tool_set(json{{"tools", json::parse(toolsJson)}}, bytes, error);
  INFO(error);
  REQUIRE(compiled);
  ToolSet set;
  REQUIRE(read_tool_set(bytes, set, error));
  auto router = Router::load(std::move(set), json{{"baseOrigin", "http://127.0.0.1:8080"}, {"basePath", basePath}}.dump(), error);
  REQUIRE(router.has_value());
  return std::move(*router);
}

// The same tools through Router::create, which the server's matcher uses.
inline Router make_tree_router(const char* toolsJson, const char* basePath = "") {
  std::string error;
  auto router = Router::create(
      json{{"tools", json::parse(toolsJson)}, {"baseOrigin", "http://127.0.0.1:8080"}, {"basePath", basePath}}, error);
  INFO(error);
  REQUIRE(router.has_value());
  return std::move(*router);
}

// The router writes each result for the model as JSON text.
inline json result_json(const std::string& text) {
  json parsed = json::parse(text, nullptr, false);
  INFO(text);
  CHECK(parsed.is_object());
  return parsed;
}

inline std::string error_code(const json& result) {
  return result.contains("error") ? result["error"].value("code", "") : "";
}
inline std::string error_code(const std::string& result) { return error_code(result_json(result)); }

}  // namespace rc::testing
