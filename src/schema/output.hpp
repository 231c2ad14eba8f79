#pragma once
// A validation's output as JSON text, in the "basic" output unit's shape:
// what the model receives inside invalid_arguments, and what compileSchema's
// validate() returns. Written by hand (json/write.hpp): the browser core
// builds no tree.
#include <string>
#include <vector>

#include "schema/validator.hpp"

namespace rc::schema {

// [{ "instanceLocation", "keywordLocation", "error" }, ...]
std::string errors_json(const std::vector<ValidationError>& errors);

// { "valid", "errors", "truncated"? }
std::string result_json(const ValidationResult& result);

}  // namespace rc::schema
