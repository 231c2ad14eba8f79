// The browser core's wire declaration, read once by common/marshal.js when the
// module loads: the limits JavaScript checks before text crosses, every enum's
// names from its table (text/enum_table.hpp), and every record's fields (wire.hpp) with
// their offsets and types. JavaScript restates none of it. The key piece
// declares its own (bindings/keys/wire_declaration.cpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "declaration_writer.hpp"
#include "router/error_code.hpp"
#include "router/http_method.hpp"
#include "router/router.hpp"
#include "router/tool_definition.hpp"
#include "wire.hpp"

namespace {

constexpr void declare(rc::wire::DeclarationWriter& w) {
  w.open("constants");
  w.number("maxToolNameLength", rc::kMaxToolNameLength);
  w.number("maxResponseBytesCeiling", rc::kMaxResponseBytesCeiling);
  w.number("maxArgumentBytesCeiling", rc::kMaxArgumentBytesCeiling);
  w.close();

  w.open("enums");
  w.names("ReportKind", rc::wire::kReportKindNames);
  w.names("ReportBody", rc::wire::kReportBodyNames);
  w.names("HttpMethod", rc::kHttpMethodNames);
  w.names("CallRefusal", rc::kCallRefusalNames);
  w.names("ErrorCode", rc::kErrorCodeNames);
  w.close();

  using rc::wire::Report;
  static_assert(alignof(Report) == 8, "common/marshal.js reads doubles through HEAPF64");
  w.open("layouts");
  w.open("Report");
  RC_FIELD(w, Report, maxResponseBytes, "f64");
  RC_FIELD(w, Report, method, "HttpMethod");
  RC_FIELD(w, Report, text, "text");
  RC_FIELD(w, Report, bodyText, "text");
  RC_FIELD(w, Report, body, "ReportBody");
  RC_FIELD(w, Report, timeoutMs, "u32");
  RC_FIELD(w, Report, code, "ErrorCode");
  RC_FIELD(w, Report, tool, "text");
  RC_FIELD(w, Report, errors, "ErrorRecord");
  w.close();
  w.open("ErrorRecord");
  RC_FIELD(w, rc::wire::ErrorRecord, words, "u32");
  RC_FIELD(w, rc::wire::ErrorRecord, text, "text");
  w.close();
  rc::wire::declare_text_layout(w);
  w.close();
}

}  // namespace

// The declaration as JSON text.
extern "C" const rc::wire::Text* rc_wire_declaration() { return rc::wire::declaration_of<declare>(); }
