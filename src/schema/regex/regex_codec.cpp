#include "schema/regex/regex_codec.hpp"

#include <algorithm>

namespace rc::schema::regex {

namespace {
constexpr std::size_t kMaxSourceBytes = 1 << 20;
constexpr std::size_t kMaxClasses = 1 << 16;
constexpr std::size_t kMaxRanges = 1 << 16;
constexpr std::uint32_t kMaxCodePoint = 0x10FFFF;
// The parser nests at most 64 groups (parse.cpp), so lookaheads nest less.
constexpr std::size_t kMaxLookaheadNesting = 65;
}  // namespace

struct Codec {
  static void write(const Regex& re, binary::ByteWriter& out) {
    out.bytes(re.source_);
    out.varint(re.classes_.size());
    for (const CharClass& c : re.classes_) {
      out.u8(c.negated ? 1 : 0);
      out.varint(c.ranges.size());
      for (const Range& r : c.ranges) {
        out.varint(r.lo);
        out.varint(r.hi - r.lo);
      }
    }
    out.varint(re.programs_.size());
    for (const Program& p : re.programs_) {
      out.varint(p.code.size());
      for (const Inst& i : p.code) {
        out.u8(i.op);
        if (i.op == Inst::Char || i.op == Inst::Class || i.op == Inst::Split || i.op == Inst::Jmp ||
            i.op == Inst::Look || i.op == Inst::NegLook)
          out.varint(i.x);
        if (i.op == Inst::Split) out.varint(i.y);
      }
    }
  }

  static bool read(binary::ByteReader& in, Regex& re) {
    re.source_ = std::string(in.bytes(kMaxSourceBytes, "a pattern is too long"));
    re.classes_.resize(in.count(kMaxClasses, "too many character classes"));
    for (CharClass& c : re.classes_) {
      c.negated = in.bounded(1, "a character class is malformed") == 1;
      c.ranges.resize(in.count(kMaxRanges, "too many ranges in a character class"));
      std::uint64_t next = 0;  // ranges are sorted and disjoint: contains() searches them
      for (Range& r : c.ranges) {
        const std::uint64_t lo = in.bounded(kMaxCodePoint, "a character class holds a non-character");
        const std::uint64_t width = in.bounded(kMaxCodePoint, "a character class holds a non-character");
        if (in.failed()) return false;
        if (lo < next || lo + width > kMaxCodePoint) return in.fail("a character class is not sorted"), false;
        r = Range{static_cast<char32_t>(lo), static_cast<char32_t>(lo + width)};
        next = lo + width + 1;
      }
    }
    re.programs_.resize(in.count(kMaxProgramSize, "too many regex programs"));
    std::vector<std::size_t> nesting(re.programs_.size(), 0);
    std::size_t total = 0;
    for (std::size_t p = 0; p < re.programs_.size() && !in.failed(); ++p) {
      auto& code = re.programs_[p].code;
      code.resize(in.count(kMaxProgramSize, "a regex program is too long"));
      total += code.size();
      if (code.empty() || total > kMaxProgramSize) return in.fail("a regex program is empty or too long"), false;
      for (std::size_t pc = 0; pc < code.size() && !in.failed(); ++pc) {
        Inst& i = code[pc];
        const std::uint8_t op = in.bounded(Inst::NegLook, "a regex instruction is unknown");
        i.op = static_cast<Inst::Op>(op);
        const bool hasX = i.op == Inst::Char || i.op == Inst::Class || i.op == Inst::Split || i.op == Inst::Jmp ||
                          i.op == Inst::Look || i.op == Inst::NegLook;
        i.x = hasX ? static_cast<std::uint32_t>(in.bounded(UINT32_MAX, "a regex operand is too large")) : 0;
        i.y = i.op == Inst::Split ? static_cast<std::uint32_t>(in.bounded(UINT32_MAX, "a regex operand is too large")) : 0;
        if (in.failed()) return false;
        const bool fallsThrough = i.op != Inst::Match && i.op != Inst::Jmp && i.op != Inst::Split;
        bool ok = !fallsThrough || pc + 1 < code.size();
        switch (i.op) {
          case Inst::Class: ok = ok && i.x < re.classes_.size(); break;
          case Inst::Jmp: ok = i.x < code.size(); break;
          case Inst::Split: ok = i.x < code.size() && i.y < code.size(); break;
          case Inst::Look:
          case Inst::NegLook:
            ok = ok && i.x > p && i.x < re.programs_.size();
            if (ok) nesting[i.x] = std::max(nesting[i.x], nesting[p] + 1);
            ok = ok && nesting[i.x] <= kMaxLookaheadNesting;
            break;
          default: break;
        }
        if (!ok) return in.fail("a regex instruction points outside its program"), false;
      }
    }
    if (in.failed()) return false;
    re.prepare();  // the DFA is rebuilt from the programs: the set does not carry it
    return true;
  }
};

void write_regex(const Regex& re, binary::ByteWriter& out) { Codec::write(re, out); }
bool read_regex(binary::ByteReader& in, Regex& re) { return Codec::read(in, re); }

}  // namespace rc::schema::regex
