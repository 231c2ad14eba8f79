#pragma once
// The methods a tool's route may use: the one list behind tool definitions,
// the compiled tool set's method byte and the report's method field
// (bindings/browser/wire.hpp), which all store a method as its index here.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rc {

enum class HttpMethod : std::uint8_t { GET, POST, PUT, PATCH, DELETE };

inline constexpr std::array<std::string_view, 5> kHttpMethodNames{"GET", "POST", "PUT", "PATCH", "DELETE"};

constexpr std::string_view to_string(HttpMethod method) { return kHttpMethodNames[static_cast<std::size_t>(method)]; }

constexpr std::optional<HttpMethod> http_method_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kHttpMethodNames.size(); ++i)
    if (kHttpMethodNames[i] == name) return static_cast<HttpMethod>(i);
  return std::nullopt;
}

// POST, PUT and PATCH carry the arguments as a JSON body; GET and DELETE as a query.
constexpr bool sends_body(std::string_view method) { return method == "POST" || method == "PUT" || method == "PATCH"; }

}  // namespace rc
