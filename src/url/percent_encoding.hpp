#pragma once
// RFC 3986 percent-encoding: everything but the unreserved characters
// (A-Z a-z 0-9 - . _ ~) becomes %XX, so no value can add a query parameter,
// a fragment or a path segment.
#include <string>
#include <string_view>

namespace rc::url {

std::string percent_encode(std::string_view text);

// The same, appended to `out` (no temporary string on the hot path).
void append_percent_encoded(std::string& out, std::string_view text);

// Decodes %XX escapes (and '+' as a space when `plusIsSpace`, as in form
// queries). Returns false on a malformed escape.
bool percent_decode(std::string_view text, bool plusIsSpace, std::string& out);

}  // namespace rc::url
