#pragma once
// The argument validator: JSON Schema draft 2020-12 (default) and draft-07.
// A schema is compiled once (when the companion is created) into a tree of
// keyword nodes with pre-resolved `$ref`s and pre-compiled regexes, and then
// validates many instances. Nothing here throws or does I/O: remote
// documents are only those the caller registers in CompileOptions::remotes.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "json/parse.hpp"
#include "json/document.hpp"
#include "text/shared.hpp"

namespace rc::schema {

struct ErrorRecord;  // schema/output.hpp

// One failed assertion, in the shape of JSON Schema's "basic" output unit.
struct ValidationError {
  std::string instanceLocation;  // JSON Pointer into the instance
  std::string keywordLocation;   // JSON Pointer into the schema (through $ref)
  std::string error;             // what is wrong, for a model to read and fix
};

struct ValidationResult {
  bool valid = true;
  std::vector<ValidationError> errors;  // at most CompileOptions::maxErrors
  bool truncated = false;               // maxErrors were listed and evaluation stopped there: there may be more
  // Invalid because a budget ran out (the evaluation steps, or the regex
  // steps): the value costs more to check than Limits allow. The router
  // answers arguments_too_complex rather than invalid_arguments.
  bool tooComplex = false;
};

enum class Dialect {
  Draft2020_12,  // https://json-schema.org/draft/2020-12/schema
  Draft7,        // http://json-schema.org/draft-07/schema#
};

enum class FormatMode {
  Assert,      // date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid are checked
  Annotation,  // `format` is an annotation only (the spec's default)
};

// Hard limits: exceeding one is a clear error, never a crash.
struct Limits {
  std::size_t maxSchemaDepth = 64;        // nesting of subschemas inside one schema document
  std::size_t maxInstanceDepth = 128;     // nesting of arrays/objects in an instance
  std::size_t maxEvaluationDepth = 256;   // nested subschema evaluations ($ref recursion included)
  std::size_t maxTextSize = 1 << 20;      // validate_text: bytes of JSON text
  // Pike VM steps for all `pattern`/`patternProperties` matches of one
  // validation together: the default bounds regex work to well under a second
  // whatever the schema and instance.
  std::size_t regexStepBudget = 50'000'000;
  // The evaluation budget of one call, in steps (a subschema applied to a
  // value is one; uniqueItems charges each value it compares): factor x the
  // instance's values x the schema's nodes, at least the floor and at most
  // the cap. Checking a value against each node once fits many times over;
  // what does not is work that grows faster than the input (repeated
  // re-evaluation, colliding uniqueItems), which would hold a server's event
  // loop. Past it the value is refused (ValidationResult::tooComplex). The cap
  // holds one call to a fraction of a second even on the WASM build's slowest steps.
  std::size_t evaluationStepFactor = 8;
  std::size_t evaluationStepFloor = 100'000;
  std::size_t evaluationStepCap = 4'000'000;
  // Where the memo of context-free evaluations starts, in steps; SIZE_MAX:
  // after 4 x instance values + 512 (most calls end before and never pay
  // for it). The conformance runner and the validator fuzz target set 0, so
  // that every test also runs with the memo on from the first step.
  std::size_t memoFromStep = SIZE_MAX;
};

// What a compiled schema keeps of its options: all that evaluating needs.
// The browser core knows only these (a compiled tool set holds the rest's
// result), so it links none of CompileOptions' nlohmann trees.
struct EvaluationOptions {
  // Errors listed; evaluation stops at the last one (ValidationResult::truncated).
  // 20 by default: the model fixes every listed error in one retry, and
  // finding them costs no more than validating a valid document.
  std::size_t maxErrors = 20;
  FormatMode formats = FormatMode::Assert;
  Limits limits;
};

struct CompileOptions : EvaluationOptions {
  Dialect defaultDialect = Dialect::Draft2020_12;  // for a root schema without $schema
  // uri -> schema: the only documents `$ref` may reach outside the schema
  // itself (besides the built-in draft 2020-12 and draft-07 metaschemas).
  std::map<std::string, json> remotes;
};

class CompiledSchema {
 public:
  struct Impl;

  // Compiles `schema`. On failure `error` says why and the schema is unusable
  // (an unusable schema rejects every instance).
  static CompiledSchema compile(const json& schema, const CompileOptions& options, std::string& error);

  // Parses `jsonText` (bounded by Limits::maxTextSize and maxInstanceDepth)
  // and validates it. A parse failure is one error at instanceLocation "".
  ValidationResult validate_text(std::string_view jsonText) const;

  // The same, with the errors written straight into `record` (schema/output.hpp)
  // instead of a ValidationResult's strings: what compileSchema's validate()
  // reads from WebAssembly memory. True when valid.
  bool validate_text(std::string_view jsonText, ErrorRecord& record) const;

  // Validates a document parsed by the caller (IDocument::parse), who can
  // then read the arguments from it (e.g. to build a URL) without parsing
  // the text a second time with nlohmann, which costs 3x the validation.
  ValidationResult validate(const IDocument& document) const;
  // The same, with the errors written into `record` (as validate_text's):
  // the result carries only the flags. The router's invalid calls write
  // their answer from it without a string per error.
  ValidationResult validate(const IDocument& document, ErrorRecord& record) const;

  bool usable() const { return static_cast<bool>(impl_); }
  // Limits::maxTextSize: validate_text refuses longer texts (0 when unusable).
  std::size_t max_text_size() const;

  // The compiled form (schema/internal.hpp), for the compiled tool set's codec.
  const Impl* impl() const { return impl_.get(); }
  static CompiledSchema from_impl(text::Shared<Impl> impl) { return CompiledSchema(std::move(impl)); }

  CompiledSchema() = default;

 private:
  explicit CompiledSchema(text::Shared<Impl> impl) : impl_(std::move(impl)) {}
  // Shared by copies, and never changed once compiled or read.
  text::Shared<Impl> impl_;
};

// The dialect a `$schema` value names, if it is one of the two supported.
bool dialect_from_uri(std::string_view uri, Dialect& out);

}  // namespace rc::schema
