#pragma once
// Which keys the core has already accepted, so that a key the endpoint (or a
// cache in front of it) returns again is refused instead of handed out twice.
// Holds fingerprints (keys/secret.hpp key_fingerprint), never keys, and at most
// kCapacity of them: the oldest is forgotten first. At the default pace (about
// 1.4 one-minute keys per minute of use) that is two days of keys, and the
// memory stays under 100 KB.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <unordered_set>

namespace rc::keys {

class SeenKeys {
 public:
  static constexpr std::size_t kCapacity = 4096;

  bool contains(std::uint64_t fingerprint) const { return set_.count(fingerprint) != 0; }
  void insert(std::uint64_t fingerprint);
  std::size_t size() const noexcept { return order_.size(); }

 private:
  std::deque<std::uint64_t> order_;  // oldest first
  std::unordered_set<std::uint64_t> set_;
};

}  // namespace rc::keys
