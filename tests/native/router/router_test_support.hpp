#pragma once
#include <catch2/catch.hpp>

#include "router/router.hpp"

namespace rc::testing {

// A router over a base URL and tools given as JSON text; fails the test if
// the configuration is refused.
inline Router make_router(const char* toolsJson, const char* basePath = "") {
  std::string error;
  auto router = Router::create(
      json{{"tools", json::parse(toolsJson)}, {"baseOrigin", "http://127.0.0.1:8080"}, {"basePath", basePath}}, error);
  INFO(error);
  REQUIRE(router.has_value());
  return std::move(*router);
}

inline std::string error_code(const json& result) {
  return result.contains("error") ? result["error"].value("code", "") : "";
}

}  // namespace rc::testing
