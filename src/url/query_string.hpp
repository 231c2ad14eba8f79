#pragma once
// Turns tool arguments into a query string the way the seed's
// `new URLSearchParams(args)` does for flat values, so existing backends keep
// working, but with strict RFC 3986 percent-encoding:
//   string            -> as is                      city=S%C3%A3o%20Paulo
//   number            -> as JavaScript prints it    n=1.5   big=1e%2B21
//   boolean           -> true / false
//   null              -> left out (an absent optional parameter)
//   array of scalars  -> the key repeated           tag=a&tag=b   (FastAPI List[str] = Query())
//   object, or array holding objects/arrays -> the value's JSON text
#include <set>
#include <string>

#include "json/parse.hpp"

namespace rc::url {

// Builds "k=v&k2=v2" (no leading '?') from an object's members, skipping the
// names in `skip` (those already placed in the path).
std::string build_query(const json& arguments, const std::set<std::string>& skip);

// A JSON number as JavaScript's String(number) prints it.
std::string number_text(const json& number);
std::string number_text(double number);

// A scalar (string, number, boolean) as text; empty for other types.
std::string scalar_text(const json& value);

}  // namespace rc::url
