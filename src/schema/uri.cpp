#include "schema/uri.hpp"

#include <cctype>
#include <vector>

// Compile-time code: optimised for size in the WASM build (clang); the hot
// validation path keeps -O3.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)
#endif

namespace rc::schema {
namespace {

struct Parts {
  std::string scheme, authority, path, query, fragment;
  bool hasScheme = false, hasAuthority = false, hasQuery = false, hasFragment = false;
};

Parts parse(std::string_view s) {
  Parts p;
  if (const auto h = s.find('#'); h != std::string_view::npos) {
    p.hasFragment = true;
    p.fragment = std::string(s.substr(h + 1));
    s = s.substr(0, h);
  }
  if (const auto q = s.find('?'); q != std::string_view::npos) {
    p.hasQuery = true;
    p.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
  std::size_t i = 0;
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
    ++i;
  if (i > 0 && i < s.size() && s[i] == ':' && std::isalpha(static_cast<unsigned char>(s[0]))) {
    p.hasScheme = true;
    p.scheme = std::string(s.substr(0, i));
    s = s.substr(i + 1);
  }
  if (s.substr(0, 2) == "//") {
    p.hasAuthority = true;
    s = s.substr(2);
    const auto slash = s.find('/');
    p.authority = std::string(s.substr(0, slash));
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  p.path = std::string(s);
  return p;
}

std::string remove_dot_segments(std::string in) {
  std::string out;
  while (!in.empty()) {
    if (in.rfind("../", 0) == 0) in.erase(0, 3);
    else if (in.rfind("./", 0) == 0) in.erase(0, 2);
    else if (in.rfind("/./", 0) == 0) in.erase(0, 2);
    else if (in == "/.") in = "/";
    else if (in.rfind("/../", 0) == 0 || in == "/..") {
      in = in == "/.." ? "/" : in.substr(3);
      const auto last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") in.clear();
    else {
      const auto next = in.find('/', in[0] == '/' ? 1 : 0);
      out += in.substr(0, next);
      in.erase(0, next == std::string::npos ? in.size() : next);
    }
  }
  return out;
}

std::string compose(const Parts& p) {
  std::string out;
  if (p.hasScheme) out += p.scheme + ":";
  if (p.hasAuthority) out += "//" + p.authority;
  out += p.path;
  if (p.hasQuery) out += "?" + p.query;
  if (p.hasFragment) out += "#" + p.fragment;
  return out;
}

}  // namespace

std::string resolve_uri(std::string_view base, std::string_view ref) {
  const Parts r = parse(ref);
  const Parts b = parse(base);
  Parts t;
  if (r.hasScheme) {
    t = r;
    t.path = remove_dot_segments(r.path);
  } else {
    if (r.hasAuthority) {
      t.authority = r.authority;
      t.hasAuthority = true;
      t.path = remove_dot_segments(r.path);
      t.query = r.query;
      t.hasQuery = r.hasQuery;
    } else {
      if (r.path.empty()) {
        t.path = b.path;
        t.query = r.hasQuery ? r.query : b.query;
        t.hasQuery = r.hasQuery || b.hasQuery;
      } else {
        if (r.path[0] == '/') {
          t.path = remove_dot_segments(r.path);
        } else {
          std::string merged;
          if (b.hasAuthority && b.path.empty()) merged = "/" + r.path;
          else {
            const auto last = b.path.rfind('/');
            merged = (last == std::string::npos ? std::string() : b.path.substr(0, last + 1)) + r.path;
          }
          t.path = remove_dot_segments(merged);
        }
        t.query = r.query;
        t.hasQuery = r.hasQuery;
      }
      t.authority = b.authority;
      t.hasAuthority = b.hasAuthority;
    }
    t.scheme = b.scheme;
    t.hasScheme = b.hasScheme;
  }
  t.fragment = r.fragment;
  t.hasFragment = r.hasFragment;
  return compose(t);
}

void split_fragment(std::string_view uri, std::string& document, std::string& fragment) {
  const auto h = uri.find('#');
  document = std::string(uri.substr(0, h));
  fragment = h == std::string_view::npos ? std::string() : std::string(uri.substr(h + 1));
}

std::string percent_decode(std::string_view s) {
  auto hexval = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 1 && i + 2 <= s.size() - 1 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out += static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace rc::schema

#if defined(__clang__)
#pragma clang attribute pop
#endif
