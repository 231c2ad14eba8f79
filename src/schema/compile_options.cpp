#include "schema/compile_options.hpp"

namespace rc::schema {

bool read_compile_options(const json& options, CompileOptions& out, std::string& error) {
  if (options.is_null()) return true;
  if (!options.is_object()) {
    error = "the validation options must be an object";
    return false;
  }
  for (const auto& [name, value] : options.items()) {
    if (name == "defaultDialect") {
      if (value == "draft2020-12") out.defaultDialect = Dialect::Draft2020_12;
      else if (value == "draft7") out.defaultDialect = Dialect::Draft7;
      else {
        error = "defaultDialect must be \"draft2020-12\" or \"draft7\"";
        return false;
      }
    } else if (name == "formats") {
      if (value == "assert") out.formats = FormatMode::Assert;
      else if (value == "annotation") out.formats = FormatMode::Annotation;
      else {
        error = "formats must be \"assert\" or \"annotation\"";
        return false;
      }
    } else if (name == "remotes") {
      if (!value.is_object()) {
        error = "remotes must be an object { uri: schema }";
        return false;
      }
      for (const auto& [uri, schema] : value.items()) out.remotes[uri] = schema;
    } else if (name == "maxErrors") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 1 || value.get<std::int64_t>() > 1000) {
        error = "maxErrors must be a whole number from 1 to 1000";
        return false;
      }
      out.maxErrors = value.get<std::size_t>();
    } else {
      error = "unknown validation option \"" + name + "\" (known: defaultDialect, formats, remotes, maxErrors)";
      return false;
    }
  }
  return true;
}

}  // namespace rc::schema
