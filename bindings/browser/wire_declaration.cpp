// The wire's declaration, read once by web/wire.js when a module loads: the
// limits JavaScript checks before text crosses, every enum's names (and the
// key errors' messages) from the core's own tables, and every record's fields
// (wire.hpp) with their offsets and types. JavaScript restates none of it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "json/write.hpp"
#include "keys/commands.hpp"
#include "keys/errors.hpp"
#include "keys/key_manager.hpp"
#include "keys/key_shape.hpp"
#include "keys/options.hpp"
#include "router/error_code.hpp"
#include "router/http_method.hpp"
#include "router/router.hpp"
#include "router/tool_definition.hpp"
#include "wire.hpp"

namespace {

using rc::wire::Text;

// The wire's own enums, and CallRefusal, whose names only the wire needs.
constexpr std::string_view kReportKindNames[] = {"request", "result", "use_body", "use_response", "use_text"};
constexpr std::string_view kReportBodyNames[] = {"none", "in_memory", "is_arguments", "as_before"};
constexpr std::string_view kCallRefusalNames[] = {"name_unreadable",      "name_too_long",       "name_ill_formed",
                                                  "arguments_unreadable", "arguments_too_long", "arguments_too_large",
                                                  "arguments_ill_formed"};
static_assert(std::size(kCallRefusalNames) == static_cast<std::size_t>(rc::CallRefusal::arguments_ill_formed) + 1);
std::string_view to_string(rc::wire::ReportKind k) { return kReportKindNames[static_cast<std::size_t>(k)]; }
std::string_view to_string(rc::wire::ReportBody b) { return kReportBodyNames[static_cast<std::size_t>(b)]; }
std::string_view to_string(rc::CallRefusal r) { return kCallRefusalNames[static_cast<std::size_t>(r)]; }

class Writer {
 public:
  std::string out = "{";

  void key(std::string_view name) {
    if (out.back() != '{' && out.back() != '[') out += ',';
    rc::append_json_string(out, name);
    out += ':';
  }
  void open(std::string_view name) { key(name), out += '{'; }
  void close() { out += '}'; }
  void number(std::string_view name, double value) { key(name), out += std::to_string(static_cast<long long>(value)); }

  // An enum's names by number, up to its `last` value (each header keeps it last).
  template <typename Enum, typename Name>
  void names(std::string_view name, Enum last, Name nameOf) {
    key(name);
    out += '[';
    for (int i = 0; i <= static_cast<int>(last); ++i) {
      if (i > 0) out += ',';
      rc::append_json_string(out, nameOf(static_cast<Enum>(i)));
    }
    out += ']';
  }
  template <typename Enum>
  void names(std::string_view name, Enum last) {
    names(name, last, [](Enum e) { return to_string(e); });
  }

  // A record field: [offset, type]; type is f64, u32, i32, text, or an enum's name (a u32).
  void field(std::string_view name, std::size_t offset, std::string_view type) {
    key(name);
    out += '[' + std::to_string(offset) + ',';
    rc::append_json_string(out, type);
    out += ']';
  }
};

#define RC_FIELD(w, Record, member, type) (w).field(#member, offsetof(Record, member), type)

std::string declaration() {
  Writer w;
  w.open("constants");
  w.number("maxToolNameLength", rc::kMaxToolNameLength);
  w.number("maxResponseBytesCeiling", static_cast<double>(rc::kMaxResponseBytesCeiling));
  w.number("maxArgumentBytesCeiling", rc::kMaxArgumentBytesCeiling);
  w.number("maxKeyLength", rc::keys::kMaxKeyLength);
  w.close();

  w.open("enums");
  w.names("ReportKind", rc::wire::ReportKind::use_text);
  w.names("ReportBody", rc::wire::ReportBody::as_before);
  w.names("HttpMethod", rc::HttpMethod::DELETE);
  w.names("CallRefusal", rc::CallRefusal::arguments_ill_formed);
  w.names("ErrorCode", rc::ErrorCode::declined);
  w.names("KeyError", rc::keys::KeyError::disposed);
  w.names("CommandKind", rc::keys::CommandKind::event);
  w.names("EventKind", rc::keys::EventKind::failed);
  w.names("KeyState", rc::keys::KeyState::disposed);
  w.names("KeyMode", rc::keys::KeyMode::reuse);
  w.close();

  w.open("messages");
  w.names("KeyError", rc::keys::KeyError::disposed, [](rc::keys::KeyError e) {
    return e == rc::keys::KeyError::none ? std::string_view() : rc::keys::describe(e);
  });
  w.close();

  using rc::wire::KeyCheck;
  using rc::wire::KeyCommand;
  using rc::wire::KeyStatus;
  using rc::wire::Report;
  static_assert(alignof(Report) == 8 && alignof(KeyCommand) == 8 && alignof(KeyStatus) == 8,
                "web/wire.js reads doubles through HEAPF64");
  w.open("layouts");
  w.open("Report");
  RC_FIELD(w, Report, maxResponseBytes, "f64");
  RC_FIELD(w, Report, method, "HttpMethod");
  RC_FIELD(w, Report, text, "text");
  RC_FIELD(w, Report, bodyText, "text");
  RC_FIELD(w, Report, body, "ReportBody");
  RC_FIELD(w, Report, timeoutMs, "u32");
  w.close();
  w.open("KeyCommand");
  RC_FIELD(w, KeyCommand, atMs, "f64");
  RC_FIELD(w, KeyCommand, expiresAtMs, "f64");
  RC_FIELD(w, KeyCommand, ttlMs, "f64");
  RC_FIELD(w, KeyCommand, clockSkewMs, "f64");
  RC_FIELD(w, KeyCommand, kind, "CommandKind");
  RC_FIELD(w, KeyCommand, id, "u32");
  RC_FIELD(w, KeyCommand, error, "KeyError");
  RC_FIELD(w, KeyCommand, httpStatus, "i32");
  RC_FIELD(w, KeyCommand, event, "EventKind");
  RC_FIELD(w, KeyCommand, attempts, "i32");
  RC_FIELD(w, KeyCommand, key, "text");
  RC_FIELD(w, KeyCommand, model, "text");
  RC_FIELD(w, KeyCommand, keyId, "text");
  RC_FIELD(w, KeyCommand, previousKeyId, "text");
  RC_FIELD(w, KeyCommand, detail, "text");
  w.close();
  w.open("KeyStatus");
  RC_FIELD(w, KeyStatus, state, "KeyState");
  RC_FIELD(w, KeyStatus, mode, "KeyMode");
  RC_FIELD(w, KeyStatus, expiresAt, "f64");
  RC_FIELD(w, KeyStatus, ttlMs, "f64");
  RC_FIELD(w, KeyStatus, keyId, "text");
  RC_FIELD(w, KeyStatus, readyKeys, "i32");
  RC_FIELD(w, KeyStatus, fetchesInFlight, "i32");
  RC_FIELD(w, KeyStatus, waiters, "i32");
  RC_FIELD(w, KeyStatus, prefetching, "bool");
  RC_FIELD(w, KeyStatus, clockSkewMs, "f64");
  RC_FIELD(w, KeyStatus, lastError, "KeyError");
  RC_FIELD(w, KeyStatus, lastHttpStatus, "i32");
  RC_FIELD(w, KeyStatus, keysFetched, "f64");
  RC_FIELD(w, KeyStatus, keysHandedOut, "f64");
  RC_FIELD(w, KeyStatus, fetchesStarted, "f64");
  w.close();
  w.open("KeyCheck");
  RC_FIELD(w, KeyCheck, error, "KeyError");
  RC_FIELD(w, KeyCheck, detail, "text");
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
