#pragma once
// The primitives of the project's binary forms (the compiled tool set):
// LEB128 whole numbers, little-endian doubles, length-prefixed byte strings.
// The reader never reads past its input and never trusts a length or a
// count further than the bytes left can back it: the first bad read marks it
// failed, every later read returns zero, and the caller checks failed() once.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace rc::binary {

class ByteWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      u8(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    u8(static_cast<std::uint8_t>(v));
  }
  void signed_varint(std::int64_t v) {  // zigzag: small negatives stay short
    varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void f64(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(bits >> (8 * i)));
  }
  void bytes(std::string_view text) {
    varint(text.size());
    out_.append(text);
  }
  void raw(std::string_view data) { out_.append(data); }

  std::string& data() { return out_; }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  std::uint8_t u8() {
    if (failed_ || at_ >= in_.size()) return fail("the data ends too early");
    return static_cast<std::uint8_t>(in_[at_++]);
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const std::uint8_t b = u8();
      if (failed_) return 0;
      if (shift == 63 && b > 1) return fail("a number is too large");
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    return fail("a number is too long");
  }
  std::int64_t signed_varint() {
    const std::uint64_t z = varint();
    return static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  double f64() {
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(u8()) << (8 * i);
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return failed_ ? 0 : v;
  }
  // A whole number no larger than `max`.
  std::uint64_t bounded(std::uint64_t max, const char* what) {
    const std::uint64_t v = varint();
    if (v > max) return fail(what);
    return v;
  }
  // How many elements follow: each takes at least one byte, so a count
  // larger than the bytes left is a lie, refused before anything is allocated.
  std::size_t count(std::size_t max, const char* what) {
    const std::uint64_t n = varint();
    if (n > max || n > remaining()) return fail(what);
    return static_cast<std::size_t>(n);
  }
  std::string_view bytes(std::size_t max, const char* what) {
    const std::uint64_t n = varint();
    if (failed_) return {};
    if (n > max) return fail(what), std::string_view();
    if (n > remaining()) return fail("the data ends too early"), std::string_view();
    const std::string_view out = in_.substr(at_, static_cast<std::size_t>(n));
    at_ += static_cast<std::size_t>(n);
    return out;
  }
  std::string_view raw(std::size_t n) {
    if (failed_ || n > remaining()) return fail("the data ends too early"), std::string_view();
    const std::string_view out = in_.substr(at_, n);
    at_ += n;
    return out;
  }

  // Marks the reader failed (the first reason wins) and returns 0. Only the
  // reason and the offset are kept: the message is worded once, by error(),
  // so the many places a read can fail carry no string building.
  std::uint8_t fail(const char* why) {
    if (!failed_) {
      failed_ = true;
      why_ = why;
      failedAt_ = at_;
    }
    return 0;
  }

  bool failed() const { return failed_; }
  // Why the first failed read failed, and where; empty while none has.
  std::string error() const {
    return failed_ ? std::string(why_) + " (at byte " + std::to_string(failedAt_) + ")" : std::string();
  }
  std::size_t remaining() const { return in_.size() - at_; }
  std::size_t offset() const { return at_; }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
  bool failed_ = false;
  const char* why_ = "";
  std::size_t failedAt_ = 0;
};

}  // namespace rc::binary
