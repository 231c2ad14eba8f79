#pragma once
// A short list of names, each once, in the order they were added: a path
// template's parameters, which the plan leaves out of the query or the body.
// Looked up by comparing each in turn, which for the handful a template holds
// costs less than a tree, and keeps std::set's insertion and balancing code
// (about 1 KB) out of the browser core.
#include <string>
#include <string_view>
#include <vector>

namespace rc::text {

using Names = std::vector<std::string>;

inline bool contains(const Names& names, std::string_view name) {
  for (const std::string& each : names)
    if (each == name) return true;
  return false;
}

inline void add_once(Names& names, std::string_view name) {
  if (!contains(names, name)) names.emplace_back(name);
}

}  // namespace rc::text
