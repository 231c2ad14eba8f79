#pragma once
// Every way getting a key can fail, as one enum (its table: keys/key_errors.def).
// The JavaScript layer maps a code to its typed error through one function;
// messages never hold a key.
#include <cstdint>
#include <string_view>

#include "text/enum_table.hpp"

namespace rc::keys {

enum class KeyError : std::uint8_t {
#define RC_ENUM_ROW(id, name, message) id,
#include "keys/key_errors.def"
};

inline constexpr std::string_view kKeyErrorNames[] = {
#define RC_ENUM_ROW(id, name, message) name,
#include "keys/key_errors.def"
};
inline constexpr std::string_view kKeyErrorMessages[] = {
#define RC_ENUM_ROW(id, name, message) message,
#include "keys/key_errors.def"
};
#define RC_ENUM_ROW(id, name, message) static_assert(spells(#id, name), "KeyError: " #id);
#include "keys/key_errors.def"
static_assert(KeyError::none == KeyError{}, "none is 0: a zeroed record holds no error");

// Stable snake_case name of `e` (the `code` of the JavaScript error).
constexpr std::string_view to_string(KeyError e) noexcept { return column_of(kKeyErrorNames, e, "unknown"); }

// One sentence for the page author: what went wrong and what to check.
constexpr std::string_view describe(KeyError e) noexcept { return column_of(kKeyErrorMessages, e, "Unknown error."); }

}  // namespace rc::keys
