// The JS–WASM wire, declared once: every limit, enum, value object and report
// offset that crosses between the core and JavaScript. web/wire.js is its one
// reader. The classes (router_bindings.cpp, key_bindings.cpp) only say which
// calls exist; what their arguments and results look like is here.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstddef>
#include <string>

#include "keys/commands.hpp"
#include "keys/key_manager.hpp"
#include "keys/key_shape.hpp"
#include "router/error_code.hpp"
#include "router/http_method.hpp"
#include "router/router.hpp"
#include "wire.hpp"

namespace {

using emscripten::val;
using rc::keys::Command;
using rc::keys::KeyStatus;

// An enum whose names are the core's own to_string: JavaScript's names cannot
// drift from the C++ ones. `last` is the enum's last value (each header keeps
// it last).
template <typename Enum>
void declare_enum(const char* name, Enum last) {
  emscripten::enum_<Enum> bound(name);
  for (int i = 0; i <= static_cast<int>(last); ++i)
    bound.value(std::string(to_string(static_cast<Enum>(i))).c_str(), static_cast<Enum>(i));
}

// embind's value objects need a setter for every field; JavaScript never sends these back.
template <typename Value, typename Field>
void ignore(Value&, Field) {}

// The key goes straight from the core's buffer into a JavaScript string, with
// no std::string copy left behind. Keys are printable ASCII (the core refuses
// anything else), so the C-string constructor reads them exactly.
val command_key(const Command& c) { return c.kind == rc::keys::CommandKind::resolve ? val(c.key.data()) : val(""); }
// The page author's sentence for an error (empty for none).
template <typename Value>
std::string message(const Value& v) {
  return v.error == rc::keys::KeyError::none ? std::string() : std::string(rc::keys::describe(v.error));
}

// 64-bit counters cross as doubles (exact up to 2^53).
template <std::uint64_t KeyStatus::*Counter>
double counter(const KeyStatus& s) { return static_cast<double>(s.*Counter); }

}  // namespace

