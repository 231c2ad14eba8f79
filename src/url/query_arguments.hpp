#pragma once
// The server side's inverse of document_query.hpp: a request's query (and path
// values) back into tool arguments, typed by the tool's schema, so a backend
// validates exactly what the browser would have validated.
//   integer/number -> the number, if the text is one      "3" -> 3
//   boolean        -> true/false, if the text is one
//   array          -> every value of a repeated key, each typed by `items`
//   object         -> the JSON text parsed
//   string, or no declared type -> the text
// Text that does not fit its declared type stays text, so validation reports it.
#include <string>
#include <utility>
#include <vector>

#include "json/parse.hpp"

namespace rc::url {

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

// Splits and decodes "a=1&b=x%20y" ('+' is a space, as browsers' forms send
// it). Returns false on a malformed escape.
bool parse_query(std::string_view query, QueryPairs& pairs);

// Builds the arguments object from decoded pairs, using the top-level
// `properties` of `schema` for types.
json arguments_from_query(const json& schema, const QueryPairs& pairs);

}  // namespace rc::url
