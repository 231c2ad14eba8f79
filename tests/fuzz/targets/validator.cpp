// The validator: any schema (compiled or refused with a message) against any
// instance text. The schema as compiled and as a compiled tool set carries it
// (written in binary form and read back, and evaluated with the memo on from
// the first step) must give the same verdict, and the errors written straight
// into a record must be those of the result.
#include "json/parse.hpp"
#include "schema/output.hpp"
#include "schema/schema_codec.hpp"
#include "schema/validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto cut = input.find('\0');
  if (cut == std::string::npos) return 0;
  const rc::ParseResult schema = rc::parse_json(std::string_view(input).substr(0, cut), 32);
  if (!schema.ok) return 0;
  rc::schema::CompileOptions options;
  options.limits.regexStepBudget = 200'000;  // keep each run short; the budget paths are exercised too
  options.limits.evaluationStepCap = 200'000;
  std::string error;
  const auto compiled = rc::schema::CompiledSchema::compile(schema.value, options, error);
  if (!compiled.usable()) {
    if (error.empty()) __builtin_trap();  // a refusal always says why
    return 0;
  }
  rc::binary::ByteWriter written;
  rc::schema::write_schema(compiled, written);
  rc::binary::ByteReader reader(written.data());
  rc::schema::CompiledSchema decoded;
  // The decoded form runs with the memo on from the first step: it must change no verdict.
  rc::schema::CompileOptions memoized = options;
  memoized.limits.memoFromStep = 0;
  if (!rc::schema::read_schema(reader, memoized, decoded) || reader.remaining() != 0) __builtin_trap();
  const std::string_view instanceText = std::string_view(input).substr(cut + 1);
  const rc::schema::ValidationResult result = compiled.validate_text(instanceText);
  const rc::schema::ValidationResult again = decoded.validate_text(instanceText);
  // A budget can run out on one side only (the memo saves steps and regex work).
  if (!result.tooComplex && !again.tooComplex && result.valid != again.valid) __builtin_trap();
  if ((result.tooComplex && result.valid) || (again.tooComplex && again.valid)) __builtin_trap();
  rc::schema::ErrorRecord direct, fromResult;
  if (compiled.validate_text(instanceText, direct) != result.valid) __builtin_trap();
  rc::schema::write_error_record(result, fromResult);
  if (direct.words != fromResult.words || direct.text != fromResult.text) __builtin_trap();
  return 0;
}
