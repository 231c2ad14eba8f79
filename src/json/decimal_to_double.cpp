#include "json/decimal_to_double.hpp"

#include <bit>
#include <cstdint>
#include <cstring>

// Three steps, each exact or proven:
// 1. Clinger: up to 2^53 with a power of ten up to 10^22, one IEEE operation.
// 2. Bracketing: the first 19 digits times 5^q from a small table (25
//    128-bit powers, 5^(28i), times an exact 5^j) give a 256-bit lower and
//    upper bound of the value; rounding is monotone, so when both bounds round
//    to the same double so does the value. A table of every power (10 KB, as
//    Eisel-Lemire uses) would cost more than the soft-float it replaces.
// 3. Otherwise (within 2^-125 of a halfway point, or digits beyond the 19th
//    deciding): compare the decimal with the halfway point in big integers.
namespace rc {
namespace {

using u32 = std::uint32_t;
using u64 = std::uint64_t;

constexpr u64 kInfinityBits = u64{0x7FF} << 52;

struct U128 {
  u64 hi, lo;
};

U128 mul64(u64 a, u64 b) {
  const u64 a0 = a & 0xFFFFFFFF, a1 = a >> 32, b0 = b & 0xFFFFFFFF, b1 = b >> 32;
  const u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const u64 mid = (p00 >> 32) + (p01 & 0xFFFFFFFF) + (p10 & 0xFFFFFFFF);
  return {p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | (p00 & 0xFFFFFFFF)};
}

// w[0] is the least significant word.
struct U256 {
  u64 w[4] = {0, 0, 0, 0};
  void add_at(int i, u64 v) {
    for (; v != 0 && i < 4; ++i) {
      w[i] += v;
      v = w[i] < v ? 1 : 0;
    }
  }
  void add(U128 v) {
    add_at(0, v.lo);
    add_at(1, v.hi);
  }
};

U256 mul128(U128 a, U128 b) {
  U256 r;
  const U128 p00 = mul64(a.lo, b.lo), p01 = mul64(a.lo, b.hi), p10 = mul64(a.hi, b.lo), p11 = mul64(a.hi, b.hi);
  r.w[0] = p00.lo;
  r.w[1] = p00.hi;
  r.w[2] = p11.lo;
  r.w[3] = p11.hi;
  r.add_at(1, p01.lo);
  r.add_at(2, p01.hi);
  r.add_at(1, p10.lo);
  r.add_at(2, p10.hi);
  return r;
}

// The bits of the double nearest (m + f) * 2^e2, where m has its top bit set
// and 0 <= f < 1 is nonzero when `sticky`; ties to even, subnormals, infinity.
u64 round_bits(u64 m, bool sticky, int e2) {
  const int e = e2 + 63;  // the value is in [2^e, 2^(e+1))
  if (e > 1023) return kInfinityBits;
  const int shift = e >= -1022 ? 11 : 11 + (-1022 - e);
  if (shift > 64) return 0;  // below 2^-1075, half the smallest subnormal
  u64 mant, half, below;
  if (shift == 64) {
    mant = 0, half = 1, below = (m << 1) | sticky;
  } else {
    mant = m >> shift;
    half = (m >> (shift - 1)) & 1;
    below = (m & ((u64{1} << (shift - 1)) - 1)) | sticky;
  }
  mant += half & ((below != 0) | mant);
  // A normal mant holds the hidden bit, so adding it to (e + 1022) << 52 gives
  // the biased exponent; a carry out of the mantissa moves to the next binade
  // (or to infinity) by itself, and so does a subnormal's into the normals.
  return e >= -1022 ? (u64(e + 1022) << 52) + mant : mant;
}

u64 round_bits(const U256& p, int e2) {
  int top = 3;
  while (top > 0 && p.w[top] == 0) --top;
  const int lz = std::countl_zero(p.w[top]);
  u64 m = p.w[top] << lz;
  bool sticky = false;
  if (top > 0) {
    if (lz) m |= p.w[top - 1] >> (64 - lz);
    sticky = (p.w[top - 1] << lz) != 0;
    for (int k = 0; k < top - 1; ++k) sticky |= p.w[k] != 0;
  }
  return round_bits(m, sticky, e2 + 64 * top - lz);
}

constexpr u64 kPow5[28] = {1,
                           5,
                           25,
                           125,
                           625,
                           3125,
                           15625,
                           78125,
                           390625,
                           1953125,
                           9765625,
                           48828125,
                           244140625,
                           1220703125,
                           6103515625,
                           30517578125,
                           152587890625,
                           762939453125,
                           3814697265625,
                           19073486328125,
                           95367431640625,
                           476837158203125,
                           2384185791015625,
                           11920928955078125,
                           59604644775390625,
                           298023223876953125,
                           1490116119384765625,
                           7450580596923828125};

// 5^(28i) for i in [-13, 11] lies in [t, t + 1) * 2^e (e from coarse_exponent);
// exact for i = 0 and 1.
constexpr U128 kPow5Coarse[25] = {
    {0xE1AFA13AFBD14D6D, 0x82189C09A3A1EC21}, {0xE3E27A444D8D98B7, 0xFD1B1B2308169B25},
    {0xE61ACF033D1A45DF, 0x6FB92487298E33BD}, {0xE858AD248F5C22C9, 0xD1B3400F8F9CFF68},
    {0xEA9C227723EE8BCB, 0x465E15A979C1CADC}, {0xECE53CEC4A314EBD, 0xA4F8BF5635246428},
    {0xEF340A98172AACE4, 0x86FB897116C87C34}, {0xF18899B1BC3F8CA1, 0xDC44E6C3CB279AC1},
    {0xF3E2F893DEC3F126, 0x5A89DBA3C3EFCCFA}, {0xF64335BCF065D37D, 0x4D4617B5FF4A16D5},
    {0xF8A95FCF88747D94, 0x75A44C6397CE912A}, {0xFB158592BE068D2E, 0xEED6E2F0F0D56712},
    {0xFD87B5F28300CA0D, 0x8BCA9D6E188853FC}, {0x8000000000000000, 0x0000000000000000},
    {0x813F3978F8940984, 0x4000000000000000}, {0x82818F1281ED449F, 0xBFF8F10E7A8921A4},
    {0x83C7088E1AAB65DB, 0x792667C6DA79E0FA}, {0x850FADC09923329E, 0x03E2CF6BC604DDB0},
    {0x865B86925B9BC5C2, 0x0B8A2392BA45A9B2}, {0x87AA9AFF79042286, 0x90FB44D2F05D0842},
    {0x88FCF317F22241E2, 0x441FECE3BDF81F03}, {0x8A5296FFE33CC92F, 0x82BD6B70D99AAA6F},
    {0x8BAB8EEFB6409C1A, 0x1AD089B6C2F7548E}, {0x8D07E33455637EB2, 0xDB0B487B6423E1E8},
    {0x8E679C2F5E44FF8F, 0x570F09EAA7EA7648},
};
constexpr int kCoarseFirst = -13;

// The e of kPow5Coarse[i]: 5^k has floor(k * log2(5)) + 1 bits (the fixed-point
// log2(5) is exact enough for every k here); 5^-k is stored as 2^(127 + bits) / 5^k.
int coarse_exponent(std::int64_t i) {
  const std::int64_t k = 28 * (i < 0 ? -i : i), bits = ((k * 1217359) >> 19) + 1;
  return static_cast<int>(i < 0 ? -(127 + bits) : bits - 128);
}

// Unsigned big integer, 32-bit limbs, least significant first. Large enough for
// 769 digits times 5^1092 shifted (about 2,700 bits); writes stop at the end.
struct Big {
  static constexpr int kLimbs = 112;
  u32 limb[kLimbs];
  int n = 0;

