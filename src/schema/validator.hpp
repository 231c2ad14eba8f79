#pragma once
// The argument validator's interface. A schema is compiled once (when the
// companion is created) and then validates many instances.
//
// This slice implements a subset (type, required, properties, enum, const,
// additionalProperties, items); the full draft 2020-12 / draft-07 validator
// replaces the implementation behind the same interface.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "json/parse.hpp"

namespace rc::schema {

// One failed assertion, in the shape of JSON Schema's "basic" output unit.
struct ValidationError {
  std::string instanceLocation;  // JSON Pointer into the instance
  std::string keywordLocation;   // JSON Pointer into the schema
  std::string error;             // what is wrong, for a model to read and fix
};

struct ValidationResult {
  bool valid = true;
  std::vector<ValidationError> errors;  // at most CompileOptions::maxErrors
};

struct CompileOptions {
  std::size_t maxErrors = 20;  // further errors are counted, not listed
};

class CompiledSchema {
 public:
  struct Impl;

  // Compiles `schema`. On failure `error` says why and the schema is unusable.
  static CompiledSchema compile(const json& schema, const CompileOptions& options, std::string& error);

  ValidationResult validate(const json& instance) const;

  CompiledSchema() = default;

 private:
  explicit CompiledSchema(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace rc::schema
