#pragma once
// A small hash table from 64-bit keys to a bool, for the evaluator's
// annotations (sets of property-name addresses and item indexes) and its memo.
// One non-template class for all three: std::unordered_set/map instantiated
// several kilobytes of code per key type in the WASM build. Open addressing,
// linear probing, a power-of-two capacity at most half full; no deletion (the
// evaluator never removes). Every key is valid, 0 and all-ones included: a
// slot says itself whether it is taken.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace rc::schema::detail {

class U64Table {
 public:
  U64Table() = default;
  // A moved-from table is empty and usable.
  U64Table(U64Table&& o) noexcept { *this = std::move(o); }
  U64Table& operator=(U64Table&& o) noexcept {
    slots_ = std::move(o.slots_);
    mask_ = std::exchange(o.mask_, 0);
    size_ = std::exchange(o.size_, 0);
    shift_ = std::exchange(o.shift_, 64);
    return *this;
  }
  U64Table(const U64Table&) = delete;
  U64Table& operator=(const U64Table&) = delete;

  std::size_t size() const { return size_; }
  bool contains(std::uint64_t key) const { return find(key) != nullptr; }

  // The value stored for `key`, or null when the key is absent.
  const bool* find(std::uint64_t key) const {
    if (size_ == 0) return nullptr;
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (!s.taken) return nullptr;
      if (s.key == key) return &s.value;
    }
  }

  // Adds `key`, or replaces its value when it is already there.
  void set(std::uint64_t key, bool value = true) {
    if (2 * (size_ + 1) > capacity()) grow();
    Slot& s = probe(key);
    if (!s.taken) {
      s.taken = true;
      s.key = key;
      ++size_;
    }
    s.value = value;
  }

  // Adds every key of `other` (values from `other`).
  void merge(const U64Table& other) {
    for (std::size_t i = 0; i < other.capacity(); ++i)
      if (other.slots_[i].taken) set(other.slots_[i].key, other.slots_[i].value);
  }

 private:
  struct Slot {
    std::uint64_t key;
    bool taken;
    bool value;
  };

  std::size_t capacity() const { return slots_ ? mask_ + 1 : 0; }

  // Fibonacci hashing: the top bits of the product mix every bit of the key
  // (addresses differ mostly in their middle bits, indexes in their low ones).
  std::size_t home(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ULL) >> shift_) & mask_;
  }

  Slot& probe(std::uint64_t key) {
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (!s.taken || s.key == key) return s;
    }
  }

  void grow() {
    const std::size_t old = capacity();
    const std::size_t next = old ? 2 * old : 8;
    std::unique_ptr<Slot[]> was = std::move(slots_);
    slots_.reset(new Slot[next]());
    mask_ = next - 1;
    shift_ = 64;
    for (std::size_t c = next; c > 1; c >>= 1) --shift_;
    size_ = 0;
    for (std::size_t i = 0; i < old; ++i)
      if (was[i].taken) set(was[i].key, was[i].value);
  }

  std::unique_ptr<Slot[]> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
  unsigned shift_ = 64;
};

}  // namespace rc::schema::detail
