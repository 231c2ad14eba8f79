#pragma once
// Shared by the fuzz targets: a fixed router over tools that exercise every
// routing feature (query, POST body, path templates, schema keywords).
#include <cstdint>
#include <string>

#include "router/router.hpp"

namespace rc::fuzz {

inline const Router& fixture_router() {
  static const Router router = [] {
    std::string error;
    auto created = Router::create(json::parse(R"({
      "baseOrigin": "http://127.0.0.1:8080", "basePath": "/api",
      "tools": [
        {"name":"get_weather","parameters":{"type":"object","properties":{
          "city":{"type":"string"},"unit":{"enum":["c","f"]},"days":{"type":"integer"},
          "tags":{"type":"array","items":{"type":"string"}},"where":{"type":"object"}},
          "required":["city"],"additionalProperties":false}},
        {"name":"book","route":{"method":"POST","path":"/r/{restaurant}/b/{id}"},
         "parameters":{"type":"object","properties":{"restaurant":{"type":"string"},"id":{"type":"integer"}}}},
        {"name":"note","route":{"method":"PUT","path":"/notes"}},
        {"name":"free"}
      ]})"), error);
    if (!created) __builtin_trap();
    return std::move(*created);
  }();
  return router;
}

// Splits the input at the first NUL: the part before it, and the rest.
inline std::pair<std::string, std::string> split(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto cut = input.find('\0');
  if (cut == std::string::npos) return {input, ""};
  return {input.substr(0, cut), input.substr(cut + 1)};
}

}  // namespace rc::fuzz
