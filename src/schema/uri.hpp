#pragma once
// RFC 3986 reference resolution, enough for `$id` and `$ref`.
#include <string>
#include <string_view>

namespace rc::schema {

// Resolves `ref` against the absolute URI `base` (RFC 3986 section 5.2).
std::string resolve_uri(std::string_view base, std::string_view ref);

// Splits "uri#fragment"; `fragment` is empty when there is none.
void split_fragment(std::string_view uri, std::string& document, std::string& fragment);

// Decodes %XX escapes (used on JSON Pointer fragments).
std::string percent_decode(std::string_view s);

}  // namespace rc::schema
