#pragma once
// Key bytes that are overwritten when dropped, and the short id events carry
// instead of the key.
#include <cstdint>
#include <string>
#include <string_view>

namespace rc::keys {

// Overwrites every byte of `s`'s buffer (its spare capacity too) and empties
// it. Best effort: copies made outside the core (JavaScript strings, embind's
// wire buffers, nlohmann's lexer buffer, freed blocks the allocator moved) are
// out of its reach.
void wipe(std::string& s) noexcept;

// A key value that wipes itself. Move-only; a move copies then wipes the
// source, so no stale bytes stay behind in a moved-from small-string buffer.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string_view value) : value_(value) {}
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& other) noexcept : value_(other.value_) { wipe(other.value_); }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      wipe(value_);
      value_ = other.value_;
      wipe(other.value_);
    }
    return *this;
  }
  ~Secret() { wipe(value_); }

  std::string_view view() const noexcept { return value_; }
  const char* c_str() const noexcept { return value_.c_str(); }
  bool empty() const noexcept { return value_.empty(); }
  void clear() noexcept { wipe(value_); }

 private:
  std::string value_;
};

// The first 12 hex digits of the SHA-256 of `key`, the same id the server's
// audit log gives it (server/audit.js): enough to match a key across logs,
// 48 bits of a hash of a high-entropy secret, so not reversible.
std::string key_id(std::string_view key);

// The first 8 bytes of the SHA-256 of `key`: what the core remembers of keys
// it has accepted (keys/seen_keys.hpp), never the key.
std::uint64_t key_fingerprint(std::string_view key);

}  // namespace rc::keys
