// Heap figures for the memory benchmark and the handle tests: bytes the
// allocator has handed out and not taken back, and the WASM memory's size.
#include <emscripten/bind.h>
#include <emscripten/heap.h>

#include <malloc.h>

namespace {

double heap_used_bytes() { return static_cast<double>(mallinfo().uordblks); }
double memory_bytes() { return static_cast<double>(emscripten_get_heap_size()); }

}  // namespace

EMSCRIPTEN_BINDINGS(realtime_companion_heap) {
  emscripten::function("heapUsedBytes", &heap_used_bytes);
  emscripten::function("memoryBytes", &memory_bytes);
}
