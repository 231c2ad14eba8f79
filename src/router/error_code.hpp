#pragma once
// The one list of failure codes a tool call can end with (its table:
// router/error_codes.def). Each becomes `{ error: { code, message, tool, ... } }`,
// handed to the model instead of an exception, because DeepChat ends the voice
// session on a throw.
#include <optional>
#include <string_view>

#include "text/enum_table.hpp"

namespace rc {

enum class ErrorCode {
#define RC_ENUM_ROW(id, name, message) id,
#include "router/error_codes.def"
};

inline constexpr std::string_view kErrorCodeNames[] = {
#define RC_ENUM_ROW(id, name, message) name,
#include "router/error_codes.def"
};
#define RC_ENUM_ROW(id, name, message) static_assert(spells(#id, name), "ErrorCode: " #id);
#include "router/error_codes.def"

// A number no code has (cast from JavaScript's) reads as internal_error.
constexpr std::string_view to_string(ErrorCode code) { return column_of(kErrorCodeNames, code, "internal_error"); }
constexpr std::optional<ErrorCode> error_code_from_string(std::string_view name) {
  return value_named<ErrorCode>(kErrorCodeNames, name);
}

}  // namespace rc
