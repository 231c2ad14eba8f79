#pragma once
// Unicode general categories for \p{...} / \P{...}: L (Letter), N (Number) and
// Nd (Decimal_Number): the ones tool schemas use; others are a compile error.
#include <cstdint>
#include <string_view>
#include <vector>

#include "schema/regex/regex.hpp"

namespace rc::schema::regex {

// Appends the ranges of the category `name`; false when it is not supported.
bool unicode_category(std::string_view name, std::vector<Range>& out);

}  // namespace rc::schema::regex
