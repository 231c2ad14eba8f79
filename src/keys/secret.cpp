#include "keys/secret.hpp"

#include "keys/sha256.hpp"

#include <cstdint>

namespace rc::keys {

void wipe(std::string& s) noexcept {
  if (s.capacity() > 0) {
    s.resize(s.capacity());  // no reallocation: exposes the spare bytes too
    // volatile: the stores must not be dropped as dead before the free.
    volatile char* p = s.data();
    for (std::size_t i = 0; i < s.size(); ++i) p[i] = '\0';
  }
  s.clear();
}

std::string key_id(std::string_view key) {
  const auto digest = sha256(key);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(12, '0');
  for (int i = 0; i < 6; ++i) {
    id[2 * i] = kHex[digest[i] >> 4];
    id[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return id;
}

std::uint64_t key_fingerprint(std::string_view key) {
  const auto digest = sha256(key);
  std::uint64_t f = 0;
  for (int i = 0; i < 8; ++i) f = (f << 8) | digest[i];
  return f;
}

}  // namespace rc::keys
