#include "keys/secret.hpp"

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
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(8, '0');
  for (int i = 0; i < 8; ++i) id[i] = kHex[(h >> (60 - 4 * i)) & 0xF];
  return id;
}

}  // namespace rc::keys
