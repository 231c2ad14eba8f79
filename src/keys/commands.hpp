#pragma once
// What the key manager tells the JavaScript shell to do, one command at a
// time, and the events the page sees. Plain values: the key piece copies each
// into its wire record (bindings/keys/key_wire.hpp).
#include <cstdint>
#include <string>
#include <string_view>

#include "keys/errors.hpp"

namespace rc::keys {

// What the shell is to do (its table: keys/command_kinds.def).
enum class CommandKind : std::uint8_t {
#define RC_ENUM_ROW(id, name, message) id,
#include "keys/command_kinds.def"
};
inline constexpr std::string_view kCommandKindNames[] = {
#define RC_ENUM_ROW(id, name, message) name,
#include "keys/command_kinds.def"
};
#define RC_ENUM_ROW(id, name, message) static_assert(spells(#id, name), "CommandKind: " #id);
#include "keys/command_kinds.def"

// What the page is told (its table: keys/event_kinds.def).
enum class EventKind : std::uint8_t {
#define RC_ENUM_ROW(id, name, message) id,
#include "keys/event_kinds.def"
};
inline constexpr std::string_view kEventKindNames[] = {
#define RC_ENUM_ROW(id, name, message) name,
#include "keys/event_kinds.def"
};
#define RC_ENUM_ROW(id, name, message) static_assert(spells(#id, name), "EventKind: " #id);
#include "keys/event_kinds.def"
static_assert(CommandKind::none == CommandKind{} && EventKind::none == EventKind{}, "a zeroed command is none");

constexpr std::string_view to_string(CommandKind k) noexcept { return column_of(kCommandKindNames, k, "none"); }
constexpr std::string_view to_string(EventKind k) noexcept { return column_of(kEventKindNames, k, "none"); }

struct Command {
  CommandKind kind = CommandKind::none;
  std::uint32_t id = 0;          // fetch id (start/abort_fetch), waiter id (resolve, reject, handed_out)
  double atMs = 0;               // set_timer: local time to wake at
  std::string_view key;          // resolve only: NUL-terminated, valid until the next call on the manager
  std::string model;             // resolve/fetched/handed_out: the key's model; empty if the endpoint named none
  KeyError error = KeyError::none;
  int httpStatus = 0;            // reject/failed: last HTTP status, 0 for none or a network error
  EventKind event = EventKind::none;
  std::string keyId;             // 12 hex digits of its SHA-256; never the key
  std::string previousKeyId;     // refreshed: the key replaced
  double expiresAtMs = 0;        // resolve/fetched/handed_out: expiry on the local clock (skew corrected)
  double ttlMs = 0;              // fetched/handed_out: expiresAtMs - now
  double clockSkewMs = 0;        // fetched: server clock - local clock (0 without a Date header)
  int attempts = 0;              // fetched/failed: tries the job took
  std::string detail;            // refused/failed/reject: which rule or what failed; fetched: a Date header
                                 // not believed. Never any part of a key
};

}  // namespace rc::keys