EMSCRIPTEN_BINDINGS(realtime_companion_wire) {
  // Limits JavaScript checks before any text crosses (web/plan-call.js, web/key-check.js).
  emscripten::constant("maxToolNameLength", static_cast<double>(rc::kMaxToolNameLength));
  emscripten::constant("maxResponseBytesCeiling", static_cast<double>(rc::kMaxResponseBytesCeiling));
  emscripten::constant("maxArgumentBytesCeiling", static_cast<double>(rc::kMaxArgumentBytesCeiling));
  emscripten::constant("maxKeyLength", static_cast<double>(rc::keys::kMaxKeyLength));

  // The report (wire.hpp), by offset.
  using rc::wire::Report;
  static_assert(alignof(Report) == 8, "web/wire.js reads maxResponseBytes as an aligned double");
  emscripten::constant("reportMaxResponseBytesOffset", static_cast<double>(offsetof(Report, maxResponseBytes)));
  emscripten::constant("reportMethodOffset", static_cast<double>(offsetof(Report, method)));
  emscripten::constant("reportTextAddressOffset", static_cast<double>(offsetof(Report, textAddress)));
  emscripten::constant("reportTextLengthOffset", static_cast<double>(offsetof(Report, textLength)));
  emscripten::constant("reportBodyAddressOffset", static_cast<double>(offsetof(Report, bodyAddress)));
  emscripten::constant("reportBodyLengthOffset", static_cast<double>(offsetof(Report, bodyLength)));
  emscripten::constant("reportBodyOffset", static_cast<double>(offsetof(Report, body)));
  emscripten::constant("reportTimeoutMsOffset", static_cast<double>(offsetof(Report, timeoutMs)));
  emscripten::enum_<rc::wire::ReportKind>("ReportKind")
      .value("request", rc::wire::ReportKind::request)
      .value("result", rc::wire::ReportKind::result)
      .value("use_body", rc::wire::ReportKind::use_body)
      .value("use_response", rc::wire::ReportKind::use_response)
      .value("use_text", rc::wire::ReportKind::use_text);
  emscripten::enum_<rc::wire::ReportBody>("ReportBody")
      .value("none", rc::wire::ReportBody::none)
      .value("in_memory", rc::wire::ReportBody::in_memory)
      .value("is_arguments", rc::wire::ReportBody::is_arguments)
      .value("as_before", rc::wire::ReportBody::as_before);
  declare_enum("HttpMethod", rc::HttpMethod::DELETE);

  // Tool calls.
  emscripten::enum_<rc::CallRefusal>("CallRefusal")
      .value("name_unreadable", rc::CallRefusal::name_unreadable)
      .value("name_too_long", rc::CallRefusal::name_too_long)
      .value("name_ill_formed", rc::CallRefusal::name_ill_formed)
      .value("arguments_unreadable", rc::CallRefusal::arguments_unreadable)
      .value("arguments_too_long", rc::CallRefusal::arguments_too_long)
      .value("arguments_too_large", rc::CallRefusal::arguments_too_large)
      .value("arguments_ill_formed", rc::CallRefusal::arguments_ill_formed);
  declare_enum("ErrorCode", rc::ErrorCode::declined);

  // Keys.
  declare_enum("KeyError", rc::keys::KeyError::disposed);
  declare_enum("CommandKind", rc::keys::CommandKind::event);
  declare_enum("EventKind", rc::keys::EventKind::failed);
  declare_enum("KeyState", rc::keys::KeyState::disposed);
  declare_enum("KeyMode", rc::keys::KeyMode::reuse);
  emscripten::value_object<Command>("KeyCommand")
      .field("kind", &Command::kind)
      .field("id", &Command::id)
      .field("atMs", &Command::atMs)
      .field("key", &command_key, &ignore<Command, val>)
      .field("model", &Command::model)
      .field("error", &Command::error)
      .field("message", &message<Command>, &ignore<Command, std::string>)
      .field("httpStatus", &Command::httpStatus)
      .field("event", &Command::event)
      .field("keyId", &Command::keyId)
      .field("previousKeyId", &Command::previousKeyId)
      .field("expiresAtMs", &Command::expiresAtMs)
      .field("ttlMs", &Command::ttlMs)
      .field("clockSkewMs", &Command::clockSkewMs)
      .field("attempts", &Command::attempts)
      .field("detail", &Command::detail);
  emscripten::value_object<rc::wire::KeyCheck>("KeyCheck")
      .field("error", &rc::wire::KeyCheck::error)
      .field("message", &message<rc::wire::KeyCheck>, &ignore<rc::wire::KeyCheck, std::string>)
      .field("detail", &rc::wire::KeyCheck::detail);
  emscripten::value_object<KeyStatus>("KeyStatus")
      .field("state", &KeyStatus::state)
      .field("mode", &KeyStatus::mode)
      .field("expiresAt", &KeyStatus::expiresAtMs)
      .field("ttlMs", &KeyStatus::ttlMs)
      .field("keyId", &KeyStatus::keyId)
      .field("readyKeys", &KeyStatus::readyKeys)
      .field("fetchesInFlight", &KeyStatus::fetchesInFlight)
      .field("waiters", &KeyStatus::waiters)
      .field("prefetching", &KeyStatus::prefetching)
      .field("clockSkewMs", &KeyStatus::clockSkewMs)
      .field("lastError", &KeyStatus::lastError)
      .field("lastHttpStatus", &KeyStatus::lastHttpStatus)
      .field("keysFetched", &counter<&KeyStatus::keysFetched>, &ignore<KeyStatus, double>)
      .field("keysHandedOut", &counter<&KeyStatus::keysHandedOut>, &ignore<KeyStatus, double>)
      .field("fetchesStarted", &counter<&KeyStatus::fetchesStarted>, &ignore<KeyStatus, double>);
}
