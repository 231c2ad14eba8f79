#pragma once
// The JS–WASM wire's layouts, declared once. Every crossing of the browser
// core is a plain C export (bindings/browser/exports.txt); what a call returns
// beyond a number is one of these records in WASM memory, owned by the handle
// it came from and valid until the handle's next call. wire_declaration.cpp
// exports each field's offset and type, and common/marshal.js reads every record by
// that declaration alone: adding a field is a line here and a line there. The
// key piece's records are in bindings/keys/key_wire.hpp.
#include <cstdint>
#include <string>
#include <string_view>

#include "schema/output.hpp"
#include "text/enum_table.hpp"

namespace rc::wire {

// Text the core owns: UTF-8 bytes at `address`, `length` of them.
struct Text {
  std::uint32_t address = 0;
  std::uint32_t length = 0;
};

inline Text text_of(std::string_view text) {
  return Text{static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(text.data())),
              static_cast<std::uint32_t>(text.size())};
}

// What a plan or verdict report holds (its table: report_kinds.def); the
// call's return value, so the report does not repeat it.
enum class ReportKind : std::uint32_t {
#define RC_ENUM_ROW(id, name, message) id,
#include "report_kinds.def"
};
inline constexpr std::string_view kReportKindNames[] = {
#define RC_ENUM_ROW(id, name, message) name,
#include "report_kinds.def"
};
#define RC_ENUM_ROW(id, name, message) static_assert(spells(#id, name), "ReportKind: " #id);
#include "report_kinds.def"

// Where a request's body is (its table: report_bodies.def).
enum class ReportBody : std::uint32_t {
#define RC_ENUM_ROW(id, name, message) id,
#include "report_bodies.def"
};
inline constexpr std::string_view kReportBodyNames[] = {
#define RC_ENUM_ROW(id, name, message) name,
#include "report_bodies.def"
};
#define RC_ENUM_ROW(id, name, message) static_assert(spells(#id, name), "ReportBody: " #id);
#include "report_bodies.def"

// Where an rc::schema::ErrorRecord is (the compiler's rc_schema_validate_input,
// and a plan's invalid_arguments): its words (flags, count, then three UTF-16
// lengths per error) and its text, every error's strings one after the other.
struct ErrorRecord {
  std::uint32_t words;  // the address of the first word
  Text text;
};

inline ErrorRecord error_record_of(const schema::ErrorRecord& record) {
  return ErrorRecord{static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(record.words.data())),
                     text_of(record.text)};
}

// A router's plan or verdict (rc_router_plan_*, rc_router_interpret_input, ...).
struct Report {
  double maxResponseBytes;
  std::uint32_t method;  // rc::HttpMethod
  Text text;             // the URL, the result's JSON text, or invalid_arguments' message
  Text bodyText;
  std::uint32_t body;    // ReportBody
  std::uint32_t timeoutMs;
  // invalid_arguments: the error's code (rc::ErrorCode), its tool, and its errors (the router's record).
  std::uint32_t code;
  Text tool;
  ErrorRecord errors;
};

}  // namespace rc::wire
