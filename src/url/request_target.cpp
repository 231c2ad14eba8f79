#include "url/request_target.hpp"

#include "json/utf8.hpp"
#include "url/percent_encoding.hpp"

namespace rc::url {
namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' || c == '-' || c == '_' || c == '~';
}

bool is_ipv6_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

// host[:port] of an absolute-form target: a name or [IPv6], and a port WHATWG
// URL accepts (so a handler that parses req.url cannot throw on it).
bool valid_authority(std::string_view authority) {
  if (authority.empty()) return false;
  std::size_t hostEnd = 0;
  if (authority[0] == '[') {
    hostEnd = authority.find(']');
    if (hostEnd == std::string_view::npos || hostEnd < 3) return false;
    for (std::size_t i = 1; i < hostEnd; ++i)
      if (!is_ipv6_char(authority[i])) return false;
    ++hostEnd;
  } else {
    while (hostEnd < authority.size() && is_host_char(authority[hostEnd])) ++hostEnd;
    if (hostEnd == 0) return false;
  }
  if (hostEnd == authority.size()) return true;
  if (authority[hostEnd] != ':') return false;
  const std::string_view port = authority.substr(hostEnd + 1);
  if (port.size() > 5) return false;
  unsigned value = 0;
  for (char c : port) {
    if (!is_digit(c)) return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value <= 65535;
}

bool is_dot(std::string_view piece) { return piece == "." || piece == ".."; }

// A decoded segment is a dot segment itself, or holds one between slashes or
// backslashes that were encoded ("..%2F", "%5C.."): a handler that decodes
// the whole path, or a file system, would climb there.
bool holds_dot_segment(std::string_view decoded) {
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = decoded.find_first_of("/\\", start);
    if (is_dot(decoded.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start))) return true;
    if (end == std::string_view::npos) return false;
    start = end + 1;
  }
}

}  // namespace

TargetProblem read_request_target(std::string_view target, RequestTarget& out) {
  out = RequestTarget{};
  if (target == "*") {
    out.asterisk = true;
    return TargetProblem::none;
  }
  for (const char byte : target) {
    const auto c = static_cast<unsigned char>(byte);
    // WHATWG URL drops tabs and newlines and trims spaces, and node:http hands
    // non-ASCII bytes over as Latin-1: each would be read two ways.
    if (c <= 0x20 || c >= 0x7F || c == '#') return TargetProblem::bad_character;
  }

  std::string_view rest;
  if (!target.empty() && target[0] == '/') {
    if (target.size() > 1 && target[1] == '/') return TargetProblem::network_path;
    rest = target;
  } else if (starts_with_ci(target, "http://") || starts_with_ci(target, "https://")) {
    const std::size_t hostStart = target.find("://") + 3;
    const std::size_t hostEnd = target.find_first_of("/?", hostStart);
    if (!valid_authority(target.substr(hostStart, hostEnd == std::string_view::npos ? std::string_view::npos : hostEnd - hostStart)))
      return TargetProblem::bad_authority;
    rest = hostEnd == std::string_view::npos ? std::string_view() : target.substr(hostEnd);
    if (rest.empty() || rest[0] == '?') {
      out.query = rest.empty() ? std::string_view() : rest.substr(1);
      out.path = "/";
      return TargetProblem::none;
    }
  } else {
    return TargetProblem::not_a_path;
  }

  const std::size_t question = rest.find('?');
  out.path = rest.substr(0, question);
  if (question != std::string_view::npos) out.query = rest.substr(question + 1);
  // WHATWG URL reads '\' as '/' in http(s) paths; express reads it as a letter.
  if (out.path.find('\\') != std::string_view::npos) return TargetProblem::bad_character;

  std::size_t start = 1;
  while (start <= out.path.size()) {
    std::size_t end = out.path.find('/', start);
    if (end == std::string_view::npos) end = out.path.size();
    const std::string_view raw = out.path.substr(start, end - start);
    start = end + 1;
    if (raw.empty()) continue;  // "a//b" and "a/b/": Fastify can be told to ignore both
    std::string decoded;
    if (!percent_decode(raw, false, decoded) || !rc::is_well_formed_utf8(decoded)) return TargetProblem::malformed_escape;
    if (holds_dot_segment(decoded)) return TargetProblem::dot_segment;
    out.segments.push_back(std::move(decoded));
  }
  return TargetProblem::none;
}

std::string_view describe(TargetProblem problem) noexcept {
  switch (problem) {
    case TargetProblem::none: return "";
    case TargetProblem::not_a_path: return "The request target is not a path.";
    case TargetProblem::bad_authority: return "The request target names a host that is not valid.";
    case TargetProblem::network_path: return "The request target starts with \"//\", which URL parsers read as a host.";
    case TargetProblem::bad_character:
      return "The request target holds a character that must be percent-encoded (a control character, space, "
             "non-ASCII byte, \"#\" or \"\\\").";
    case TargetProblem::malformed_escape:
      return "The request path holds a malformed %-escape, or escapes that do not decode to UTF-8.";
    case TargetProblem::dot_segment: return "The request path holds a \".\" or \"..\" segment (encoded or not).";
  }
  return "";
}

}  // namespace rc::url
