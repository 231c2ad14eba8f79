#include "json/shortest_double.hpp"

#include <cmath>
#include <cstring>

namespace rc {
namespace {

// An unsigned integer of up to 1,280 bits, in 32-bit limbs (least first).
// The algorithm's numbers stay below 2^1,090: the largest double's
// numerator is about 2^1,030 and the smallest's denominator 2^1,076, each
// times 10 at most once more while digits come out.
class BigInt {
 public:
  explicit BigInt(std::uint64_t v = 0) {
    limbs_[0] = static_cast<std::uint32_t>(v);
    limbs_[1] = static_cast<std::uint32_t>(v >> 32);
    size_ = limbs_[1] ? 2 : (limbs_[0] ? 1 : 0);
  }

  void multiply(std::uint32_t factor) {
    std::uint64_t carry = 0;
    for (int i = 0; i < size_; ++i) {
      const std::uint64_t p = std::uint64_t{limbs_[i]} * factor + carry;
      limbs_[i] = static_cast<std::uint32_t>(p);
      carry = p >> 32;
    }
    if (carry && size_ < kLimbs) limbs_[size_++] = static_cast<std::uint32_t>(carry);
  }

  void multiply_pow10(int n) {
    for (; n >= 9; n -= 9) multiply(1'000'000'000u);
    static constexpr std::uint32_t kSmall[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    if (n > 0) multiply(kSmall[n]);
  }

  void shift_left(int bits) {
    if (size_ == 0 || bits == 0) return;
    const int whole = bits / 32, part = bits % 32;
    const int top = size_ + whole + 1 < kLimbs ? size_ + whole + 1 : kLimbs;
    for (int i = top - 1; i >= 0; --i) {
      const int from = i - whole;
      std::uint32_t v = from >= 0 && from < size_ ? limbs_[from] << part : 0;
      if (part && from - 1 >= 0 && from - 1 < size_) v |= limbs_[from - 1] >> (32 - part);
      limbs_[i] = v;
    }
    size_ = top;
    trim();
  }

  void add(const BigInt& other) {
    std::uint64_t carry = 0;
    const int n = size_ > other.size_ ? size_ : other.size_;
    for (int i = 0; i < n; ++i) {
      const std::uint64_t s = std::uint64_t{limb(i)} + other.limb(i) + carry;
      limbs_[i] = static_cast<std::uint32_t>(s);
      carry = s >> 32;
    }
    size_ = n;
    if (carry && size_ < kLimbs) limbs_[size_++] = 1;
  }

  // Requires *this >= other.
  void subtract(const BigInt& other) {
    std::int64_t borrow = 0;
    for (int i = 0; i < size_; ++i) {
      std::int64_t d = std::int64_t{limbs_[i]} - other.limb(i) - borrow;
      borrow = d < 0;
      if (d < 0) d += std::int64_t{1} << 32;
      limbs_[i] = static_cast<std::uint32_t>(d);
    }
    trim();
  }

  friend int compare(const BigInt& a, const BigInt& b) {
    if (a.size_ != b.size_) return a.size_ < b.size_ ? -1 : 1;
    for (int i = a.size_ - 1; i >= 0; --i)
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    return 0;
  }

 private:
  static constexpr int kLimbs = 40;
  std::uint32_t limb(int i) const { return i < size_ ? limbs_[i] : 0; }
  void trim() {
    while (size_ > 0 && limbs_[size_ - 1] == 0) --size_;
  }
  std::uint32_t limbs_[kLimbs] = {};
  int size_ = 0;
};

BigInt sum(BigInt a, const BigInt& b) {
  a.add(b);
  return a;
}

}  // namespace

// Steele & White / Burger & Dybvig free-format printing: value = r / s, and
// the numbers that read back as value lie within (r - mMinus, r + mPlus) / s
// (bounds included when the significand is even, since reading rounds half
// to even). Digits come out until the rest is inside that interval.
ShortestDigits shortest_digits(double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const int biased = static_cast<int>((bits >> 52) & 0x7FF);
  const std::uint64_t fraction = bits & ((std::uint64_t{1} << 52) - 1);
  const std::uint64_t significand = biased ? fraction | (std::uint64_t{1} << 52) : fraction;
  const int exponent = biased ? biased - 1075 : -1074;
  const bool inclusive = significand % 2 == 0;
  // At a power of two the next double down is half as far as the next up.
  const bool lowerCloser = fraction == 0 && biased > 1;

  BigInt r(significand), s(1), mPlus(1), mMinus(1);
  const int scale = lowerCloser ? 2 : 1;  // r and s carry one more factor 2 at a power of two
  if (exponent >= 0) {
    r.shift_left(exponent + scale);
    s.shift_left(scale);
    mPlus.shift_left(exponent + scale - 1);
    mMinus.shift_left(exponent);
  } else {
    r.shift_left(scale);
    s.shift_left(-exponent + scale);
    mPlus.shift_left(scale - 1);
  }

  // The decimal exponent: estimated from log10, then corrected either way.
  int k = static_cast<int>(std::ceil(std::log10(value)));
  if (k >= 0) {
    s.multiply_pow10(k);
  } else {
    r.multiply_pow10(-k);
    mPlus.multiply_pow10(-k);
    mMinus.multiply_pow10(-k);
  }
  const auto high_reaches = [&](const BigInt& numerator, const BigInt& denominator) {
    const int c = compare(numerator, denominator);
    return inclusive ? c >= 0 : c > 0;
  };
  while (high_reaches(sum(r, mPlus), s)) {
    s.multiply(10);
    ++k;
  }
  for (;;) {
    BigInt high = sum(r, mPlus);
    high.multiply(10);
    if (high_reaches(high, s)) break;
    r.multiply(10);
    mPlus.multiply(10);
    mMinus.multiply(10);
    --k;
  }

  ShortestDigits out;
  out.exponent = k;
  for (;;) {
    r.multiply(10);
    mPlus.multiply(10);
    mMinus.multiply(10);
    int digit = 0;
    while (compare(r, s) >= 0) {
      r.subtract(s);
      ++digit;
    }
    const int low = compare(r, mMinus);
    const bool closeToLow = inclusive ? low <= 0 : low < 0;
    const bool closeToHigh = high_reaches(sum(r, mPlus), s);
    if (!closeToLow && !closeToHigh && out.count < 16) {
      out.digits[out.count++] = static_cast<char>('0' + digit);
      continue;
    }
    if (closeToHigh && (!closeToLow || [&] {
          BigInt twice = r;
          twice.multiply(2);
          const int c = compare(twice, s);
          return c > 0 || (c == 0 && digit % 2 == 1);  // a tie goes to the even digit
        }()))
      ++digit;
    out.digits[out.count++] = static_cast<char>('0' + digit);
    break;
  }
  while (out.count > 1 && out.digits[out.count - 1] == '0') --out.count;
  return out;
}

}  // namespace rc
