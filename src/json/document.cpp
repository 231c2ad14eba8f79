#include "json/document.hpp"

#include <bit>
#include <cmath>
#include <cstring>

#include "json/decimal_to_double.hpp"
#include "json/utf8.hpp"

namespace rc {
namespace {

// Bytes that need no attention inside a string: printable ASCII but '"' and '\\'.
constexpr auto kPlain = [] {
  struct Table {
    bool v[256] = {};
    constexpr bool operator[](unsigned char c) const { return v[c]; }
  } t;
  for (int c = 0x20; c < 0x80; ++c) t.v[c] = c != '"' && c != '\\';
  return t;
}();

class Parser {
 public:
  Parser(std::string_view text, std::size_t maxDepth, std::vector<IValue>& values, std::vector<IValue>& stack,
         std::string& unescaped)
      : s_(text), maxDepth_(maxDepth), values_(values), unescaped_(unescaped), stack_(stack) {}

  bool run(std::string& error) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") p_ = 3;  // a UTF-8 byte order mark, skipped as nlohmann does
    skip_ws();
    bool ok = value(0);
    if (ok) {
      skip_ws();
      if (p_ != s_.size()) ok = fail("unexpected text after the JSON value");
    }
    if (!ok) {
      error = error_;
      return false;
    }
    values_.push_back(stack_[top_ - 1]);
    return true;
  }

 private:
  bool fail(const char* what) {
    if (error_.empty()) error_ = std::string("invalid JSON at offset ") + std::to_string(p_) + ": " + what;
    return false;
  }

  // Compact JSON (what models and JSON.stringify write) has no whitespace:
  // one comparison sends it past.
  void skip_ws() {
    if (p_ >= s_.size() || static_cast<unsigned char>(s_[p_]) > ' ') return;
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\n' || s_[p_] == '\r' || s_[p_] == '\t')) ++p_;
  }

  // The work stack is used up to top_ and never shrinks while parsing: a
  // push is a store, and only growing leaves the hot path.
  void push(const IValue& v) {
    if (top_ == stack_.size()) grow();
    stack_[top_++] = v;
  }
  [[gnu::noinline]] void grow() { stack_.resize(stack_.size() * 2 + 64); }

  bool literal(const char* word, IValue v) {
    const std::size_t n = std::strlen(word);
    if (s_.substr(p_, n) != word) return fail("unexpected character");
    p_ += n;
    push(v);
    return true;
  }

  bool value(std::size_t depth) {
    if (p_ >= s_.size()) return fail("unexpected end of text");
    const char c = s_[p_];
    switch (c) {
      case '{': return container(depth, true);
      case '[': return container(depth, false);
      case '"': {
        IValue v;
        v.type = IValue::String;
        std::string_view text;
        if (!string(text)) return false;
        v.set_str(text);
        push(v);
        return true;
      }
      case 't': { IValue v; v.type = IValue::Bool; v.boolean = true; return literal("true", v); }
      case 'f': { IValue v; v.type = IValue::Bool; return literal("false", v); }
      case 'n': return literal("null", IValue{});
      default: return number();
    }
  }

