#include "url/path_template.hpp"

#include "text/rarely_run.hpp"
#include "url/percent_encoding.hpp"

namespace rc::url {
namespace {

bool is_parameter_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// RFC 3986 pchar minus '%' (a literal needs no escapes) plus '/'.
bool is_literal_char(char c) {
  if (is_parameter_char(c)) return true;
  switch (c) {
    case '.': case '~': case '!': case '$': case '&': case '\'': case '(': case ')':
    case '*': case '+': case ',': case ';': case '=': case ':': case '@': case '/':
      return true;
    default:
      return false;
  }
}

bool is_dot_segment(const std::string& segment) { return segment == "." || segment == ".."; }

// True when some '/'-separated segment of `path` is "." or "..".
bool has_dot_segment(const std::string& path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (is_dot_segment(path.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

namespace {

// Enough for any real template; a hostile segment against a template with
// several parameters in one segment could otherwise take quadratic time or worse.
constexpr int kSplitBudget = 4096;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals_at(std::string_view text, std::size_t at, std::string_view literal) {
  if (text.size() - at < literal.size()) return false;
  for (std::size_t i = 0; i < literal.size(); ++i)
    if (lower(text[at + i]) != lower(literal[i])) return false;
  return true;
}

}  // namespace

PathTemplate::Match PathTemplate::match_segment(const std::vector<Piece>& pieces, std::size_t p, std::string_view text,
                                               std::size_t at, std::map<std::string, std::string>& values, int& budget) {
  if (--budget < 0) return Match::too_complex;
  if (p == pieces.size()) return at == text.size() ? Match::yes : Match::no;
  const Piece& piece = pieces[p];
  if (!piece.isParameter) {
    if (!iequals_at(text, at, piece.text)) return Match::no;
    return match_segment(pieces, p + 1, text, at + piece.text.size(), values, budget);
  }
  if (at >= text.size()) return Match::no;
  if (p + 1 == pieces.size()) {
    values[piece.text] = std::string(text.substr(at));
    return Match::yes;
  }
  const Piece& next = pieces[p + 1];
  for (std::size_t end = at + 1; end <= text.size(); ++end) {
    // Only where the next literal starts can the rest match: skip ahead unbudgeted.
    if (!next.isParameter && !iequals_at(text, end, next.text)) continue;
    const Match rest = match_segment(pieces, p + 1, text, end, values, budget);
    if (rest == Match::no) continue;
    if (rest == Match::yes) values[piece.text] = std::string(text.substr(at, end - at));
    return rest;
  }
  return Match::no;
}

namespace {

// The wording of a refused template, out of line: a compiled set's routes
// are read by the same parse, and are almost never refused.
RC_RARELY_RUN std::string malformed_parameter(std::size_t at) {
  return "has a malformed {parameter} at position " + std::to_string(at);
}

// Why a path parameter's argument cannot fill its place (absent, not a scalar, or empty),
// out of line: a call that reaches the path has passed validation, so this is rare.
RC_RARELY_RUN std::string unusable_argument(const std::string& parameter, PathTemplate::Argument::Kind kind) {
  const char* why = kind == PathTemplate::Argument::absent ? "\" is required (it is part of the path)"
                    : kind == PathTemplate::Argument::not_scalar
                        ? "\" must be a string, number or boolean (it is part of the path)"
                        : "\" must not be empty (it is part of the path)";
  return "the argument \"" + parameter + why;
}

RC_RARELY_RUN std::string forbidden_character(char c) {
  return std::string("may not contain '") + (c == '\0' ? std::string("\\0") : std::string(1, c)) +
         "' (no query, fragment, escapes or spaces)";
}

}  // namespace

bool PathTemplate::parse(const std::string& path, std::string& error) {
  pieces_.clear();
  parameters_.clear();
  source_ = path;
  if (path.empty() || path[0] != '/') {
    error = "must start with \"/\"";
    return false;
  }
  std::string literal;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '{') {
      const std::size_t close = path.find('}', i);
      const std::string name = close == std::string::npos ? "" : path.substr(i + 1, close - i - 1);
      bool valid = !name.empty();
      for (char n : name) valid = valid && is_parameter_char(n);
      if (!valid) {
        error = malformed_parameter(i);
        return false;
      }
      if (!literal.empty()) pieces_.push_back({false, literal});
      literal.clear();
      pieces_.push_back({true, name});
      text::add_once(parameters_, name);
      i = close;
    } else if (!is_literal_char(c)) {
      error = forbidden_character(c);
      return false;
    } else {
      literal += c;
    }
  }
  if (!literal.empty()) pieces_.push_back({false, literal});
  std::string withoutParameters;
  for (const auto& piece : pieces_) withoutParameters += piece.isParameter ? "x" : piece.text;
  if (has_dot_segment(withoutParameters)) {
    error = "may not contain \".\" or \"..\" segments";
    return false;
  }
  segments_.clear();
  std::vector<Piece> current;
  for (const auto& piece : pieces_) {
    if (piece.isParameter) {
      current.push_back(piece);
      continue;
    }
    std::string text;
    for (const char c : piece.text) {
      if (c != '/') {
        text += c;
        continue;
      }
      if (!text.empty()) current.push_back({false, std::move(text)});
      text.clear();
      if (!current.empty()) segments_.push_back(std::move(current));
      current.clear();
    }
    if (!text.empty()) current.push_back({false, std::move(text)});
  }
  if (!current.empty()) segments_.push_back(std::move(current));
  return true;
}

bool PathTemplate::expand(const Lookup& lookup, std::string& out, std::string& error) const {
  out.clear();
  for (const auto& piece : pieces_) {
    if (!piece.isParameter) {
      out += piece.text;
      continue;
    }
    const Argument argument = lookup(piece.text);
    if (argument.kind != Argument::scalar || argument.text.empty()) return error = unusable_argument(piece.text, argument.kind), false;
    append_percent_encoded(out, argument.text);
  }
  if (has_dot_segment(out)) {
    error = "an argument may not be \".\" or \"..\" (it would change the path)";
    return false;
  }
  return true;
}

PathTemplate::Match PathTemplate::match(const std::vector<std::string>& segments, std::size_t first,
                                       std::map<std::string, std::string>& values) const {
  values.clear();
  if (first > segments.size() || segments.size() - first != segments_.size()) return Match::no;
  return match_each(segments, first, values);
}

PathTemplate::Match PathTemplate::match_start(const std::vector<std::string>& segments, std::size_t first) const {
  if (first > segments.size() || segments.size() - first > segments_.size()) return Match::no;
  std::map<std::string, std::string> values;
  return match_each(segments, first, values);
}

// segments[first + i] against segments_[i], for every i the request has.
PathTemplate::Match PathTemplate::match_each(const std::vector<std::string>& segments, std::size_t first,
                                            std::map<std::string, std::string>& values) const {
  for (std::size_t i = 0; first + i < segments.size(); ++i) {
    int budget = kSplitBudget;
    const Match m = match_segment(segments_[i], 0, segments[first + i], 0, values, budget);
    if (m != Match::yes) return m;
  }
  return Match::yes;
}

}  // namespace rc::url
