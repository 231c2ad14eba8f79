#include "router/request_matcher.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "json/utf8.hpp"
#include "url/percent_encoding.hpp"
#include "url/query_arguments.hpp"
#include "url/request_target.hpp"

namespace rc {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.substr(0, 1))) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.substr(text.size() - 1))) text.remove_suffix(1);
  return text;
}

// The arguments of a body tool: the path's values spliced into the body's
// own text. A member that is also a path value then appears twice, which
// plan() refuses: the handler must not read one value while the other was
// validated. The body's text is kept as sent, so no number is rounded here.
std::string with_path_values(std::string_view body, const json& fromPath, std::size_t maxDepth) {
  const std::string_view text = trim(body);
  if (fromPath.empty()) return std::string(body);
  const bool object = text.empty() || (text.front() == '{' && text.back() == '}' && parse_json(text, maxDepth).value.is_object());
  if (!object) return std::string(body);  // plan() explains what is wrong with it
  std::string out = to_json_text(fromPath);
  const std::string_view inner = text.empty() ? text : trim(text.substr(1, text.size() - 2));
  if (!inner.empty()) {
    out.back() = ',';
    out.append(inner).push_back('}');
  }
  return out;
}

// basePath ("/api") as decoded segments, to compare with the request's.
std::vector<std::string> base_segments(const std::string& basePath) {
  url::RequestTarget base;
  if (url::read_request_target(basePath.empty() ? "/" : basePath, base) != url::TargetProblem::none) return {basePath};
  return base.segments;
}

bool under_base(const std::vector<std::string>& segments, const std::vector<std::string>& base) {
  if (segments.size() < base.size()) return false;
  for (std::size_t i = 0; i < base.size(); ++i)
    if (!iequals(segments[i], base[i])) return false;
  return true;
}

MatchOutcome refuse(RequestVerdict verdict, std::string_view why) {
  MatchOutcome outcome;
  outcome.verdict = verdict;
  outcome.refusal = std::string(why);
  return outcome;
}

struct Routed {
  MatchOutcome outcome;
  const ToolDefinition* tool = nullptr;
  std::map<std::string, std::string> pathValues;
  url::RequestTarget target;
};

// Which tools' paths `segments` matches: the one serving `method` (if any) and
// the methods of the others. False when a segment is too ambiguous to split.
bool find_tool(const Router& router, const std::vector<std::string>& segments, std::string_view method,
               const ToolDefinition*& found, std::map<std::string, std::string>& values, std::set<std::string>& others) {
  const std::vector<std::string> base = base_segments(router.config().basePath);
  if (!under_base(segments, base)) return true;
  bool ambiguous = false;
  for (const auto& tool : router.tools()) {
    if (tool.runsInPage) continue;  // its route is only how the page plans it: no backend serves it
    std::map<std::string, std::string> candidate;
    const auto match = tool.route.path.match(segments, base.size(), candidate);
    if (match == url::PathTemplate::Match::too_complex) ambiguous = true;
    if (match != url::PathTemplate::Match::yes) continue;
    if (tool.route.method == method) {
      found = &tool;
      values = std::move(candidate);
      return true;
    }
    others.insert(tool.route.method);
  }
  return !ambiguous;
}

