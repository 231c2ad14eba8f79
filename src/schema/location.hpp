#pragma once
// Where the evaluator is, in the schema and in the instance: chains of steps
// on the C++ stack, turned into JSON Pointers only when an error is recorded.
// Internal to src/schema/ (evaluate/).
#include <cstdint>
#include <string>
#include <string_view>

#include "schema/internal.hpp"

namespace rc::schema::detail {

// One step of a location: a name (viewing a string that outlives the
// evaluation) or, when `p` is null, an array index. 16 bytes natively: a
// step is taken for every child on the hot path.
struct Seg {
  const char* p;
  std::uint32_t len;
  std::uint32_t index;
};

inline Seg key_seg(std::string_view k) { return Seg{k.data() ? k.data() : "", static_cast<std::uint32_t>(k.size()), 0}; }
inline Seg index_seg(std::size_t i) { return Seg{nullptr, 0, static_cast<std::uint32_t>(i)}; }

// A location is a chain of steps, each living on the C++ stack of the
// evaluation that took it, from the innermost one up. Taking a step is two
// stores (no heap, no scratch kept between calls); the chain becomes a JSON
// Pointer only when an error is recorded.
struct Step {
  const Step* up;
  Seg seg;
};

// Takes one step for the lifetime of this object.
class Push {
 public:
  Push(const Step*& top, Seg seg) : top_(top), step_{top, seg} { top = &step_; }
  ~Push() { top_ = step_.up; }
  Push(const Push&) = delete;
  Push& operator=(const Push&) = delete;

 private:
  const Step*& top_;
  Step step_;
};

// The resources entered so far (for $dynamicRef), the same way.
struct ScopeStep {
  const ScopeStep* up;
  const Resource* resource;
};

// A JSON Pointer token: '/' then the name, '~' and '/' escaped.
void append_token(std::string& out, std::string_view token);

// The steps outermost first, then `last` when given (the keyword being
// checked), appended to `out`.
void append_pointer(std::string& out, const Step* top, const std::string* last = nullptr);
// The same, the appended text settled as well-formed UTF-8 (json/utf8.hpp);
// returns its length in UTF-16 units (what JavaScript cuts the record's text by).
std::size_t append_pointer_units(std::string& out, const Step* top, const std::string* last = nullptr);
std::string pointer(const Step* top, const std::string* last = nullptr);

}  // namespace rc::schema::detail
