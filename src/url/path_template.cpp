#include "url/path_template.hpp"

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

bool PathTemplate::parse(const std::string& path, std::string& error) {
  pieces_.clear();
  parameters_.clear();
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
        error = "has a malformed {parameter} at position " + std::to_string(i);
        return false;
      }
      if (!literal.empty()) pieces_.push_back({false, literal});
      literal.clear();
      pieces_.push_back({true, name});
      parameters_.insert(name);
      i = close;
    } else if (!is_literal_char(c)) {
      error = std::string("may not contain '") + (c == '\0' ? std::string("\\0") : std::string(1, c)) +
              "' (no query, fragment, escapes or spaces)";
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
    if (argument.kind == Argument::absent) {
      error = "the argument \"" + piece.text + "\" is required (it is part of the path)";
      return false;
    }
    if (argument.kind == Argument::not_scalar) {
      error = "the argument \"" + piece.text + "\" must be a string, number or boolean (it is part of the path)";
      return false;
    }
    if (argument.text.empty()) {
      error = "the argument \"" + piece.text + "\" must not be empty (it is part of the path)";
      return false;
    }
    append_percent_encoded(out, argument.text);
  }
  if (has_dot_segment(out)) {
    error = "an argument may not be \".\" or \"..\" (it would change the path)";
    return false;
  }
  return true;
}

bool PathTemplate::match(std::string_view path, std::map<std::string, std::string>& values) const {
  values.clear();
  std::size_t at = 0;
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    const Piece& piece = pieces_[i];
    if (!piece.isParameter) {
      if (path.substr(at, piece.text.size()) != piece.text) return false;
      at += piece.text.size();
      continue;
    }
    // A value runs to the next literal (or the end) and never spans a '/'.
    const bool last = i + 1 == pieces_.size();
    const std::size_t end = last ? path.size() : path.find(pieces_[i + 1].text, at + 1);
    if (end == std::string_view::npos || end <= at) return false;
    const std::string_view raw = path.substr(at, end - at);
    std::string decoded;
    if (raw.find('/') != std::string_view::npos || !percent_decode(raw, false, decoded)) return false;
    values[piece.text] = decoded;
    at = end;
  }
  return at == path.size();
}

}  // namespace rc::url
