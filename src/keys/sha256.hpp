#pragma once
// SHA-256 (FIPS 180-4), for key ids: the browser's key events and the server's
// audit log name a key by the same first 12 hex digits of its SHA-256, so an
// operator can match the two without either holding the key.
#include <array>
#include <cstdint>
#include <string_view>

namespace rc::keys {

std::array<std::uint8_t, 32> sha256(std::string_view data);

}  // namespace rc::keys
