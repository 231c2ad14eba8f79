#pragma once
// A reference-counted pointer to one T made by Shared<T>::make: copies share
// it, and the last one destroys it. std::shared_ptr does the same, but its
// control block is a class with virtual functions, whose type information
// links libc++abi's dynamic_cast machinery (about 3 KB) into the browser core,
// which has no other use for it. Here the destructor is reached through a plain
// function pointer, so a Shared<T> can still be destroyed where T is an
// incomplete type (CompiledSchema::Impl, outside src/schema/). The count is
// not atomic: the core runs on one thread (WebAssembly without threads).
#include <cstddef>
#include <utility>

namespace rc::text {

template <class T>
class Shared {
  struct Count {
    std::size_t refs;
    void (*destroy)(Count*);
  };
  struct Holder : Count {
    template <class... Args>
    explicit Holder(Args&&... args) : Count{1, &destroy_holder}, value(std::forward<Args>(args)...) {}
    T value;
  };
  static void destroy_holder(Count* count) { delete static_cast<Holder*>(count); }

 public:
  Shared() = default;
  Shared(const Shared& other) : count_(other.count_), value_(other.value_) {
    if (count_) ++count_->refs;
  }
  Shared(Shared&& other) noexcept
      : count_(std::exchange(other.count_, nullptr)), value_(std::exchange(other.value_, nullptr)) {}
  Shared& operator=(Shared other) noexcept {
    std::swap(count_, other.count_);
    std::swap(value_, other.value_);
    return *this;
  }
  ~Shared() {
    if (count_ && --count_->refs == 0) count_->destroy(count_);
  }

  template <class... Args>
  static Shared make(Args&&... args) {
    auto* holder = new Holder(std::forward<Args>(args)...);
    Shared made;
    made.count_ = holder;
    made.value_ = &holder->value;
    return made;
  }

  T* get() const { return value_; }
  T& operator*() const { return *value_; }
  T* operator->() const { return value_; }
  explicit operator bool() const { return value_ != nullptr; }

 private:
  Count* count_ = nullptr;
  T* value_ = nullptr;
};

}  // namespace rc::text
