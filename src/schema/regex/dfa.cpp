#include "schema/regex/dfa.hpp"

#include <algorithm>
#include <cstring>

namespace rc::schema::regex {

namespace {

// Building runs once per pattern, when a schema is compiled or a compiled
// tool set is read: optimised for size in the WASM build, like the parser.
// The search below keeps -O3.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)
#endif

constexpr std::size_t kMaxDfaIntervals = 16384;

bool consumes(const Inst& i) { return i.op == Inst::Char || i.op == Inst::Class || i.op == Inst::Any; }

std::uint64_t hash_of(const std::uint8_t* p, std::size_t n) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (std::size_t k = 0; k < n; ++k) h = (h ^ p[k]) * 1099511628211ull;
  return h;
}

// A DFA state is the set of program positions the VM would hold between two
// code points: the consuming instructions and the $ not yet known to hold,
// sorted, so that equal sets are equal vectors.
class Builder {
 public:
  Builder(const Program& p, const std::vector<CharClass>& classes) : code_(p.code), classes_(classes), mark_(p.code.size(), 0) {}

  // Follows the moves that consume nothing from `pc0` at a position where ^
  // holds iff `atStart` and $ iff `atEnd`, adding where the threads stop to
  // `out`; true when Match is reachable. Positions already marked in this
  // generation are skipped: the caller bumps the generation per set.
  bool closure(std::uint32_t pc0, bool atStart, bool atEnd, std::vector<std::uint32_t>& out) {
    bool match = false;
    stack_.assign(1, pc0);
    while (!stack_.empty()) {
      const std::uint32_t pc = stack_.back();
      stack_.pop_back();
      if (mark_[pc] == gen_) continue;
      mark_[pc] = gen_;
      const Inst& ins = code_[pc];
      switch (ins.op) {
        case Inst::Match: match = true; break;
        case Inst::Jmp: stack_.push_back(ins.x); break;
        case Inst::Split: stack_.push_back(ins.y); stack_.push_back(ins.x); break;
        case Inst::Bol: if (atStart) stack_.push_back(pc + 1); break;
        case Inst::Eol:
          if (atEnd) stack_.push_back(pc + 1);
          else out.push_back(pc);
          break;
        default: out.push_back(pc); break;
      }
    }
    return match;
  }

  void next_generation() { ++gen_; }

  // Splits the code points at every edge of a Char or Class operand, then
  // merges the intervals that every test treats alike into one class.
  bool partition(std::vector<char32_t>& bounds, std::vector<std::uint8_t>& intervalClass) {
    bounds.assign(1, 0);
    testOf_.assign(code_.size(), -1);
    auto cut = [&](std::uint64_t at) {
      if (at <= 0xFFFFFFFFull) bounds.push_back(static_cast<char32_t>(at));
    };
    for (std::uint32_t pc = 0; pc < code_.size(); ++pc) {
      const Inst& i = code_[pc];
      if (i.op != Inst::Char && i.op != Inst::Class) continue;
      std::size_t t = 0;
      while (t < tests_.size() && !(code_[tests_[t]].op == i.op && code_[tests_[t]].x == i.x)) ++t;
      if (t == tests_.size()) {
        tests_.push_back(pc);
        if (i.op == Inst::Char) cut(i.x), cut(std::uint64_t{i.x} + 1);
        else
          for (const Range& r : classes_[i.x].ranges) cut(r.lo), cut(std::uint64_t{r.hi} + 1);
      }
      testOf_[pc] = static_cast<int>(t);
    }
    std::sort(bounds.begin(), bounds.end());
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
    const std::size_t n = bounds.size(), t = tests_.size();
    if (n > kMaxDfaIntervals || n * t > kMaxDfaIntervalTests) return false;
    // Every edge is an interval's start, so its first code point stands for all
    // of it. Intervals and a class's ranges are both sorted: one walk over the
    // two answers contains() for every interval (\p{L} has some 650 ranges).
    std::vector<std::uint8_t> sig(n * t);
    for (std::size_t j = 0; j < t; ++j) {
      const Inst& i = code_[tests_[j]];
      if (i.op == Inst::Char) {
        for (std::size_t k = 0; k < n; ++k) sig[k * t + j] = i.x == bounds[k];
        continue;
      }
      const CharClass& cc = classes_[i.x];
      std::size_t r = 0;
      for (std::size_t k = 0; k < n; ++k) {
        while (r < cc.ranges.size() && cc.ranges[r].hi < bounds[k]) ++r;
        sig[k * t + j] = (r < cc.ranges.size() && cc.ranges[r].lo <= bounds[k]) != cc.negated;
      }
    }
    std::vector<std::uint64_t> hashes;
    intervalClass.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      // Pointers, not sig[k * t]: a program without tests (^, $) has an empty sig.
      const std::uint8_t* row = sig.data() + k * t;
      const std::uint64_t h = hash_of(row, t);
      std::size_t c = 0;
      while (c < hashes.size() && !(hashes[c] == h && (t == 0 || std::memcmp(row, sig.data() + classRep_[c] * t, t) == 0))) ++c;
      if (c == hashes.size()) {
        if (c == kMaxDfaClasses) return false;
        hashes.push_back(h);
        classRep_.push_back(k);
      }
      intervalClass[k] = static_cast<std::uint8_t>(c);
    }
    sig_ = std::move(sig);
    return true;
  }

  std::size_t class_count() const { return classRep_.size(); }

  // Whether the consuming instruction at `pc` accepts the code points of class `c`.
  bool accepts(std::uint32_t pc, std::size_t c) const {
    return code_[pc].op == Inst::Any || sig_[classRep_[c] * tests_.size() + testOf_[pc]];
  }

