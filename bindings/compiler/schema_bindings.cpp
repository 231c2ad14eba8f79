// embind surface of the validator and the tool linter. The text to validate
// comes in through the input lane (common/input-lane.js) and a valid verdict goes
// back as 0; errors are read by JavaScript from the record the core wrote.
// The one handle, CoreSchema, is deleted by the validator's delete().
#include <emscripten/bind.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "router/tool_lint.hpp"
#include "schema/compile_options.hpp"
#include "schema/output.hpp"
#include "schema/validator.hpp"
#include "../browser/wire.hpp"

namespace {

// A compiled schema, or the reason it was refused (no exception may cross
// into JavaScript, so the constructor cannot fail).
class CoreSchema {
 public:
  CoreSchema(const std::string& schemaText, const std::string& optionsText) {
    const rc::ParseResult schema = rc::parse_json(schemaText, rc::kDefaultMaxDepth);
    const rc::ParseResult options = rc::parse_json(optionsText);
    if (!schema.ok) {
      error_ = "the schema is not JSON: " + schema.error;
      return;
    }
    rc::schema::CompileOptions compileOptions;
    if (!options.ok || !rc::schema::read_compile_options(options.value, compileOptions, error_)) {
      if (error_.empty()) error_ = "the options are not JSON";
      return;
    }
    compiled_ = rc::schema::CompiledSchema::compile(schema.value, compileOptions, error_);
  }

  std::string error() const { return error_; }

  // The texts this schema validates are at most this long (Limits::maxTextSize).
  double maxTextBytes() const { return static_cast<double>(compiled_.max_text_size()); }

  // The input lane's buffer: JavaScript encodes the text straight into it with
  // TextEncoder.encodeInto. Returns its address, or 0 past one byte more than
  // maxTextBytes (JavaScript writes no more: a longer text is refused by size).
  double inputBuffer(unsigned capacity) {
    if (capacity > compiled_.max_text_size() + 1) return 0;
    if (capacity > input_.size()) input_.resize(capacity);
    return static_cast<double>(reinterpret_cast<std::uintptr_t>(input_.data()));
  }

  // Validates the `length` bytes in the input buffer. 0 when valid; when not,
  // the address of where the error record is (rc::wire::ErrorRecord), which
  // JavaScript reads at once. As JSON text parsed again, one error cost twice
  // the validation.
  std::uint32_t validateInput(unsigned length) {
    const std::string_view text(input_.data(), std::min<std::size_t>(length, input_.size()));
    if (compiled_.validate_text(text, record_)) return 0;
    span_ = rc::wire::error_record_of(record_);
    return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(&span_));
  }

  // This object's address, for the plain export below (JavaScript keeps it beside the handle).
  double address() const { return static_cast<double>(reinterpret_cast<std::uintptr_t>(this)); }

 private:
  rc::schema::CompiledSchema compiled_;
  std::string error_;
  std::vector<char> input_;
  rc::schema::ErrorRecord record_;  // the last invalid result's, kept for JavaScript to read
  rc::wire::ErrorRecord span_{};
};

std::string lint_tools(const std::string& toolsText, const std::string& optionsText) {
  const rc::ParseResult tools = rc::parse_json(toolsText, rc::kDefaultMaxDepth);
  const rc::ParseResult options = rc::parse_json(optionsText);
  rc::json out = {{"errors", rc::json::array()}, {"warnings", rc::json::array()}};
  rc::schema::CompileOptions compileOptions;
  std::string error;
  if (!tools.ok || !options.ok || !rc::schema::read_compile_options(options.value, compileOptions, error)) {
    out["errors"].push_back({{"tool", ""}, {"path", ""}, {"message", !tools.ok ? "tools: " + tools.error : "validation: " + error}});
    return rc::to_json_text(out);
  }
  for (const auto& f : rc::lint_tools(tools.value, compileOptions))
    out[f.fatal ? "errors" : "warnings"].push_back({{"tool", f.tool}, {"path", f.path}, {"message", f.message}});
  return rc::to_json_text(out);
}

}  // namespace

// The validator's hot call as a plain export: embind's generic invoker (the
// glue holds no generated code, -sDYNAMIC_EXECUTION=0) would be a large share
// of the cost of validating a small text. `schema` is CoreSchema::address()
// of a live schema: web/schema.js calls it only before delete(). Listed in
// bindings/compiler/exports.txt.
extern "C" std::uint32_t rc_schema_validate_input(std::uintptr_t schema, unsigned length) {
  return reinterpret_cast<CoreSchema*>(schema)->validateInput(length);
}

EMSCRIPTEN_BINDINGS(realtime_companion_schema) {
  emscripten::class_<CoreSchema>("CoreSchema")
      .constructor<const std::string&, const std::string&>()
      .function("error", &CoreSchema::error)
      .function("maxTextBytes", &CoreSchema::maxTextBytes)
      .function("inputBuffer", &CoreSchema::inputBuffer)
      .function("address", &CoreSchema::address);  // validateInput: the plain export above
  emscripten::function("lintTools", &lint_tools);
}
