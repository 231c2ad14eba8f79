// Untrusted JSON text: parsed or refused, and what parses serialises again.
#include "json/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const rc::ParseResult parsed = rc::parse_json(std::string_view(reinterpret_cast<const char*>(data), size));
  if (parsed.ok) {
    const std::string text = rc::to_json_text(parsed.value);
    if (!rc::parse_json(text).ok) __builtin_trap();  // round trip
  } else if (parsed.error.empty()) {
    __builtin_trap();
  }
  return 0;
}