  void mul_add(u32 factor, u32 add) {
    u64 carry = add;
    for (int i = 0; i < n; ++i) {
      const u64 p = u64{limb[i]} * factor + carry;
      limb[i] = static_cast<u32>(p);
      carry = p >> 32;
    }
    if (carry && n < kLimbs) limb[n++] = static_cast<u32>(carry);
  }
  void mul_pow5(std::int64_t k) {
    for (; k >= 13; k -= 13) mul_add(1220703125, 0);
    if (k > 0) mul_add(static_cast<u32>(kPow5[k]), 0);
  }
  void shift_left(std::int64_t bits) {
    if (n == 0 || bits == 0) return;
    const int words = static_cast<int>(bits / 32), rest = static_cast<int>(bits % 32);
    const int grown = n + words + 1 < kLimbs ? n + words + 1 : kLimbs;
    // Top down, so every limb is read before it is overwritten.
    for (int to = grown - 1; to >= 0; --to) {
      const int from = to - words;
      u32 v = from >= 0 && from < n ? limb[from] << rest : 0;
      if (rest && from >= 1 && from - 1 < n) v |= limb[from - 1] >> (32 - rest);
      limb[to] = v;
    }
    n = grown;
    while (n > 0 && limb[n - 1] == 0) --n;
  }
  void set(u64 v) {
    n = 0;
    for (; v; v >>= 32) limb[n++] = static_cast<u32>(v);
  }
};

int compare(const Big& a, const Big& b) {
  if (a.n != b.n) return a.n < b.n ? -1 : 1;
  for (int i = a.n - 1; i >= 0; --i)
    if (a.limb[i] != b.limb[i]) return a.limb[i] < b.limb[i] ? -1 : 1;
  return 0;
}

// The significant digits of the mantissa: leading zeros and the '.' left out.
struct Digits {
  const char* at;
  const char* end;
  bool started = false;
  bool next(int& digit) {
    for (; at < end; ++at) {
      if (*at == '.' || (!started && *at == '0')) continue;
      started = true;
      digit = *at++ - '0';
      return true;
    }
    return false;
  }
};

// Halfway points between doubles have at most 767 significant digits, so the
// first 768 digits and a nonzero digit standing for any nonzero rest compare
// with each of them as the whole text does.
constexpr std::int64_t kMaxDigits = 768;

// The exact digits D (value D * 10^q, `count` of them, the first at `digits.at`)
// against the point halfway above `bits`, moving up while the value lies beyond it.
u64 settle(Digits digits, std::int64_t count, std::int64_t q, u64 bits) {
  Big d;
  std::int64_t used = 0;
  int digit = 0;
  u32 chunk = 0, scale = 1;
  bool rest = false;
  while (digits.next(digit)) {
    if (used == kMaxDigits) {
      rest |= digit != 0;
      continue;
    }
    chunk = chunk * 10 + static_cast<u32>(digit), scale *= 10, ++used;
    if (scale == 1000000000) d.mul_add(scale, chunk), chunk = 0, scale = 1;
  }
  if (rest) chunk = chunk * 10 + 1, scale *= 10, ++used;
  if (scale > 1) d.mul_add(scale, chunk);
  q += count - used;
  for (; bits < kInfinityBits; ++bits) {
    const u64 field = bits >> 52;
    const u64 m = field ? (bits & ((u64{1} << 52) - 1)) | (u64{1} << 52) : bits;
    const std::int64_t e = field ? static_cast<std::int64_t>(field) - 1075 : -1074;
    // D * 5^q * 2^q against (2m + 1) * 2^(e - 1).
    Big left = d, right;
    right.set(2 * m + 1);
    if (q >= 0) left.mul_pow5(q);
    else right.mul_pow5(-q);
    const std::int64_t twos = q - (e - 1);
    if (twos >= 0) left.shift_left(twos);
    else right.shift_left(-twos);
    const int c = compare(left, right);
    if (c < 0) return bits;
    if (c == 0) return bits + (m & 1);
  }
  return bits;
}

}  // namespace

double decimal_to_double(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  const char* const first = p;
  // value = D * 10^q, D the `count` significant digits; w the first 19 of them.
  u64 w = 0;
  std::int64_t count = 0, q = 0;
  bool truncated = false, fraction = false;
  for (; p < end && *p != 'e' && *p != 'E'; ++p) {
    if (*p == '.') {
      fraction = true;
      continue;
    }
    const int digit = *p - '0';
    q -= fraction;
    if (count == 0 && digit == 0) continue;
    if (count < 19) w = w * 10 + static_cast<u64>(digit);
    else truncated |= digit != 0;
    ++count;
  }
  const char* const mantissa_end = p;
  if (p < end) {
    ++p;
    const bool exponent_negative = p < end && *p == '-';
    if (p < end && (*p == '-' || *p == '+')) ++p;
    std::int64_t exponent = 0;
    for (; p < end; ++p)
      if (exponent < 100000000000) exponent = exponent * 10 + (*p - '0');
    q += exponent_negative ? -exponent : exponent;
  }

  u64 bits;
  const std::int64_t qw = q + (count > 19 ? count - 19 : 0);  // value ~ w * 10^qw
  if (count == 0 || count + q <= -324) {
    bits = 0;  // below 10^-324, under half the smallest subnormal
  } else if (count - 1 + q >= 309) {
    bits = kInfinityBits;
  } else if (!truncated && w <= (u64{1} << 53) && qw >= -22 && qw <= 22) {
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const double d = static_cast<double>(w);
    const double value = qw < 0 ? d / kPow10[-qw] : d * kPow10[qw];
    return negative ? -value : value;
  } else {
    // qw is in [-342, 308] here: split into 28i + j.
    const std::int64_t i = (qw >= 0 ? qw : qw - 27) / 28;
    const int j = static_cast<int>(qw - 28 * i);
    const U128 t = kPow5Coarse[i - kCoarseFirst];
    const bool exact = i == 0 || i == 1;
    const int e2 = coarse_exponent(i) + static_cast<int>(qw);
    const U128 a = mul64(w, kPow5[j]);
    const U256 low = mul128(a, t);
    bits = round_bits(low, e2);
    // The upper bound: (w + 1) if digits were cut, times (t + 1) if t was.
    const U128 a_up = truncated ? mul64(w + 1, kPow5[j]) : a;
    U256 up = truncated ? mul128(a_up, t) : low;
    if (!exact) up.add(a_up);
    if (round_bits(up, e2) != bits) bits = settle(Digits{first, mantissa_end}, count, q, bits);
  }
  bits |= u64{negative} << 63;
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace rc
