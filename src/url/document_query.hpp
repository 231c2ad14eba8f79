#pragma once
// query_string.hpp's rules over a parsed argument document (schema::IDocument),
// so the router's hot path never builds an nlohmann::json of the arguments.
#include <set>
#include <string>

#include "schema/instance.hpp"
#include "url/path_template.hpp"

namespace rc::url {

// "k=v&k2=v2" from the members of `object`, skipping the names in `skip`.
std::string build_query(const schema::IDocument& document, const schema::IValue& object,
                        const std::set<std::string>& skip);

// The member `name` of `object`, as a path template wants it.
PathTemplate::Argument path_argument(const schema::IDocument& document, const schema::IValue& object,
                                     const std::string& name);

}  // namespace rc::url