Routed route(const Router& router, std::string_view method, std::string_view target) {
  Routed r;
  if (const auto problem = url::read_request_target(target, r.target); problem != url::TargetProblem::none) {
    r.outcome = refuse(RequestVerdict::bad_target, url::describe(problem));
    return r;
  }
  if (r.target.asterisk) return r;

  // express and Fastify answer HEAD with the GET route's handler.
  const std::string_view served = method == "HEAD" ? std::string_view("GET") : method;
  std::set<std::string> others;
  if (!find_tool(router, r.target.segments, served, r.tool, r.pathValues, others)) {
    r.outcome = refuse(RequestVerdict::bad_target, "The request path is too ambiguous to match against the tools' routes.");
    return r;
  }
  if (r.tool) {
    r.outcome.verdict = RequestVerdict::matched;
    r.outcome.tool = r.tool->name;
    r.outcome.bodyExpected = r.tool->route.argumentsInBody;
    return r;
  }
  if (!others.empty()) {
    if (method == "OPTIONS") return r;
    std::string allow;
    for (const auto& m : others) allow += (allow.empty() ? "" : ", ") + m + (m == "GET" ? ", HEAD" : "");
    r.outcome = refuse(RequestVerdict::method_not_allowed, "This path serves tool calls with " + allow + " only.");
    r.outcome.allow = std::move(allow);
    return r;
  }

  if (const std::size_t semicolon = r.target.path.find(';'); semicolon != std::string_view::npos) {
    const std::size_t cut = static_cast<std::size_t>(r.target.path.data() - target.data()) + semicolon;
    url::RequestTarget before;
    const ToolDefinition* tool = nullptr;
    std::map<std::string, std::string> values;
    std::set<std::string> any;
    if (url::read_request_target(target.substr(0, cut), before) == url::TargetProblem::none &&
        (!find_tool(router, before.segments, served, tool, values, any) || tool || !any.empty())) {
      r.outcome = refuse(RequestVerdict::bad_target,
                         "A \";\" follows a tool's path (some routers read what follows it as the query).");
    }
  }
  return r;
}

}  // namespace

MatchOutcome route_request(const Router& router, std::string_view method, std::string_view target) {
  return route(router, method, target).outcome;
}

bool routes_lie_under(const Router& router, std::string_view mount) {
  url::RequestTarget target;
  if (url::read_request_target(mount.empty() ? std::string_view("/") : mount, target) != url::TargetProblem::none ||
      target.asterisk)
    return false;
  const std::vector<std::string>& segments = target.segments;
  if (segments.empty()) return true;
  const std::vector<std::string> base = base_segments(router.config().basePath);
  for (std::size_t i = 0; i < std::min(segments.size(), base.size()); ++i)
    if (!iequals(segments[i], base[i])) return false;
  // A mount inside basePath holds every route (if there is one); too_complex
  // counts as under, since route_request refuses those requests itself.
  const bool insideBase = segments.size() <= base.size();
  for (const auto& tool : router.tools())
    if (insideBase || tool.route.path.match_start(segments, base.size()) != url::PathTemplate::Match::no) return true;
  return false;
}

MatchOutcome match_request(const Router& router, const IncomingRequest& request) {
  // Fails closed: without the source schemas a query's values would all stay strings.
  if (!router.holds_source_schemas())
    return refuse(RequestVerdict::bad_target, "This server's matcher was built without the tools' schemas.");
  Routed r = route(router, request.method, request.target);
  if (r.outcome.verdict != RequestVerdict::matched) return std::move(r.outcome);
  const ToolDefinition& tool = *r.tool;
  MatchOutcome& outcome = r.outcome;

  url::QueryPairs pairs(r.pathValues.begin(), r.pathValues.end());
  std::string argumentsText;
  if (tool.route.argumentsInBody) {
    if (!r.target.query.empty())
      return refuse(RequestVerdict::bad_target, "This tool takes its arguments in the body; the request has a query.");
    argumentsText = with_path_values(request.body, url::arguments_from_query(*tool.parametersSchema, pairs),
                                     router.config().maxDepth);
  } else {
    url::QueryPairs queryPairs;
    if (!url::parse_query(r.target.query, queryPairs))
      return refuse(RequestVerdict::bad_target, "The query holds a malformed %-escape.");
    for (const auto& [name, value] : queryPairs)
      if (!is_well_formed_utf8(name) || !is_well_formed_utf8(value))
        return refuse(RequestVerdict::bad_target, "The query holds %-escapes that do not decode to UTF-8.");
    pairs.insert(pairs.end(), queryPairs.begin(), queryPairs.end());
    argumentsText = to_json_text(url::arguments_from_query(*tool.parametersSchema, pairs));
  }

  PlanOutcome planned = router.plan(tool.name, argumentsText);
  if (!planned.request) {
    outcome.error = parse_json(result_text(planned), router.config().maxDepth).value;
    return std::move(outcome);
  }
  outcome.arguments = parse_json(argumentsText, router.config().maxDepth).value;
  return std::move(outcome);
}

}  // namespace rc
