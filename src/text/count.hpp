#pragma once
// A number and its noun in a message: "1 character", "2 characters" (the singular for exactly one).

#include <cstdint>
#include <string>
#include <string_view>

namespace rc {

/// `singular` for exactly one, else `plural`: the noun after a count a message shows.
constexpr std::string_view noun_for(std::uint64_t n, std::string_view singular, std::string_view plural) noexcept {
  return n == 1 ? singular : plural;
}

/// "1 byte", "0 bytes", "65536 bytes".
inline std::string count_of(std::uint64_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + ' ' + std::string(noun_for(n, singular, plural));
}

}  // namespace rc
