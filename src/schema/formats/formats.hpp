#pragma once
// The `format` values asserted by default (those OpenAI lists for tool
// schemas). Other formats are annotations only.
#include <string>
#include <string_view>

namespace rc::schema {

enum class FormatKind { Unknown, DateTime, Time, Date, Duration, Email, Hostname, Ipv4, Ipv6, Uuid };

FormatKind format_kind(std::string_view name);

// True when `s` is a valid instance of the format (RFC 3339, RFC 5321,
// RFC 1123 + RFC 5890 A-labels, RFC 2673/4291, RFC 4122, ISO 8601 durations
// per RFC 3339 appendix A).
bool check_format(FormatKind kind, std::string_view s);

// The format's name as written in a schema ("date-time", ...).
std::string format_name(FormatKind kind);

}  // namespace rc::schema
