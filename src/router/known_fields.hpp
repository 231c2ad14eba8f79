#pragma once
// Refuses the fields a definition does not know. A misspelt optional field
// (`rout`, `paramaters`, `timeout`) would otherwise be dropped in silence and
// its default used instead, so the message names the nearest known field.
#include <initializer_list>
#include <string>
#include <string_view>

#include "json/parse.hpp"

namespace rc {

// The known field closest to `field` (case-insensitive edit distance of at most
// 2, or `field` is a prefix of at least 4 characters), or "" when none is close.
std::string nearest_field(std::string_view field, std::initializer_list<std::string_view> known);

// "" when every member of `object` is in `known`; otherwise the refusal for the
// first unknown one: `unknown field "rout" (did you mean "route"? known: ...)`.
std::string unknown_field_error(const json& object, std::initializer_list<std::string_view> known);

}  // namespace rc
