#include "schema/regex/parse.hpp"

#include <algorithm>

#include "schema/regex/unicode_tables.hpp"

namespace rc::schema::regex {
namespace {

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

bool parse(std::string_view pattern, Node& root, std::vector<CharClass>& classes, std::string& error) {
  std::vector<char32_t> cps;
  for (std::size_t i = 0; i < pattern.size();) cps.push_back(decode_utf8(pattern, i));
  return Parser(std::move(cps), classes).parse(root, error);
}

}  // namespace rc::schema::regex
