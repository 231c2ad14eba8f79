// The browser core's wire declaration, read once by web/marshal.js when the
// module loads: the limits JavaScript checks before text crosses, every enum's
// names from the core's own tables, and every record's fields (wire.hpp) with
// their offsets and types. JavaScript restates none of it. The key piece
// declares its own (bindings/keys/wire_declaration.cpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "declaration_writer.hpp"
#include "router/error_code.hpp"
#include "router/http_method.hpp"
#include "router/router.hpp"
#include "router/tool_definition.hpp"
#include "wire.hpp"

// The wire's own enums, and CallRefusal, whose names only the wire needs; beside
// their enums, where the writer's unqualified to_string finds them.
namespace rc::wire {
namespace {
constexpr std::string_view kReportKindNames[] = {"request", "result", "use_body", "use_response", "use_text"};
constexpr std::string_view kReportBodyNames[] = {"none", "in_memory", "is_arguments", "as_before"};
}  // namespace
static std::string_view to_string(ReportKind k) { return kReportKindNames[static_cast<std::size_t>(k)]; }
static std::string_view to_string(ReportBody b) { return kReportBodyNames[static_cast<std::size_t>(b)]; }
}  // namespace rc::wire
namespace rc {
namespace {
constexpr std::string_view kCallRefusalNames[] = {"name_unreadable",      "name_too_long",       "name_ill_formed",
                                                  "arguments_unreadable", "arguments_too_long", "arguments_too_large",
                                                  "arguments_ill_formed"};
static_assert(std::size(kCallRefusalNames) == static_cast<std::size_t>(CallRefusal::arguments_ill_formed) + 1);
}  // namespace
static std::string_view to_string(CallRefusal r) { return kCallRefusalNames[static_cast<std::size_t>(r)]; }
}  // namespace rc

namespace {

using rc::wire::Text;

std::string declaration() {
  rc::wire::DeclarationWriter w;
  w.open("constants");
  w.number("maxToolNameLength", rc::kMaxToolNameLength);
  w.number("maxResponseBytesCeiling", static_cast<double>(rc::kMaxResponseBytesCeiling));
  w.number("maxArgumentBytesCeiling", rc::kMaxArgumentBytesCeiling);
  w.close();

  w.open("enums");
  w.names("ReportKind", rc::wire::ReportKind::use_text);
  w.names("ReportBody", rc::wire::ReportBody::as_before);
  w.names("HttpMethod", rc::HttpMethod::DELETE);
  w.names("CallRefusal", rc::CallRefusal::arguments_ill_formed);
  w.names("ErrorCode", rc::ErrorCode::declined);
  w.close();

  using rc::wire::Report;
  static_assert(alignof(Report) == 8, "web/marshal.js reads doubles through HEAPF64");
  w.open("layouts");
  w.open("Report");
  RC_FIELD(w, Report, maxResponseBytes, "f64");
  RC_FIELD(w, Report, method, "HttpMethod");
  RC_FIELD(w, Report, text, "text");
  RC_FIELD(w, Report, bodyText, "text");
  RC_FIELD(w, Report, body, "ReportBody");
  RC_FIELD(w, Report, timeoutMs, "u32");
  w.close();
  w.open("ErrorRecord");
  RC_FIELD(w, rc::wire::ErrorRecord, words, "u32");
  RC_FIELD(w, rc::wire::ErrorRecord, text, "text");
  w.close();
  w.open("Text");
  RC_FIELD(w, Text, address, "u32");
  RC_FIELD(w, Text, length, "u32");
  w.close();
  w.close();
  w.close();
  return w.out;
}

}  // namespace

// The declaration as JSON text (built once; valid for the module's life).
extern "C" const Text* rc_wire_declaration() {
  static const std::string text = declaration();
  static const Text out = rc::wire::text_of(text);
  return &out;
}
