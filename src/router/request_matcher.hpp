#pragma once
// The server side's defence in depth (createToolMiddleware): which tool a
// request arriving at a backend is for, and whether its arguments pass the
// same checks as in the browser. The rules, chosen so that every request that
// express 4, Fastify or a node:http router would deliver to a tool's handler
// is validated or refused (README "Server-side tool validation"):
//  - the target is read by url::read_request_target, which refuses targets the
//    frameworks read in different ways (dot segments, "//", '\', bad escapes);
//  - the path matches basePath + a route path segment by segment, each segment
//    decoded once, ASCII case ignored, empty segments (a trailing or doubled
//    '/') ignored: a superset of what each framework routes there;
//  - HEAD is GET. A path that a tool serves with another method is refused
//    (405), except for OPTIONS, which carries no call (CORS preflights);
//  - a ';' right after a tool's path is refused (Fastify's
//    useSemicolonDelimiter reads what follows as the query);
//  - a tool whose arguments come in the body takes no query, and no body
//    member may repeat a path value; query names and values must decode to UTF-8.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "json/parse.hpp"
#include "router/router.hpp"
#include "text/enum_table.hpp"

namespace rc {

// Its table: router/request_verdicts.def.
enum class RequestVerdict : std::uint8_t {
#define RC_ENUM_ROW(id, name, message) id,
#include "router/request_verdicts.def"
};

inline constexpr std::string_view kRequestVerdictNameList[] = {
#define RC_ENUM_ROW(id, name, message) name,
#include "router/request_verdicts.def"
};
#define RC_ENUM_ROW(id, name, message) static_assert(spells(#id, name), "RequestVerdict: " #id);
#include "router/request_verdicts.def"
inline constexpr std::span<const std::string_view> kRequestVerdictNames{kRequestVerdictNameList};

constexpr std::string_view to_string(RequestVerdict verdict) noexcept {
  return column_of(kRequestVerdictNames, verdict, "unmatched");
}

struct IncomingRequest {
  std::string_view method;
  std::string_view target;  // as the server received it: "/api/x?a=1", "http://host/x", "*"
  std::string_view body;    // for tools whose arguments come in the body
};

struct MatchOutcome {
  RequestVerdict verdict = RequestVerdict::unmatched;
  std::string tool;           // matched
  bool bodyExpected = false;  // matched: the arguments come in the body (POST, PUT, PATCH)
  json arguments;             // matched and valid
  json error;                 // matched and invalid: invalid_arguments, exactly as the browser answers
  std::string refusal;        // bad_target, method_not_allowed: a sentence that quotes nothing of the request
  std::string allow;          // method_not_allowed: "GET, HEAD"
};

// Which tool the request is for, without its body and without validation.
MatchOutcome route_request(const Router& router, std::string_view method, std::string_view target);

// The same, then the arguments (path values, and the query or the body) checked.
MatchOutcome match_request(const Router& router, const IncomingRequest& request);

// Whether some tool's route (basePath + route path, page-run tools included)
// lies under `mount`, the path a framework strips before the middleware sees
// the request (express's req.baseUrl), by the segment rule route_request uses.
// False means requests there are not the routes the matcher knows, so they
// would pass unchecked: the caller refuses the wiring. So does a mount the
// target reader refuses. An empty mount or "/" holds every route.
bool routes_lie_under(const Router& router, std::string_view mount);

}  // namespace rc
