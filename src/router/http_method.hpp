#pragma once
// The methods a tool's route may use (their table: router/http_methods.def):
// the one list behind tool definitions, the compiled tool set's method byte and
// the report's method field (bindings/browser/wire.hpp), which all store a
// method as its index here.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "text/enum_table.hpp"

namespace rc {

enum class HttpMethod : std::uint8_t {
#define RC_ENUM_ROW(id, name, message) id,
#include "router/http_methods.def"
};

inline constexpr std::string_view kHttpMethodNameList[] = {
#define RC_ENUM_ROW(id, name, message) name,
#include "router/http_methods.def"
};
#define RC_ENUM_ROW(id, name, message) static_assert(spells(#id, name), "HttpMethod: " #id);
#include "router/http_methods.def"
inline constexpr std::span<const std::string_view> kHttpMethodNames{kHttpMethodNameList};

constexpr std::string_view to_string(HttpMethod method) { return column_of(kHttpMethodNames, method, "GET"); }
constexpr std::optional<HttpMethod> http_method_from_string(std::string_view name) {
  return value_named<HttpMethod>(kHttpMethodNames, name);
}

// POST, PUT and PATCH carry the arguments as a JSON body; GET and DELETE as a query.
constexpr bool sends_body(std::string_view method) { return method == "POST" || method == "PUT" || method == "PATCH"; }

}  // namespace rc
