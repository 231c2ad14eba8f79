#pragma once
// RFC 3986 percent-encoding: everything but the unreserved characters
// (A-Z a-z 0-9 - . _ ~) becomes %XX, so no value can add a query parameter,
// a fragment or a path segment.
#include <string>
#include <string_view>

namespace rc::url {

std::string percent_encode(std::string_view text);

}  // namespace rc::url
