#pragma once
// Turns tool arguments (the parsed document, IDocument) into a query
// string the way `new URLSearchParams(args)` does for flat values, so
// backends written for that keep working, but with strict RFC 3986 percent-encoding,
// in the model's order:
//   string            -> as is                      city=S%C3%A3o%20Paulo
//   number            -> as JavaScript prints it    n=1.5   big=1e%2B21
//   boolean           -> true / false
//   null              -> left out (an absent optional parameter)
//   array of scalars  -> the key repeated           tag=a&tag=b   (FastAPI List[str] = Query())
//   object, or array holding objects/arrays -> the value's JSON text, as JSON.stringify writes it
#include <string>

#include "json/document.hpp"
#include "text/names.hpp"
#include "url/path_template.hpp"

namespace rc::url {

// Appends "?k=v&k2=v2", from the members of `object` but the names in `skip`,
// to `url`; nothing when no member is left. One buffer for the whole URL: on
// a 100 KB call the query is most of it.
void append_query(std::string& url, const IDocument& document, const IValue& object,
                  const text::Names& skip);

// The member `name` of `object`, as a path template wants it.
PathTemplate::Argument path_argument(const IDocument& document, const IValue& object,
                                     const std::string& name);

}  // namespace rc::url
