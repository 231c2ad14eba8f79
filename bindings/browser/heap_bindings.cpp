// Heap figures for the memory benchmark and the handle tests: bytes the
// allocator has handed out and not taken back, and the WASM memory's size.
#include <emscripten/heap.h>

#include <malloc.h>

extern "C" double rc_heap_used_bytes() { return static_cast<double>(mallinfo().uordblks); }
extern "C" double rc_memory_bytes() { return static_cast<double>(emscripten_get_heap_size()); }
