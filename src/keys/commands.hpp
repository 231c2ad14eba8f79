#pragma once
// What the key manager tells the JavaScript shell to do, one command at a
// time, and the events the page sees. Plain values: they cross embind as
// value objects and need no delete().
#include <cstdint>
#include <string>
#include <string_view>

#include "keys/errors.hpp"

namespace rc::keys {

enum class CommandKind : std::uint8_t {
  none = 0,     // the queue is empty
  start_fetch,  // fetch keyEndpoint now; report it as fetch `id`
  abort_fetch,  // abort fetch `id` (timed out, or disposed); any later report of it is ignored
  set_timer,    // (re)arm the one timer: call onTimer at local time `atMs` (replaces any earlier one)
  clear_timer,  // disarm the timer
  resolve,      // resolve waiter `id` with `key` (and its `model`, `expiresAtMs`)
  reject,       // reject waiter `id` with `error` (and `httpStatus`)
  event,        // tell onKeyEvent listeners: `event` and its fields
};

enum class EventKind : std::uint8_t {
  none = 0,
  fetched,     // a key arrived: keyId, expiresAtMs, ttlMs, clockSkewMs, attempts
  handed_out,  // a key went to waiter id: keyId, ttlMs
  refreshed,   // keyId replaced previousKeyId ahead of its expiry
  expired,     // keyId reached expiry - minValidityMs unused and was dropped
  refused,     // the endpoint returned what must not be handed out: error master_key_refused (a non-ephemeral
               // value; no key id) or key_reused (a key it had returned before; keyId says which)
  failed,      // a fetch job gave up: error, httpStatus, attempts
};

std::string_view to_string(CommandKind k) noexcept;
std::string_view to_string(EventKind k) noexcept;

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
