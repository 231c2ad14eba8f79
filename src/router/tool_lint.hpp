#pragma once
// lintTools: what OpenAI would reject, or what would break at run time, in
// the page's tool definitions, found once at set-up instead of mid-session.
// Fatal findings make createCompanion reject; warnings are reported.
#include <string>
#include <vector>

#include "json/parse.hpp"
#include "schema/validator.hpp"

namespace rc {

struct LintFinding {
  bool fatal = false;
  std::string tool;     // the tool's name, or "#<index>" when it has none
  std::string path;     // JSON Pointer into that tool's definition
  std::string message;  // for the page author
};

std::vector<LintFinding> lint_tools(const json& tools, const schema::CompileOptions& validation);

}  // namespace rc
