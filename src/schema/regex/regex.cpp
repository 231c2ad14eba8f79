#include "schema/regex/regex.hpp"

#include "schema/regex/unicode_tables.hpp"

#include <algorithm>
#include <memory>

namespace rc::schema::regex {

char32_t decode_utf8(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) len = 2, cp = b0 & 0x1F;
  else if ((b0 & 0xF0) == 0xE0) len = 3, cp = b0 & 0x0F;
  else if ((b0 & 0xF8) == 0xF0) len = 4, cp = b0 & 0x07;
  else {
    ++i;
    return 0xFFFD;
  }
  if (i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += len;
  return cp;
}

bool CharClass::contains(char32_t c) const {
  // ranges are sorted and disjoint: binary search
  std::size_t lo = 0, hi = ranges.size();
  bool in = false;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (c < ranges[mid].lo) hi = mid;
    else if (c > ranges[mid].hi) lo = mid + 1;
    else {
      in = true;
      break;
    }
  }
  return in != negated;
}

namespace {

// The pattern parser and compiler: optimised for size in the WASM build (clang); the hot
// validation path keeps -O3.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)
#endif

constexpr char32_t kMaxCp = 0x10FFFF;

void normalize(std::vector<Range>& r) {
  std::sort(r.begin(), r.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  std::vector<Range> out;
  for (const auto& x : r) {
    if (!out.empty() && x.lo <= out.back().hi + 1) out.back().hi = std::max(out.back().hi, x.hi);
    else out.push_back(x);
  }
  r = std::move(out);
}

std::vector<Range> complement(std::vector<Range> r) {
  normalize(r);
  std::vector<Range> out;
  char32_t next = 0;
  for (const auto& x : r) {
    if (x.lo > next) out.push_back({next, x.lo - 1});
    next = x.hi + 1;
  }
  if (next <= kMaxCp) out.push_back({next, kMaxCp});
  return out;
}

const std::vector<Range>& digit_ranges() {
  static const std::vector<Range> r{{'0', '9'}};
  return r;
}
const std::vector<Range>& word_ranges() {
  static const std::vector<Range> r{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
  return r;
}
// ECMA-262 WhiteSpace and LineTerminator.
const std::vector<Range>& space_ranges() {
  static const std::vector<Range> r{{0x09, 0x0D}, {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680},
                                    {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F},
                                    {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
  return r;
}

bool is_word(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

struct Node {
  enum Kind { Empty, Char, Class, Any, Cat, Alt, Rep, Bol, Eol, WordB, NotWordB, Look, NegLook };
  Kind kind = Empty;
  char32_t c = 0;
  std::uint32_t cls = 0;
  int min = 0, max = 0;  // Rep; max < 0 means unbounded
  std::vector<Node> kids;
};

constexpr int kMaxNesting = 64;
constexpr int kMaxCount = 1000;

class Parser {
 public:
  Parser(std::vector<char32_t> p, std::vector<CharClass>& classes) : p_(std::move(p)), classes_(classes) {}

  bool parse(Node& out, std::string& error) {
    out = alternation(0);
    if (error_.empty() && i_ < p_.size()) error_ = "unmatched ')'";
    error = error_;
    return error_.empty();
  }

 private:
  bool more() const { return i_ < p_.size(); }
  char32_t peek() const { return p_[i_]; }
  void fail(const std::string& e) {
    if (error_.empty()) error_ = e + " at offset " + std::to_string(i_);
  }

  Node alternation(int depth) {
    if (depth > kMaxNesting) {
      fail("groups nested too deeply");
      return {};
    }
    Node first = sequence(depth);
    if (!more() || peek() != '|') return first;
    Node alt;
    alt.kind = Node::Alt;
    alt.kids.push_back(std::move(first));
    while (error_.empty() && more() && peek() == '|') {
      ++i_;
      alt.kids.push_back(sequence(depth));
    }
    return alt;
  }

  Node sequence(int depth) {
    Node cat;
    cat.kind = Node::Cat;
    while (error_.empty() && more() && peek() != '|' && peek() != ')') {
      Node atom;
      bool quantifiable = true;
      if (!term(atom, quantifiable, depth)) break;
      if (more() && quantifiable) quantify(atom);
      else if (more() && (peek() == '*' || peek() == '+' || peek() == '?')) fail("nothing to repeat");
      cat.kids.push_back(std::move(atom));
    }
    return cat;
  }

  bool read_int(int& v) {
    if (!more() || peek() < '0' || peek() > '9') return false;
    long long n = 0;
    while (more() && peek() >= '0' && peek() <= '9') {
      n = std::min<long long>(n * 10 + (peek() - '0'), 1'000'000'000);
      ++i_;
    }
    v = static_cast<int>(n);
    return true;
  }

  // {n}, {n,}, {n,m}; anything else leaves `{` as a literal (Annex B).
  bool brace_quantifier(int& mn, int& mx) {
    const std::size_t save = i_;
    ++i_;
    if (!read_int(mn)) return i_ = save, false;
    mx = mn;
    if (more() && peek() == ',') {
      ++i_;
      if (!read_int(mx)) mx = -1;
    }
    if (!more() || peek() != '}') return i_ = save, false;
    ++i_;
    return true;
  }

  void quantify(Node& atom) {
    int mn = 0, mx = 0;
    const char32_t q = peek();
    if (q == '*') mn = 0, mx = -1, ++i_;
    else if (q == '+') mn = 1, mx = -1, ++i_;
    else if (q == '?') mn = 0, mx = 1, ++i_;
    else if (q == '{') {
      if (!brace_quantifier(mn, mx)) return;
    } else return;
    if (mx >= 0 && mn > mx) return fail("numbers out of order in {} quantifier");
    if (mn > kMaxCount || mx > kMaxCount) return fail("repetition count above " + std::to_string(kMaxCount));
    if (more() && peek() == '?') ++i_;  // lazy: same yes/no answer
    Node rep;
    rep.kind = Node::Rep;
    rep.min = mn;
    rep.max = mx;
    rep.kids.push_back(std::move(atom));
    atom = std::move(rep);
  }

  std::uint32_t add_class(std::vector<Range> r, bool negated) {
    normalize(r);
    classes_.push_back(CharClass{std::move(r), negated});
    return static_cast<std::uint32_t>(classes_.size() - 1);
  }

  Node class_node(std::vector<Range> r, bool negated) {
    Node n;
    n.kind = Node::Class;
    n.cls = add_class(std::move(r), negated);
    return n;
  }

  bool term(Node& out, bool& quantifiable, int depth) {
    const char32_t c = peek();
    ++i_;
    switch (c) {
      case '^': out.kind = Node::Bol; quantifiable = false; return true;
      case '$': out.kind = Node::Eol; quantifiable = false; return true;
      case '.': out = class_node({{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}}, true); return true;
      case '*': case '+': case '?': fail("nothing to repeat"); return false;
      case '(': return group(out, depth);
      case '[': return char_class(out);
      case '\\': return escape(out, quantifiable);
      case '{': {
        --i_;
        int a, b;
        if (brace_quantifier(a, b)) {
          fail("nothing to repeat");
          return false;
        }
        ++i_;
        break;
      }
      default: break;
    }
    out.kind = Node::Char;
    out.c = c;
    return true;
  }

  bool group(Node& out, int depth) {
    Node::Kind look = Node::Empty;
    if (more() && peek() == '?') {
      ++i_;
      if (!more()) return fail("bad group"), false;
      const char32_t k = peek();
      ++i_;
      if (k == ':') {
      } else if (k == '=') look = Node::Look;
      else if (k == '!') look = Node::NegLook;
      else if (k == '<' && more() && (peek() == '=' || peek() == '!')) return fail("lookbehind is not supported"), false;
      else if (k == '<') {
        while (more() && peek() != '>') ++i_;  // named group: the name does not matter here
        if (!more()) return fail("unterminated group name"), false;
        ++i_;
      } else return fail("unknown group kind"), false;
    }
    Node inner = alternation(depth + 1);
    if (!error_.empty()) return false;
    if (!more() || peek() != ')') return fail("missing ')'"), false;
    ++i_;
    if (look != Node::Empty) {
      out.kind = look;
      out.kids.push_back(std::move(inner));
    } else {
      out = std::move(inner);
    }
    return true;
  }

  bool hex(int digits, char32_t& v) {
    v = 0;
    for (int k = 0; k < digits; ++k) {
      if (!more()) return false;
      const char32_t h = peek();
      int d;
      if (h >= '0' && h <= '9') d = h - '0';
      else if (h >= 'a' && h <= 'f') d = h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') d = h - 'A' + 10;
      else return false;
      v = v * 16 + d;
      ++i_;
    }
    return true;
  }

  // An escape that stands for one character (shared by atoms and classes).
  bool char_escape(char32_t e, char32_t& out) {
    switch (e) {
      case 't': out = '\t'; return true;
      case 'n': out = '\n'; return true;
      case 'v': out = '\v'; return true;
      case 'f': out = '\f'; return true;
      case 'r': out = '\r'; return true;
      case '0':
        if (more() && peek() >= '0' && peek() <= '9') return fail("octal escapes are not supported"), false;
        out = 0;
        return true;
      case 'c':
        if (more() && ((peek() >= 'a' && peek() <= 'z') || (peek() >= 'A' && peek() <= 'Z'))) {
          out = peek() % 32;
          ++i_;
          return true;
        }
        out = '\\';
        --i_;  // Annex B: "\c" not followed by a letter is a backslash and a 'c'
        return true;
      case 'x': {
        const std::size_t save = i_;
        if (hex(2, out)) return true;
        i_ = save;
        out = 'x';
        return true;
      }
      case 'u': {
        const std::size_t save = i_;
        if (more() && peek() == '{') {
          ++i_;
          char32_t v = 0;
          int n = 0;
          while (more() && peek() != '}' && n < 8) {
            char32_t d;
            if (!hex(1, d)) break;
            v = v * 16 + d;
            ++n;
          }
          if (n > 0 && more() && peek() == '}' && v <= kMaxCp) {
            ++i_;
            out = v;
            return true;
          }
          i_ = save;
          out = 'u';
          return true;
        }
        char32_t v;
        if (!hex(4, v)) {
          i_ = save;
          out = 'u';
          return true;
        }
        // A surrogate pair written as two escapes is one code point.
        if (v >= 0xD800 && v <= 0xDBFF && i_ + 1 < p_.size() && p_[i_] == '\\' && p_[i_ + 1] == 'u') {
          const std::size_t save2 = i_;
          i_ += 2;
          char32_t lo;
          if (hex(4, lo) && lo >= 0xDC00 && lo <= 0xDFFF) v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
          else i_ = save2;
        }
        out = v;
        return true;
      }
      default:
        if (e >= '1' && e <= '9') return fail("backreferences are not supported"), false;
        if (e == 'k') return fail("named backreferences are not supported"), false;
        if (e == 'p' || e == 'P') return fail("unsupported Unicode property escape (supported: L, Letter, N, Number, Nd)"), false;
        out = e;  // identity escape
        return true;
    }
  }

  bool class_escape(char32_t e, std::vector<Range>& r) {
    switch (e) {
      case 'd': r.insert(r.end(), digit_ranges().begin(), digit_ranges().end()); return true;
      case 'w': r.insert(r.end(), word_ranges().begin(), word_ranges().end()); return true;
      case 's': r.insert(r.end(), space_ranges().begin(), space_ranges().end()); return true;
      case 'D': { auto c = complement(digit_ranges()); r.insert(r.end(), c.begin(), c.end()); return true; }
      case 'W': { auto c = complement(word_ranges()); r.insert(r.end(), c.begin(), c.end()); return true; }
      case 'S': { auto c = complement(space_ranges()); r.insert(r.end(), c.begin(), c.end()); return true; }
      case 'p':
      case 'P': {
        if (!more() || peek() != '{') return false;
        std::string name;
        std::size_t j = i_ + 1;
        while (j < p_.size() && p_[j] != '}' && p_[j] < 0x80 && name.size() < 40) name += static_cast<char>(p_[j++]);
        if (j >= p_.size() || p_[j] != '}') return false;
        std::vector<Range> cat;
        if (!unicode_category(name, cat)) return false;
        i_ = j + 1;
        if (e == 'P') cat = complement(std::move(cat));
        r.insert(r.end(), cat.begin(), cat.end());
        return true;
      }
      default: return false;
    }
  }

  bool escape(Node& out, bool& quantifiable) {
    if (!more()) return fail("pattern ends with a backslash"), false;
    const char32_t e = peek();
    ++i_;
    if (e == 'b' || e == 'B') {
      out.kind = e == 'b' ? Node::WordB : Node::NotWordB;
      quantifiable = false;
      return true;
    }
    std::vector<Range> r;
    if (class_escape(e, r)) {
      out = class_node(std::move(r), false);
      return true;
    }
    char32_t c;
    if (!char_escape(e, c)) return false;
    out.kind = Node::Char;
    out.c = c;
    return true;
  }

  // One class atom: a character, or a set (\d...) reported through `set`.
  bool class_atom(char32_t& c, std::vector<Range>& set, bool& isSet) {
    isSet = false;
    c = peek();
    ++i_;
    if (c != '\\') return true;
    if (!more()) return fail("pattern ends with a backslash"), false;
    const char32_t e = peek();
    ++i_;
    if (e == 'b') return c = 0x08, true;
    if (e == '-') return c = '-', true;
    if (class_escape(e, set)) return isSet = true, true;
    return char_escape(e, c);
  }

  bool char_class(Node& out) {
    bool negated = false;
    if (more() && peek() == '^') negated = true, ++i_;
    std::vector<Range> r;
    while (true) {
      if (!more()) return fail("missing ']'"), false;
      if (peek() == ']') {
        ++i_;
        break;
      }
      char32_t a;
      bool aSet;
      if (!class_atom(a, r, aSet)) return false;
      if (!aSet && more() && peek() == '-' && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        ++i_;
        char32_t b;
        bool bSet;
        std::vector<Range> tmp;
        if (!class_atom(b, tmp, bSet)) return false;
        if (bSet) {  // Annex B: [a-\d] is a, '-', and digits
          r.push_back({a, a});
          r.push_back({'-', '-'});
          r.insert(r.end(), tmp.begin(), tmp.end());
          continue;
        }
        if (b < a) return fail("range out of order in character class"), false;
        r.push_back({a, b});
      } else if (!aSet) {
        r.push_back({a, a});
      }
    }
    out = class_node(std::move(r), negated);
    return true;
  }

  std::vector<char32_t> p_;
  std::vector<CharClass>& classes_;
  std::size_t i_ = 0;
  std::string error_;
};

}  // namespace

class Compiler {
 public:
  explicit Compiler(Regex& re) : re_(re) {}

  bool compile(const Node& root, std::string& error) {
    re_.programs_.clear();
    re_.programs_.emplace_back();
    if (!emit_program(root, 0)) {
      error = "pattern is too large (more than " + std::to_string(kMaxProgramSize) + " instructions)";
      return false;
    }
    return true;
  }

 private:
  bool emit_program(const Node& n, std::size_t prog) {
    if (!emit(n, prog)) return false;
    re_.programs_[prog].code.push_back({Inst::Match});
    return true;
  }

  std::uint32_t pc(std::size_t prog) const { return static_cast<std::uint32_t>(re_.programs_[prog].code.size()); }
  bool push(std::size_t prog, Inst i) {
    if (++total_ > kMaxProgramSize) return false;
    re_.programs_[prog].code.push_back(i);
    return true;
  }

  bool emit(const Node& n, std::size_t prog) {
    auto& code = re_.programs_[prog].code;
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
            re_.programs_[prog].code[split].y = pc(prog);
          } else if (!emit(n.kids[k], prog)) {
            return false;
          }
        }
        for (auto j : jumps) re_.programs_[prog].code[j].x = pc(prog);
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
          re_.programs_[prog].code[loop].y = pc(prog);
          return true;
        }
        std::vector<std::uint32_t> splits;
        for (int k = n.min; k < n.max; ++k) {
          splits.push_back(pc(prog));
          if (!push(prog, {Inst::Split, pc(prog) + 1, 0})) return false;
          if (!emit(body, prog)) return false;
        }
        for (auto s : splits) re_.programs_[prog].code[s].y = pc(prog);
        return true;
      }
      case Node::Look:
      case Node::NegLook: {
        const std::size_t sub = re_.programs_.size();
        re_.programs_.emplace_back();
        if (!emit_program(n.kids[0], sub)) return false;
        return push(prog, {n.kind == Node::Look ? Inst::Look : Inst::NegLook, static_cast<std::uint32_t>(sub)});
      }
    }
    (void)code;
    return false;
  }

  Regex& re_;
  std::size_t total_ = 0;
};

bool Regex::compile(std::string_view pattern, std::string& error) {
  source_ = std::string(pattern);
  classes_.clear();
  std::vector<char32_t> cps;
  for (std::size_t i = 0; i < pattern.size();) cps.push_back(decode_utf8(pattern, i));
  Node root;
  Parser parser(std::move(cps), classes_);
  if (!parser.parse(root, error)) {
    error = "unsupported or invalid regular expression /" + source_ + "/: " + error;
    return false;
  }
  if (!Compiler(*this).compile(root, error)) {
    error = "regular expression /" + source_ + "/: " + error;
    return false;
  }
  prepare();
  error.clear();
  return true;
}

void Regex::prepare() {
  anchoredStart_ = !programs_.empty() && !programs_[0].code.empty() && programs_[0].code[0].op == Inst::Bol;
  // Lookaheads live in programs after the first: the DFA does not model them.
  dfa_.clear();
  if (programs_.size() == 1) dfa_.build(programs_[0], classes_);
}

#if defined(__clang__)
#pragma clang attribute pop
#endif

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
