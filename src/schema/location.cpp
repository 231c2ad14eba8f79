#include "schema/location.hpp"

#include <bit>
#include <cstring>
#include <vector>

#include "json/utf8.hpp"

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

std::size_t digits_of(std::uint32_t index) {
  std::size_t n = 1;
  while (index >= 10) index /= 10, ++n;
  return n;
}

void append_seg(std::string& out, const Seg& s) {
  if (s.p) return append_token(out, std::string_view(s.p, s.len));
  out += '/';
  out += std::to_string(s.index);
}

// What one pass over written pointer text finds: its '/' count, whether it
// holds a '~', and whether it is all ASCII.
struct Scan {
  std::size_t slashes = 0;
  bool tilde = false;
  bool ascii = true;
};

Scan scan(const char* p, std::size_t n) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, low7 = 0x7F7F7F7F7F7F7F7Full;
  // 0x80 in each byte of x that is zero, exactly (no borrow crosses bytes).
  const auto zero_bytes = [](std::uint64_t x) { return ~(((x & low7) + low7) | x | low7); };
  Scan s;
  std::uint64_t any = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, p + i, 8);
    any |= word;
    s.slashes += static_cast<std::size_t>(std::popcount(zero_bytes(word ^ (ones * '/'))));
    s.tilde = s.tilde || zero_bytes(word ^ (ones * '~')) != 0;
  }
  for (; i < n; ++i) {
    any |= static_cast<unsigned char>(p[i]);
    s.slashes += p[i] == '/';
    s.tilde = s.tilde || p[i] == '~';
  }
  s.ascii = (any & 0x8080808080808080ull) == 0;
  return s;
}

// Writes the steps outermost first (`tokens` holds them innermost first),
// then `last`, each token copied unescaped into room made once.
void write_plain(std::string& out, const Seg* const* tokens, std::size_t n, const std::string* last, std::size_t size) {
  const std::size_t at = out.size();
  // Only when it is short of room: the libc++ of Emscripten 3.1.6 shrinks on a smaller reserve().
  if (out.capacity() < at + size) out.reserve(at + size);
  out.resize(at + size);
  char* w = out.data() + at;
  while (n) {
    const Seg& s = *tokens[--n];
    *w++ = '/';
    if (s.p) {
      std::memcpy(w, s.p, s.len);
      w += s.len;
    } else {
      char* end = w + digits_of(s.index);
      std::uint32_t i = s.index;
      for (char* d = end; d != w; i /= 10) *--d = static_cast<char>('0' + i % 10);
      w = end;
    }
  }
  if (last) {
    *w++ = '/';
    std::memcpy(w, last->data(), last->size());
  }
}

}  // namespace

// The steps outermost first, then `last` when given (the keyword being
// checked). The chain runs the other way, so a deep one (past what a tool
// schema nests) is collected first.
void append_pointer(std::string& out, const Step* top, const std::string* last) {
  append_pointer_units(out, top, last);
}

// Written the fast way first: every token copied whole into room made once,
// then one pass over the text says whether that was right (as many '/' as
// tokens, no '~': names almost never hold either) and whether it is all
// ASCII. Only when not is it rewritten token by token with escapes, or
// settled as UTF-8. An error is the one place this runs, and for a small
// invalid text it was a sizeable part of the call.
std::size_t append_pointer_units(std::string& out, const Step* top, const std::string* last) {
  const Seg* near[32];
  std::vector<const Seg*> far;
  std::size_t n = 0, size = 0;
  for (const Step* s = top; s; s = s->up, ++n) {
    if (n == 32 && far.empty()) far.assign(near, near + n);
    size += 1 + (s->seg.p ? s->seg.len : digits_of(s->seg.index));
    if (far.empty()) near[n] = &s->seg;
    else far.push_back(&s->seg);
  }
  if (last) size += 1 + last->size();
  const Seg* const* tokens = far.empty() ? near : far.data();
  const std::size_t from = out.size();
  write_plain(out, tokens, n, last, size);
  const Scan found = scan(out.data() + from, size);
  if (found.tilde || found.slashes != n + (last ? 1 : 0)) {
    out.resize(from);
    for (std::size_t i = n; i;) append_seg(out, *tokens[--i]);
    if (last) append_token(out, *last);
  }
  return found.ascii ? out.size() - from : settle_utf8_tail(out, from);
}

std::string pointer(const Step* top, const std::string* last) {
  std::string out;
  append_pointer(out, top, last);
  return out;
}

}  // namespace rc::schema::detail
