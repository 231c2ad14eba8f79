#pragma once
// Every enum that crosses the wire is one table: a .def file beside its header
// holding one `RC_ENUM_ROW(identifier, "name", "message")` per value, in the
// wire's order (row n is value n). The header expands the rows into the enum and
// into constexpr columns (names, and messages where the core shows them), and
// looks values up with the functions below; scripts/generate-enum-types.mjs reads
// the same rows to write web/index.d.ts's unions. Each .def ends by undefining
// RC_ENUM_ROW, so an expansion is a #define followed by an #include:
//
//   enum class Color {
//   #define RC_ENUM_ROW(id, name, message) id,
//   #include "colors.def"
//   };
//   inline constexpr std::string_view kColorNames[] = {
//   #define RC_ENUM_ROW(id, name, message) name,
//   #include "colors.def"
//   };
//   #define RC_ENUM_ROW(id, name, message) static_assert(rc::spells(#id, name));
//   #include "colors.def"
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace rc {

// A row's name is its identifier, where '-' may stand for '_' (KeyMode's
// "per-session"): a name cannot drift from the value it names.
constexpr bool spells(std::string_view identifier, std::string_view name) {
  if (identifier.size() != name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (name[i] != identifier[i] && !(name[i] == '-' && identifier[i] == '_')) return false;
  return true;
}

// Value `e`'s entry in a column, or `fallback` for a number no row has (a
// value cast from a number JavaScript sent).
template <typename Enum>
constexpr std::string_view column_of(std::span<const std::string_view> column, Enum e, std::string_view fallback) {
  const auto i = static_cast<std::size_t>(e);
  return i < column.size() ? column[i] : fallback;
}

// The value a name is the name of, if any.
template <typename Enum>
constexpr std::optional<Enum> value_named(std::span<const std::string_view> names, std::string_view name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Enum>(i);
  return std::nullopt;
}

}  // namespace rc
