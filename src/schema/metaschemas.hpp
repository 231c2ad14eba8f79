#pragma once
// The draft 2020-12 and draft-07 metaschemas, built in so that `$ref` and
// `$schema` can name them without any network access.
#include <string_view>

namespace rc::schema {

// The JSON text of the metaschema at `uri` (no fragment), or nullptr.
const char* builtin_metaschema(std::string_view uri);

}  // namespace rc::schema
