// The public entry points: compile, validate a value, validate JSON text.
#include "json/document.hpp"
#include "schema/internal.hpp"
#include "schema/output.hpp"

namespace rc::schema {

bool dialect_from_uri(std::string_view uri, Dialect& out) {
  if (uri == "https://json-schema.org/draft/2020-12/schema" || uri == "https://json-schema.org/draft/2020-12/schema#") {
    out = Dialect::Draft2020_12;
    return true;
  }
  if (uri == "http://json-schema.org/draft-07/schema#" || uri == "http://json-schema.org/draft-07/schema") {
    out = Dialect::Draft7;
    return true;
  }
  return false;
}

CompiledSchema CompiledSchema::compile(const json& schema, const CompileOptions& options, std::string& error) {
  error.clear();
  auto impl = text::Shared<Impl>::make();
  // The evaluation part of the options; the documents used are copied into impl->documents.
  impl->options = static_cast<const EvaluationOptions&>(options);
  impl->documents = std::make_shared<std::deque<json>>();
  const bool ok = compile_into(*impl, schema, options, error);
  if (!ok) {
    if (error.empty()) error = "invalid schema";
    return CompiledSchema();
  }
  return CompiledSchema(std::move(impl));
}

ValidationResult CompiledSchema::validate(const IDocument& document) const {
  if (!impl_) return ValidationResult{false, {{"", "", "the schema did not compile"}}};
  if (!document.parsed()) return ValidationResult{false, {{"", "", "the arguments were not parsed"}}};
  return evaluate(*impl_, document);
}

ValidationResult CompiledSchema::validate(const IDocument& document, ErrorRecord& record) const {
  start_error_record(record);
  ValidationResult flags;
  if (!impl_ || !document.parsed()) {  // the refusals: one error each
    add_error(record, "", "", !impl_ ? "the schema did not compile" : "the arguments were not parsed");
    flags.valid = false;
  } else {
    flags = evaluate_into(*impl_, document, record);
  }
  finish_error_record(record, flags.valid, flags.truncated, flags.tooComplex);
  return flags;
}

std::size_t CompiledSchema::max_text_size() const { return impl_ ? impl_->options.limits.maxTextSize : 0; }

namespace {

// One document reused from call to call: after the first call, parsing a
// typical argument string allocates nothing. Memory kept from a huge one is
// given back after each call (trim).
IDocument& reused_document() {
  static thread_local IDocument doc;
  return doc;
}
constexpr std::size_t kKeptValues = 1 << 16;  // 1.5 MB of values in WebAssembly (about a 600 KB argument string)

}  // namespace

ValidationResult CompiledSchema::validate_text(std::string_view jsonText) const {
  if (!impl_) return ValidationResult{false, {{"", "", "the schema did not compile"}}};
  if (jsonText.size() > impl_->options.limits.maxTextSize)
    return ValidationResult{false, {{"", "", "the JSON text is larger than " +
                                                   std::to_string(impl_->options.limits.maxTextSize) + " bytes"}}};
  IDocument& doc = reused_document();
  std::string error;
  ValidationResult result;
  if (!doc.parse(jsonText, impl_->options.limits.maxInstanceDepth, error)) result = ValidationResult{false, {{"", "", error}}};
  else result = evaluate(*impl_, doc);
  doc.trim(kKeptValues);
  return result;
}

bool CompiledSchema::validate_text(std::string_view jsonText, ErrorRecord& record) const {
  if (!impl_ || jsonText.size() > impl_->options.limits.maxTextSize) {  // the refusals: one error each
    write_error_record(validate_text(jsonText), record);
    return false;
  }
  IDocument& doc = reused_document();
  std::string error;
  bool valid = false;
  if (doc.parse(jsonText, impl_->options.limits.maxInstanceDepth, error)) {
    valid = validate(doc, record).valid;
  } else {  // not JSON: one error says why
    start_error_record(record);
    add_error(record, "", "", error);
    finish_error_record(record, false, false, false);
  }
  doc.trim(kKeptValues);
  return valid;
}

}  // namespace rc::schema
