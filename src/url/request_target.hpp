#pragma once
// A request target as a Node server receives it (`req.url`, or express's
// `req.originalUrl`), read for the server-side matcher: the path as segments
// decoded once, and the raw query. A target that the frameworks in front of a
// tool endpoint (node:http with WHATWG URL, express, Fastify) would read in
// different ways is refused rather than guessed at (docs/HOSTILE_INPUTS.md).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rc::url {

enum class TargetProblem : std::uint8_t {
  none,
  not_a_path,        // neither "/path" (origin-form), "http(s)://host/path" (absolute-form) nor "*"
  bad_authority,     // absolute-form whose host[:port] is empty, has userinfo or a bad port
  network_path,      // "//x/...": WHATWG URL reads a host there, express a path
  bad_character,     // a control byte, space, non-ASCII byte, '#', or '\' in the path
  malformed_escape,  // "%zz", '%' too near the end, or escapes that are not UTF-8 ("%C0%AE"), in the path
  dot_segment,       // "." or ".." as a segment: raw, percent-encoded, or between encoded slashes
};

struct RequestTarget {
  bool asterisk = false;              // "*" (OPTIONS *): no path at all
  std::string_view path;              // raw, still encoded, without the query
  std::string_view query;             // raw, after '?'; empty when there is none
  std::vector<std::string> segments;  // the path's segments, each decoded once; empty ones dropped
};

// Reads `target`; on a problem `out` is left partly filled and must not be used.
TargetProblem read_request_target(std::string_view target, RequestTarget& out);

// A sentence for the 400 answer (the target itself is never quoted).
std::string_view describe(TargetProblem problem) noexcept;

}  // namespace rc::url
