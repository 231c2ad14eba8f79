// The validator: any schema (compiled or refused with a message) against any
// instance text; the two validation paths (text and nlohmann tree) must agree.
#include "json/parse.hpp"
#include "schema/validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto cut = input.find('\0');
  if (cut == std::string::npos) return 0;
  const rc::ParseResult schema = rc::parse_json(std::string_view(input).substr(0, cut), 32);
  if (!schema.ok) return 0;
  rc::schema::CompileOptions options;
  options.limits.regexStepBudget = 200'000;  // keep each run short; the budget path is exercised too
  std::string error;
  const auto compiled = rc::schema::CompiledSchema::compile(schema.value, options, error);
  if (!compiled.usable()) {
    if (error.empty()) __builtin_trap();  // a refusal always says why
    return 0;
  }
  const std::string_view instanceText = std::string_view(input).substr(cut + 1);
  const rc::schema::ValidationResult fromText = compiled.validate_text(instanceText);
  // Repeated names are refused here: the text path reads the first value, a tree keeps the last.
  const rc::ParseResult instance = rc::parse_json(instanceText, rc::kDefaultMaxDepth, rc::DuplicateKeys::reject);
  if (instance.ok) {
    const rc::schema::ValidationResult fromTree = compiled.validate(instance.value);
    if (fromTree.valid != fromText.valid) __builtin_trap();
  }
  return 0;
}
