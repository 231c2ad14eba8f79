#pragma once
// The parsed pattern: what the parser (parse.cpp) hands the compiler
// (compile.cpp). Character classes are not kept in the tree but in the
// Regex's class table, which the program indexes too; a Class node holds its
// index there.
#include <cstdint>
#include <vector>

namespace rc::schema::regex {

struct Node {
  enum Kind { Empty, Char, Class, Any, Cat, Alt, Rep, Bol, Eol, WordB, NotWordB, Look, NegLook };
  Kind kind = Empty;
  char32_t c = 0;
  std::uint32_t cls = 0;
  int min = 0, max = 0;  // Rep; max < 0 means unbounded
  std::vector<Node> kids;
};

}  // namespace rc::schema::regex
