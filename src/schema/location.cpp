#include "schema/location.hpp"

#include <vector>

namespace rc::schema::detail {

// A JSON Pointer token: '~' and '/' escaped, everything else copied whole.
void append_token(std::string& out, std::string_view token) {
  out += '/';
  std::size_t from = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '~' && token[i] != '/') continue;
    out.append(token.data() + from, i - from);
    out += token[i] == '~' ? "~0" : "~1";
    from = i + 1;
  }
  out.append(token.data() + from, token.size() - from);
}

namespace {

void append_index(std::string& out, std::uint32_t index) {
  char digits[10];
  int n = 0;
  do digits[n++] = static_cast<char>('0' + index % 10);
  while ((index /= 10) != 0);
  out += '/';
  while (n) out += digits[--n];
}

void append_seg(std::string& out, const Seg& s) {
  if (!s.p) append_index(out, s.index);
  else append_token(out, std::string_view(s.p, s.len));
}

}  // namespace

// The steps outermost first, then `last` when given (the keyword being
// checked). The chain runs the other way, so a deep one (past what a tool
// schema nests) is collected first.
void append_pointer(std::string& out, const Step* top, const std::string* last) {
  const Step* near[32];
  std::size_t n = 0, size = 0;
  for (const Step* s = top; s; s = s->up) {
    size += 1 + (s->seg.p ? s->seg.len : 10);
    if (n == 32) {
      std::vector<const Step*> all;
      for (const Step* t = top; t; t = t->up) all.push_back(t);
      for (auto it = all.rbegin(); it != all.rend(); ++it) append_seg(out, (*it)->seg);
      if (last) append_token(out, *last);
      return;
    }
    near[n++] = s;
  }
  if (last) size += 1 + last->size();
  // Escapes are rare: one allocation at most. Only when it is short of room:
  // the libc++ of Emscripten 3.1.6 shrinks on a smaller reserve().
  if (out.capacity() < out.size() + size) out.reserve(out.size() + size);
  while (n) append_seg(out, near[--n]->seg);
  if (last) append_token(out, *last);
}

std::string pointer(const Step* top, const std::string* last) {
  std::string out;
  append_pointer(out, top, last);
  return out;
}

}  // namespace rc::schema::detail