 private:
  const std::vector<Inst>& code_;
  const std::vector<CharClass>& classes_;
  std::vector<std::uint32_t> mark_, stack_;
  std::uint32_t gen_ = 1;
  std::vector<std::uint32_t> tests_;   // one instruction per distinct Char / Class operand
  std::vector<int> testOf_;            // per instruction: its index in tests_
  std::vector<std::uint8_t> sig_;      // per interval and test: does the test accept it
  std::vector<std::size_t> classRep_;  // per class: an interval of it
};

std::uint64_t hash_of(const std::vector<std::uint32_t>& s) {
  return hash_of(reinterpret_cast<const std::uint8_t*>(s.data()), s.size() * sizeof(std::uint32_t));
}

}  // namespace

bool Dfa::build(const Program& program, const std::vector<CharClass>& classes) {
  *this = Dfa();
  const auto& code = program.code;
  if (code.empty() || code.size() > kMaxDfaProgram) return false;
  for (const Inst& i : code)
    if (i.op == Inst::WordB || i.op == Inst::NotWordB || i.op == Inst::Look || i.op == Inst::NegLook) return false;

  Builder b(program, classes);
  std::vector<char32_t> bounds;
  std::vector<std::uint8_t> intervalClass;
  if (!b.partition(bounds, intervalClass)) return false;
  const std::size_t nc = b.class_count();

  std::vector<std::vector<std::uint32_t>> sets;
  std::vector<std::uint64_t> hashes;
  std::vector<std::uint16_t> next;
  // The id of `s` (sorted here), added when new; kDead for the empty set.
  auto state_of = [&](std::vector<std::uint32_t>& s, std::uint16_t& id) {
    if (s.empty()) return id = kDead, true;
    std::sort(s.begin(), s.end());
    const std::uint64_t h = hash_of(s);
    for (std::size_t k = 0; k < sets.size(); ++k)
      if (hashes[k] == h && sets[k] == s) return id = static_cast<std::uint16_t>(k), true;
    if (sets.size() == kMaxDfaStates || (sets.size() + 1) * nc > kMaxDfaCells) return false;
    id = static_cast<std::uint16_t>(sets.size());
    sets.push_back(s);
    hashes.push_back(h);
    return true;
  };

  std::vector<std::uint32_t> set;
  b.next_generation();
  const bool startMatches = b.closure(0, true, false, set);
  std::uint16_t start = kMatch;
  if (!startMatches && !state_of(set, start)) return false;
  set.clear();
  b.next_generation();
  const bool emptyMatches = b.closure(0, true, true, set);

  // Rows are filled in the order states are found; sets grows as we go.
  for (std::size_t s = 0; s < sets.size(); ++s) {
    for (std::size_t c = 0; c < nc; ++c) {
      set.clear();
      b.next_generation();
      bool match = false;
      for (const std::uint32_t pc : sets[s])
        if (consumes(code[pc]) && b.accepts(pc, c)) match = b.closure(pc + 1, false, false, set) || match;
      // A search may start at any position: a new thread enters at every code point
      // (for a pattern that begins with ^, it stops at once, as ^ fails past offset 0).
      match = b.closure(0, false, false, set) || match;
      std::uint16_t id = kMatch;
      if (!match && !state_of(set, id)) return false;
      next.push_back(id);
    }
  }
  std::vector<std::uint8_t> acceptAtEnd(sets.size(), 0);
  for (std::size_t s = 0; s < sets.size(); ++s) {
    b.next_generation();
    for (const std::uint32_t pc : sets[s])
      if (code[pc].op == Inst::Eol && b.closure(pc + 1, false, true, set)) acceptAtEnd[s] = 1;
  }

  for (char32_t c = 0; c < 128; ++c)
    ascii_[c] = intervalClass[std::upper_bound(bounds.begin(), bounds.end(), c) - bounds.begin() - 1];
  bounds_ = std::move(bounds);
  intervalClass_ = std::move(intervalClass);
  next_ = std::move(next);
  acceptAtEnd_ = std::move(acceptAtEnd);
  classCount_ = static_cast<std::uint16_t>(nc);
  start_ = start;
  emptyMatches_ = emptyMatches;
  built_ = true;
  return true;
}

#if defined(__clang__)
#pragma clang attribute pop
#endif

std::uint8_t Dfa::class_of(char32_t c) const {
  return intervalClass_[std::upper_bound(bounds_.begin(), bounds_.end(), c) - bounds_.begin() - 1];
}

MatchStatus Dfa::search(std::string_view input, std::size_t& budget) const {
  if (start_ == kMatch) return MatchStatus::Match;
  if (input.empty()) return emptyMatches_ ? MatchStatus::Match : MatchStatus::NoMatch;
  if (start_ == kDead) return MatchStatus::NoMatch;
  // Each code point costs one step, and there are at most as many as bytes:
  // when the budget covers the bytes, the loop need not count.
  const std::size_t limit = std::min(budget, input.size());
  std::size_t steps = 0;
  std::uint32_t s = start_;
  std::size_t i = 0;
  while (i < input.size()) {
    if (steps == limit) {  // only reachable when the budget is below the input's size
      budget = 0;
      return MatchStatus::BudgetExceeded;
    }
    ++steps;
    const auto byte = static_cast<unsigned char>(input[i]);
    std::uint8_t c;
    if (byte < 0x80) c = ascii_[byte], ++i;
    else c = class_of(decode_utf8(input, i));
    s = next_[s * classCount_ + c];
    if (s >= kDead) {
      budget -= steps;
      return s == kMatch ? MatchStatus::Match : MatchStatus::NoMatch;
    }
  }
  budget -= steps;
  return acceptAtEnd_[s] ? MatchStatus::Match : MatchStatus::NoMatch;
}

}  // namespace rc::schema::regex
