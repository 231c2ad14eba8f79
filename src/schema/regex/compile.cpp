#include "schema/regex/compile.hpp"

#include <cstdint>

namespace rc::schema::regex {
namespace {

class Compiler {
 public:
  explicit Compiler(std::vector<Program>& programs) : programs_(programs) {}

  bool compile(const Node& root, std::string& error) {
    programs_.clear();
    programs_.emplace_back();
    if (!emit_program(root, 0)) {
      error = "pattern is too large (more than " + std::to_string(kMaxProgramSize) + " instructions)";
      return false;
    }
    return true;
  }

 private:
  bool emit_program(const Node& n, std::size_t prog) {
    if (!emit(n, prog)) return false;
    programs_[prog].code.push_back({Inst::Match});
    return true;
  }

  std::uint32_t pc(std::size_t prog) const { return static_cast<std::uint32_t>(programs_[prog].code.size()); }
  bool push(std::size_t prog, Inst i) {
    if (++total_ > kMaxProgramSize) return false;
    programs_[prog].code.push_back(i);
    return true;
  }

  bool emit(const Node& n, std::size_t prog) {
    switch (n.kind) {
      case Node::Empty: return true;
      case Node::Char: return push(prog, {Inst::Char, static_cast<std::uint32_t>(n.c)});
      case Node::Class: return push(prog, {Inst::Class, n.cls});
      case Node::Any: return push(prog, {Inst::Any});
      case Node::Bol: return push(prog, {Inst::Bol});
      case Node::Eol: return push(prog, {Inst::Eol});
      case Node::WordB: return push(prog, {Inst::WordB});
      case Node::NotWordB: return push(prog, {Inst::NotWordB});
      case Node::Cat:
        for (const auto& k : n.kids)
          if (!emit(k, prog)) return false;
        return true;
      case Node::Alt: {
        std::vector<std::uint32_t> jumps;
        for (std::size_t k = 0; k < n.kids.size(); ++k) {
          if (k + 1 < n.kids.size()) {
            const std::uint32_t split = pc(prog);
            if (!push(prog, {Inst::Split, split + 1, 0})) return false;
            if (!emit(n.kids[k], prog)) return false;
            jumps.push_back(pc(prog));
            if (!push(prog, {Inst::Jmp})) return false;
            programs_[prog].code[split].y = pc(prog);
          } else if (!emit(n.kids[k], prog)) {
            return false;
          }
        }
        for (auto j : jumps) programs_[prog].code[j].x = pc(prog);
        return true;
      }
      case Node::Rep: {
        const Node& body = n.kids[0];
        for (int k = 0; k < n.min; ++k)
          if (!emit(body, prog)) return false;
        if (n.max < 0) {
          const std::uint32_t loop = pc(prog);
          if (!push(prog, {Inst::Split, loop + 1, 0})) return false;
          if (!emit(body, prog)) return false;
          if (!push(prog, {Inst::Jmp, loop})) return false;
          programs_[prog].code[loop].y = pc(prog);
          return true;
        }
        std::vector<std::uint32_t> splits;
        for (int k = n.min; k < n.max; ++k) {
          splits.push_back(pc(prog));
          if (!push(prog, {Inst::Split, pc(prog) + 1, 0})) return false;
          if (!emit(body, prog)) return false;
        }
        for (auto s : splits) programs_[prog].code[s].y = pc(prog);
        return true;
      }
      case Node::Look:
      case Node::NegLook: {
        const std::size_t sub = programs_.size();
        programs_.emplace_back();
        if (!emit_program(n.kids[0], sub)) return false;
        return push(prog, {n.kind == Node::Look ? Inst::Look : Inst::NegLook, static_cast<std::uint32_t>(sub)});
      }
    }
    return false;
  }

  std::vector<Program>& programs_;
  std::size_t total_ = 0;
};

}  // namespace

bool compile_tree(const Node& root, std::vector<Program>& programs, std::string& error) {
  return Compiler(programs).compile(root, error);
}

}  // namespace rc::schema::regex
