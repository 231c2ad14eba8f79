#include "schema/regex/dfa.hpp"

#include <algorithm>

namespace rc::schema::regex {

namespace {

// Building runs once per pattern, when a schema is compiled or a compiled
// tool set is read: optimised for size in the WASM build, like the parser.
// The search below keeps -O3.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)
#endif

bool consumes(const Inst& i) { return i.op == Inst::Char || i.op == Inst::Class || i.op == Inst::Any; }

std::uint32_t hash_of(const std::vector<std::uint32_t>& s) {
  std::uint32_t h = 2166136261u;  // FNV-1a over the elements
  for (const std::uint32_t v : s) h = (h ^ v) * 16777619u;
  return h;
}

// A DFA state is the set of program positions the VM would hold between two
// code points: the consuming instructions and the $ not yet known to hold.
class Builder {
 public:
  Builder(const Program& p, const std::vector<CharClass>& classes) : code_(p.code), classes_(classes) {
    mark_.assign(code_.size(), 0);
  }

  // Follows the moves that consume nothing from `pc0` at a position where ^
  // holds iff `atStart` and $ iff `atEnd`, marking the positions reached in
  // the current generation (the caller starts one per set); true when Match
  // is reachable. Marked positions are not followed twice.
  bool closure(std::uint32_t pc0, bool atStart, bool atEnd) {
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
        case Inst::Eol: if (atEnd) stack_.push_back(pc + 1); break;
        default: break;
      }
    }
    return match;
  }

  // The set the closures of this generation reached: where threads wait for
  // a code point, or for the end ($), in program order, so that equal sets
  // are equal vectors (a scan of at most kMaxDfaProgram marks, not a sort).
  void collect(std::vector<std::uint32_t>& out) const {
    out.clear();
    for (std::uint32_t pc = 0; pc < code_.size(); ++pc)
      if (mark_[pc] == gen_ && (consumes(code_[pc]) || code_[pc].op == Inst::Eol)) out.push_back(pc);
  }

  void next_generation() { ++gen_; }

  // Splits the code points at every edge of a Char or Class operand: each
  // interval between two edges is a class, which every test of the program
  // accepts whole or not at all.
  bool partition() {
    bounds_.assign(1, 0);
    std::vector<std::uint32_t> edges, merged;
    auto cut = [&](std::uint64_t at) {
      if (at <= 0xFFFFFFFFull) edges.push_back(static_cast<std::uint32_t>(at));
    };
    for (const Inst& i : code_) {
      if (i.op != Inst::Char && i.op != Inst::Class) continue;
      // A test's edges come in order (ranges are sorted and disjoint): merging
      // them into the bounds, duplicates dropped, keeps the bounds sorted
      // without a sort.
      edges.clear();
      if (i.op == Inst::Char) cut(i.x), cut(std::uint64_t{i.x} + 1);
      else
        for (const Range& r : classes_[i.x].ranges) cut(r.lo), cut(std::uint64_t{r.hi} + 1);
      merged.clear();
      std::size_t a = 0, b = 0;
      while (a < bounds_.size() || b < edges.size()) {
        const std::uint32_t v = b == edges.size() || (a < bounds_.size() && bounds_[a] <= edges[b]) ? bounds_[a++] : edges[b++];
        if (merged.empty() || merged.back() != v) merged.push_back(v);
      }
      bounds_.swap(merged);
      if (bounds_.size() > kMaxDfaClasses) return false;
    }
    return true;
  }

  std::vector<std::uint32_t>& bounds() { return bounds_; }

  // Whether the consuming instruction at `pc` accepts the code points of class
  // `c`: its first code point stands for all of it.
  bool accepts(std::uint32_t pc, std::size_t c) const {
    const Inst& i = code_[pc];
    return i.op == Inst::Any || (i.op == Inst::Char ? i.x == bounds_[c] : classes_[i.x].contains(bounds_[c]));
  }

 private:
  const std::vector<Inst>& code_;
  const std::vector<CharClass>& classes_;
  std::vector<std::uint32_t> mark_, stack_;
  std::uint32_t gen_ = 1;
  std::vector<std::uint32_t> bounds_;  // class k is [bounds_[k], bounds_[k + 1])
};

}  // namespace