  bool container(std::size_t depth, bool object) {
    if (depth + 1 > maxDepth_) {
      error_ = "JSON nesting is deeper than " + std::to_string(maxDepth_) + " levels";
      return false;
    }
    ++p_;
    const std::size_t mark = top_;
    skip_ws();
    const char close = object ? '}' : ']';
    if (p_ < s_.size() && s_[p_] == close) {
      ++p_;
    } else {
      while (true) {
        std::string_view key;
        if (object) {
          skip_ws();
          if (p_ >= s_.size() || s_[p_] != '"') return fail("expected a property name");
          if (!string(key)) return false;
          skip_ws();
          if (p_ >= s_.size() || s_[p_] != ':') return fail("expected ':'");
          ++p_;
        }
        skip_ws();
        if (!value(depth + 1)) return false;
        stack_[top_ - 1].set_key(key);
        skip_ws();
        if (p_ >= s_.size()) return fail("unexpected end of text");
        if (s_[p_] == ',') {
          ++p_;
          continue;
        }
        if (s_[p_] == close) {
          ++p_;
          break;
        }
        return fail(object ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
    IValue v;
    v.type = object ? IValue::Object : IValue::Array;
    v.first = static_cast<std::uint32_t>(values_.size());
    v.len = static_cast<std::uint32_t>(top_ - mark);
    values_.insert(values_.end(), stack_.begin() + static_cast<std::ptrdiff_t>(mark),
                   stack_.begin() + static_cast<std::ptrdiff_t>(top_));
    top_ = mark;
    push(v);
    return true;
  }

  bool number() {
    const std::size_t start = p_;
    bool negative = false, integral = true;
    if (p_ < s_.size() && s_[p_] == '-') negative = true, ++p_;
    if (p_ >= s_.size() || s_[p_] < '0' || s_[p_] > '9') return fail("unexpected character");
    if (s_[p_] == '0') ++p_;
    else
      while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9') ++p_;
    if (p_ < s_.size() && s_[p_] == '.') {
      integral = false;
      ++p_;
      const std::size_t d = p_;
      while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9') ++p_;
      if (p_ == d) return fail("expected a digit after '.'");
    }
    if (p_ < s_.size() && (s_[p_] == 'e' || s_[p_] == 'E')) {
      integral = false;
      ++p_;
      if (p_ < s_.size() && (s_[p_] == '+' || s_[p_] == '-')) ++p_;
      const std::size_t d = p_;
      while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9') ++p_;
      if (p_ == d) return fail("expected a digit in the exponent");
    }
    IValue v;
    if (integral) {
      std::uint64_t u = 0;
      bool overflow = false;
      for (std::size_t k = start + (negative ? 1 : 0); k < p_; ++k) {
        const unsigned dgt = static_cast<unsigned>(s_[k] - '0');
        if (u > (UINT64_MAX - dgt) / 10) {
          overflow = true;
          break;
        }
        u = u * 10 + dgt;
      }
      if (!overflow && !negative) {
        v.type = u <= static_cast<std::uint64_t>(INT64_MAX) ? IValue::Int : IValue::UInt;
        v.u = u;
        push(v);
        return true;
      }
      if (!overflow && u <= static_cast<std::uint64_t>(INT64_MAX) + 1) {
        v.type = IValue::Int;
        v.i = u == static_cast<std::uint64_t>(INT64_MAX) + 1 ? INT64_MIN : -static_cast<std::int64_t>(u);
        push(v);
        return true;
      }
    }
    // Floats, and integers beyond 64 bits.
    v.type = IValue::Float;
    v.d = decimal_to_double(s_.substr(start, p_ - start));
    if (!std::isfinite(v.d)) return fail("number out of range");  // as nlohmann: 1e400 is refused
    push(v);
    return true;
  }

  static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool hex4(std::size_t at, std::uint32_t& out) {
    if (at + 4 > s_.size()) return false;
    out = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      const int h = hexval(s_[k]);
      if (h < 0) return false;
      out = out * 16 + static_cast<std::uint32_t>(h);
    }
    return true;
  }

  // Steps over the well-formed UTF-8 sequence at p_ (json/utf8.hpp: no overlongs,
  // surrogates or code points above U+10FFFF), or fails.
  bool utf8() {
    const std::size_t length = utf8_sequence_length(s_, p_);
    if (length == 0) return fail("invalid UTF-8");
    p_ += length;
    return true;
  }

  void put_utf8(std::uint32_t cp) {
    if (cp < 0x80) {
      unescaped_ += static_cast<char>(cp);
    } else if (cp < 0x800) {
      unescaped_ += static_cast<char>(0xC0 | (cp >> 6));
      unescaped_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      unescaped_ += static_cast<char>(0xE0 | (cp >> 12));
      unescaped_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      unescaped_ += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      unescaped_ += static_cast<char>(0xF0 | (cp >> 18));
      unescaped_ += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      unescaped_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      unescaped_ += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool string(std::string_view& out) {
    // The cursor lives in a register here: this loop reads most of the text.
    std::size_t p = p_ + 1;  // past the opening quote
    const std::size_t start = p;
    const char* const data = s_.data();
    const std::size_t size = s_.size();
    while (true) {
      // Eight bytes at a time while none needs attention ('"', '\\', a
      // control character or a non-ASCII byte), then one table look-up per byte.
      std::uint64_t mask = 0;
      while (p + 8 <= size && !(mask = attention(data + p))) p += 8;
      if (mask) p += static_cast<std::size_t>(__builtin_ctzll(mask)) / 8;  // the first such byte
      else
        while (p < size && kPlain[static_cast<unsigned char>(data[p])]) ++p;
      p_ = p;
      if (p >= size) return fail("unterminated string");
      const auto c = static_cast<unsigned char>(data[p]);
      if (c == '"') {
        out = std::string_view(data + start, p - start);
        p_ = p + 1;
        return true;
      }
      if (c == '\\') return escaped(start, out);
      if (c < 0x20) return fail("control character in a string");
      if (!utf8()) return false;  // c >= 0x80: kPlain holds every other byte
      p = p_;
    }
  }

  // The 8 bytes at `at` with the high bit set in each that is '"', '\\', below
  // 0x20 or above 0x7F: the classic "has a byte less than n" test. A borrow
  // can only mark bytes after a real match, so the lowest mark (the first byte
  // in memory: WebAssembly and x86 are little-endian) is exact.
  static std::uint64_t attention(const char* at) {
    static_assert(std::endian::native == std::endian::little);
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    std::uint64_t w;
    std::memcpy(&w, at, 8);
    const auto has_less = [](std::uint64_t x, std::uint64_t n) { return (x - n * ones) & ~x & highs; };
    return (w & highs) | has_less(w, 0x20) | has_less(w ^ ('"' * ones), 1) | has_less(w ^ ('\\' * ones), 1);
  }

  // The slow path: the string holds escapes, so it is decoded into the side
  // buffer (reserved to the text size, so earlier views stay valid).
  bool escaped(std::size_t start, std::string_view& out) {
    // Escapes only shrink text: one reservation of the whole text size, made
    // before the first view into the buffer exists, means no reallocation.
    if (unescaped_.capacity() < s_.size()) unescaped_.reserve(s_.size());
    const std::size_t at = unescaped_.size();
    unescaped_.append(s_.data() + start, p_ - start);
    while (p_ < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[p_]);
      if (c == '"') {
        out = std::string_view(unescaped_.data() + at, unescaped_.size() - at);
        ++p_;
        return true;
      }
      if (c < 0x20) return fail("control character in a string");
      if (c >= 0x80) {
        const std::size_t from = p_;
        if (!utf8()) return false;
        unescaped_.append(s_.data() + from, p_ - from);
        continue;
      }
      if (c != '\\') {
        unescaped_ += static_cast<char>(c);
        ++p_;
        continue;
      }
      if (p_ + 1 >= s_.size()) return fail("unterminated string");
      const char e = s_[p_ + 1];
      p_ += 2;
      switch (e) {
        case '"': unescaped_ += '"'; break;
        case '\\': unescaped_ += '\\'; break;
        case '/': unescaped_ += '/'; break;
        case 'b': unescaped_ += '\b'; break;
        case 'f': unescaped_ += '\f'; break;
        case 'n': unescaped_ += '\n'; break;
        case 'r': unescaped_ += '\r'; break;
        case 't': unescaped_ += '\t'; break;
        case 'u': {
          std::uint32_t cp;
          if (!hex4(p_, cp)) return fail("invalid \\u escape");
          p_ += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t lo;
            if (p_ + 1 >= s_.size() || s_[p_] != '\\' || s_[p_ + 1] != 'u' || !hex4(p_ + 2, lo) || lo < 0xDC00 ||
                lo > 0xDFFF)
              return fail("unpaired surrogate in a \\u escape");
            p_ += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return fail("unpaired surrogate in a \\u escape");
          }
          put_utf8(cp);
          break;
        }
        default: return fail("invalid escape");
      }
    }
    return fail("unterminated string");
  }

  std::string_view s_;
  std::size_t maxDepth_;
  std::size_t p_ = 0;
  std::vector<IValue>& values_;
  std::string& unescaped_;
  std::vector<IValue>& stack_;
  std::size_t top_ = 0;
  std::string error_;
};

}  // namespace

bool IDocument::parse(std::string_view text, std::size_t maxDepth, std::string& error) {
  values_.clear();
  unescaped_.clear();  // stack_ keeps its size: the parser uses it as room, counted from 0
  Parser p(text, maxDepth, values_, stack_, unescaped_);
  if (p.run(error)) return true;
  values_.clear();  // parsed() is false after a failure
  return false;
}

const IValue* IDocument::member(const IValue& object, std::string_view key) const {
  if (object.type != IValue::Object) return nullptr;
  const IValue* found = nullptr;
  for (const IValue* m = begin(object); m != end(object); ++m)
    if (m->key() == key) found = m;
  return found;
}

void IDocument::trim(std::size_t keepValues) {
  if (values_.capacity() > keepValues) {
    values_.clear();
    values_.shrink_to_fit();
  }
  if (stack_.capacity() > keepValues) {
    stack_.clear();
    stack_.shrink_to_fit();
  }
  if (unescaped_.capacity() > keepValues * sizeof(IValue)) {
    unescaped_.clear();
    unescaped_.shrink_to_fit();
  }
}

void IDocument::wipe() {
  // Through a volatile pointer: plain stores to memory about to be reused
  // may be removed as dead by the optimiser.
  volatile char* bytes = unescaped_.data();
  for (std::size_t i = 0; i < unescaped_.size(); ++i) bytes[i] = 0;
  unescaped_.clear();
  values_.clear();
}

}  // namespace rc
