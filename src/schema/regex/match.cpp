// The Pike VM: every thread of the program advanced in step over the input,
// one code point at a time, so time is bounded by input x program size. It
// runs per call (each `pattern` check the DFA cannot answer).
#include "schema/regex/regex.hpp"

#include <memory>

namespace rc::schema::regex {
namespace {

bool is_word(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

}  // namespace

class Vm {
 public:
  Vm(const Regex& re, std::string_view in, std::size_t& budget, std::size_t level = 0)
      : re_(re), in_(in), budget_(budget), level_(level) {}

  // Runs program `prog` from byte offset `start`; `anchored` tries only `start`.
  MatchStatus run(std::size_t prog, std::size_t start, bool anchored) {
    const auto& code = re_.programs_[prog].code;
    const std::size_t n = code.size();
    // Thread lists reused from match to match (one set per lookahead level):
    // a typical `pattern` check allocates nothing.
    Scratch& sc = scratch(level_);
    auto& mark = sc.mark;
    auto& clist = sc.clist;
    auto& nlist = sc.nlist;
    auto& stack = sc.stack;
    mark.assign(n, 0);
    clist.clear();
    nlist.clear();
    clist.reserve(n);
    nlist.reserve(n);
    std::uint32_t gen = 1;
    char32_t prev = start > 0 ? prev_cp(start) : 0;
    bool hasPrev = start > 0;
    std::size_t i = start;
    while (true) {
      char32_t cur = 0;
      std::size_t next = i;
      const bool atEnd = i >= in_.size();
      if (!atEnd) cur = decode_utf8(in_, next);
      if (!anchored || i == start) {
        const auto st = closure(prog, 0, i, hasPrev, prev, atEnd, cur, mark, gen, clist, stack);
        if (st != MatchStatus::NoMatch) return st;
      }
      if (clist.empty() && (anchored || atEnd)) return MatchStatus::NoMatch;
      if (atEnd) return MatchStatus::NoMatch;
      ++gen;
      nlist.clear();
      if (budget_ < clist.size()) return MatchStatus::BudgetExceeded;
      budget_ -= clist.size();
      // Assertions in the closure of the next step look at the next position.
      char32_t after = 0;
      std::size_t next2 = next;
      const bool nextAtEnd = next >= in_.size();
      if (!nextAtEnd) after = decode_utf8(in_, next2);
      for (const auto t : clist) {
        const Inst& ins = code[t];
        bool ok = false;
        switch (ins.op) {
          case Inst::Char: ok = ins.x == cur; break;
          case Inst::Class: ok = re_.classes_[ins.x].contains(cur); break;
          case Inst::Any: ok = true; break;
          default: break;
        }
        if (ok) {
          const auto st = closure(prog, t + 1, next, true, cur, nextAtEnd, after, mark, gen, nlist, stack);
          if (st != MatchStatus::NoMatch) return st;
        }
      }
      std::swap(clist, nlist);
      prev = cur;
      hasPrev = true;
      i = next;
    }
  }

 private:
  struct Scratch {
    std::vector<std::uint32_t> mark, clist, nlist, stack;
  };
  static Scratch& scratch(std::size_t level) {
    // One Scratch per level, each on its own: references stay valid as the pool grows.
    static thread_local std::vector<std::unique_ptr<Scratch>> pool;
    while (pool.size() <= level) pool.push_back(std::make_unique<Scratch>());
    return *pool[level];
  }

  char32_t prev_cp(std::size_t pos) const {
    std::size_t s = pos - 1;
    while (s > 0 && (static_cast<unsigned char>(in_[s]) & 0xC0) == 0x80 && pos - s < 4) --s;
    std::size_t k = s;
    return decode_utf8(in_, k);
  }

  // Follows epsilon moves from `pc` at byte offset `pos`, adding consuming
  // instructions to `list`. Returns Match as soon as Match is reachable.
  MatchStatus closure(std::size_t prog, std::uint32_t pc0, std::size_t pos, bool hasPrev, char32_t prev, bool atEnd,
                      char32_t cur, std::vector<std::uint32_t>& mark, std::uint32_t gen,
                      std::vector<std::uint32_t>& list, std::vector<std::uint32_t>& stack) {
    const auto& code = re_.programs_[prog].code;
    stack.clear();
    stack.push_back(pc0);
    while (!stack.empty()) {
      const std::uint32_t pc = stack.back();
      stack.pop_back();
      if (mark[pc] == gen) continue;
      mark[pc] = gen;
      if (budget_ == 0) return MatchStatus::BudgetExceeded;
      --budget_;
      const Inst& ins = code[pc];
      switch (ins.op) {
        case Inst::Match: return MatchStatus::Match;
        case Inst::Jmp: stack.push_back(ins.x); break;
        case Inst::Split: stack.push_back(ins.y); stack.push_back(ins.x); break;
        case Inst::Bol: if (pos == 0) stack.push_back(pc + 1); break;
        case Inst::Eol: if (atEnd) stack.push_back(pc + 1); break;
        case Inst::WordB:
        case Inst::NotWordB: {
          const bool b = (hasPrev && is_word(prev)) != (!atEnd && is_word(cur));
          if (b == (ins.op == Inst::WordB)) stack.push_back(pc + 1);
          break;
        }
        case Inst::Look:
        case Inst::NegLook: {
          // The nested VM runs on the next level's scratch lists.
          Vm sub(re_, in_, budget_, level_ + 1);
          const auto st = sub.run(ins.x, pos, true);
          if (st == MatchStatus::BudgetExceeded) return st;
          if ((st == MatchStatus::Match) == (ins.op == Inst::Look)) stack.push_back(pc + 1);
          break;
        }
        default: list.push_back(pc); break;
      }
    }
    return MatchStatus::NoMatch;
  }

  const Regex& re_;
  std::string_view in_;
  std::size_t& budget_;
  std::size_t level_;
};

MatchStatus Regex::search(std::string_view input, std::size_t stepBudget) const {
  std::size_t budget = stepBudget;
  return search_shared(input, budget);
}

MatchStatus Regex::search_shared(std::string_view input, std::size_t& budget) const {
  if (!dfa_.empty()) return dfa_.search(input, budget);
  return search_vm(input, budget);
}

MatchStatus Regex::search_vm(std::string_view input, std::size_t& budget) const {
  if (programs_.empty()) return MatchStatus::NoMatch;
  Vm vm(*this, input, budget);
  return vm.run(0, 0, anchoredStart_);
}

}  // namespace rc::schema::regex