bool Dfa::build(const Program& program, const std::vector<CharClass>& classes) {
  built_ = false;
  const auto& code = program.code;
  if (code.empty() || code.size() > kMaxDfaProgram) return false;
  for (const Inst& i : code)
    if (i.op == Inst::WordB || i.op == Inst::NotWordB || i.op == Inst::Look || i.op == Inst::NegLook) return false;

  Builder b(program, classes);
  if (!b.partition()) return false;
  std::vector<std::uint32_t>& bounds = b.bounds();
  const std::size_t nc = bounds.size();

  // The states' sets end to end: state k's is pool[at[k]] .. pool[at[k + 1] - 1].
  std::vector<std::uint32_t> pool, at(1, 0), hashes;
  std::vector<std::uint16_t> next;
  // The id of the set `s`, added when new; kDead for the empty set.
  auto state_of = [&](const std::vector<std::uint32_t>& s, std::uint16_t& id) {
    if (s.empty()) return id = kDead, true;
    const std::uint32_t h = hash_of(s);
    for (std::size_t k = 0; k < hashes.size(); ++k)
      if (hashes[k] == h && at[k + 1] - at[k] == s.size() && std::equal(s.begin(), s.end(), pool.begin() + at[k]))
        return id = static_cast<std::uint16_t>(k), true;
    if (hashes.size() == kMaxDfaStates || (hashes.size() + 1) * nc > kMaxDfaCells) return false;
    id = static_cast<std::uint16_t>(hashes.size());
    for (const std::uint32_t pc : s) pool.push_back(pc);
    at.push_back(static_cast<std::uint32_t>(pool.size()));
    hashes.push_back(h);
    return true;
  };

  std::vector<std::uint32_t> set;
  b.next_generation();
  const bool startMatches = b.closure(0, true, false);
  b.collect(set);
  std::uint16_t start = kMatch;
  if (!startMatches && !state_of(set, start)) return false;
  b.next_generation();
  const bool emptyMatches = b.closure(0, true, true);

  // Rows are filled in the order states are found; the pool grows as we go
  // (so it is read by index, never through a reference kept across state_of).
  for (std::size_t s = 0; s < hashes.size(); ++s) {
    for (std::size_t c = 0; c < nc; ++c) {
      b.next_generation();
      bool match = false;
      for (std::size_t k = at[s]; k < at[s + 1]; ++k)
        if (consumes(code[pool[k]]) && b.accepts(pool[k], c)) match = b.closure(pool[k] + 1, false, false) || match;
      // A search may start at any position: a new thread enters at every code point
      // (for a pattern that begins with ^, it stops at once, as ^ fails past offset 0).
      match = b.closure(0, false, false) || match;
      b.collect(set);
      std::uint16_t id = kMatch;
      if (!match && !state_of(set, id)) return false;
      next.push_back(id);
    }
  }
  std::vector<std::uint8_t> acceptAtEnd(hashes.size(), 0);
  for (std::size_t s = 0; s < hashes.size(); ++s) {
    b.next_generation();
    for (std::size_t k = at[s]; k < at[s + 1]; ++k)
      if (code[pool[k]].op == Inst::Eol && b.closure(pool[k] + 1, false, true)) acceptAtEnd[s] = 1;
  }

  for (std::uint32_t c = 0; c < 128; ++c)
    ascii_[c] = static_cast<std::uint8_t>(std::upper_bound(bounds.begin(), bounds.end(), c) - bounds.begin() - 1);
  bounds_ = std::move(bounds);
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
  return static_cast<std::uint8_t>(std::upper_bound(bounds_.begin(), bounds_.end(), c) - bounds_.begin() - 1);
}

MatchStatus Dfa::search(std::string_view input, std::size_t& budget) const {
  if (start_ == kMatch) return MatchStatus::Match;
  if (input.empty()) return emptyMatches_ ? MatchStatus::Match : MatchStatus::NoMatch;
  if (start_ == kDead) return MatchStatus::NoMatch;
  // Each code point costs one step. There are at most as many as bytes, so
  // with a budget that covers the bytes the limit is never reached.
  const std::size_t limit = std::min(budget, input.size());
  std::size_t steps = 0;
  std::uint32_t s = start_;
  std::size_t i = 0;
  while (i < input.size()) {
    if (steps == limit) {  // code points are left and the budget is spent
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
