#pragma once
// Heapsort: O(n log n) in the worst case like std::sort, and a fraction of its
// code in the WASM build (std::sort instantiates a whole introsort per element
// type). Not stable: for element types whose equal values are interchangeable.
#include <cstddef>
#include <utility>

namespace rc::text {

template <class T>
void heap_sort(T* items, std::size_t count) {
  const auto sift_down = [items](std::size_t root, std::size_t end) {
    for (std::size_t child; (child = 2 * root + 1) < end; root = child) {
      if (child + 1 < end && items[child] < items[child + 1]) ++child;
      if (!(items[root] < items[child])) return;
      std::swap(items[root], items[child]);
    }
  };
  for (std::size_t i = count / 2; i-- > 0;) sift_down(i, count);
  for (std::size_t end = count; end-- > 1;) {
    std::swap(items[0], items[end]);
    sift_down(0, end);
  }
}

}  // namespace rc::text
