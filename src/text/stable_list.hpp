#pragma once
// A list whose elements never move: each is allocated on its own, so a pointer
// to one stays valid while the list grows. A compiled schema's nodes and
// resources point at each other, and the compiler adds to both as it goes.
// Not std::deque, which gives the same guarantee: its block map and iterators
// cost the browser core about 2.5 KB of code, a vector of owning pointers a
// few hundred bytes per element type.
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace rc::text {

template <class T>
class StableList {
  using Slots = std::vector<std::unique_ptr<T>>;

  // Iterates the elements themselves, not their owning pointers.
  template <class Slot, class Element>
  class Iterator {
   public:
    explicit Iterator(Slot* at) : at_(at) {}
    Element& operator*() const { return **at_; }
    Iterator& operator++() {
      ++at_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return at_ == other.at_; }  // != follows (C++20)

   private:
    Slot* at_;
  };

 public:
  using iterator = Iterator<std::unique_ptr<T>, T>;
  using const_iterator = Iterator<const std::unique_ptr<T>, const T>;

  template <class... Args>
  T& emplace_back(Args&&... args) {
    slots_.push_back(std::make_unique<T>(std::forward<Args>(args)...));
    return *slots_.back();
  }
  T& push_back(T&& value) { return emplace_back(std::move(value)); }

  T& operator[](std::size_t i) { return *slots_[i]; }
  const T& operator[](std::size_t i) const { return *slots_[i]; }
  std::size_t size() const { return slots_.size(); }

  iterator begin() { return iterator(slots_.data()); }
  iterator end() { return iterator(slots_.data() + slots_.size()); }
  const_iterator begin() const { return const_iterator(slots_.data()); }
  const_iterator end() const { return const_iterator(slots_.data() + slots_.size()); }

 private:
  Slots slots_;
};

}  // namespace rc::text
