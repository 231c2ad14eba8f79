#pragma once
// A route path such as "/users/{id}/orders", checked once at set-up and filled
// from the arguments on every call. Filled values are percent-encoded (so "/"
// in a value cannot add a segment) and a value may not make a whole segment
// "." or ".." (the URL parser would climb a level, even from "%2e%2e").
#include <cstdint>
#include <map>
#include <string_view>
#include <string>
#include <vector>

#include "json/parse.hpp"
#include "text/names.hpp"

namespace rc::url {

class PathTemplate {
 public:
  // Parses `path`; on failure returns false and says why in `error`.
  bool parse(const std::string& path, std::string& error);

  // What an argument named in the path is, as the caller's document holds it.
  struct Argument {
    enum Kind { absent, not_scalar, scalar } kind = absent;
    std::string text;  // scalar: as url::path_argument prints it
  };
  // Finds an argument by name: a reference to the caller's callable, which
  // outlives the expand() call it is passed to. Not std::function: its
  // type-erased copy, vtable and type names are what the browser core would
  // link for this one use.
  class Lookup {
   public:
    template <class Find>
    Lookup(const Find& find)  // implicit: a lambda converts to it, as it did to std::function
        : find_(&find), call_([](const void* f, const std::string& name) { return (*static_cast<const Find*>(f))(name); }) {}
    Argument operator()(const std::string& name) const { return call_(find_, name); }

   private:
    const void* find_;
    Argument (*call_)(const void*, const std::string&);
  };

  // Fills the template from the arguments `lookup` finds. On failure returns
  // false and says why in `error` (written for the model: it names the argument).
  bool expand(const Lookup& lookup, std::string& out, std::string& error) const;

  // The server side's inverse of expand: do the request's decoded segments,
  // from `first` on, match, and with which parameter values? Literals match
  // ASCII case-insensitively (express ignores case; Fastify can be told to). A
  // parameter takes at least one character, the fewest that let the rest of
  // its segment match, as path-to-regexp's lazy groups do. A segment that
  // would take too many tries to split is `too_complex` (the caller refuses).
  enum class Match : std::uint8_t { no, yes, too_complex };
  Match match(const std::vector<std::string>& segments, std::size_t first,
              std::map<std::string, std::string>& values) const;

  // Whether segments[first..] can begin a path that match() accepts: no more
  // of them than the template has, each matching its template segment by the
  // same rule. An empty tail begins every path.
  Match match_start(const std::vector<std::string>& segments, std::size_t first) const;

  // The parameters' names, each once, in the order they first appear.
  const text::Names& parameters() const { return parameters_; }
  const std::string& source() const { return source_; }  // as parsed (the compiled tool set keeps it)

 private:
  struct Piece {
    bool isParameter;
    std::string text;  // the literal, or the parameter's name
  };
  std::vector<Piece> pieces_;
  std::vector<std::vector<Piece>> segments_;  // pieces_ split at '/', empty segments dropped
  text::Names parameters_;
  std::string source_;

  Match match_each(const std::vector<std::string>& segments, std::size_t first,
                   std::map<std::string, std::string>& values) const;
  static Match match_segment(const std::vector<Piece>& pieces, std::size_t p, std::string_view text, std::size_t at,
                             std::map<std::string, std::string>& values, int& budget);
};

}  // namespace rc::url
