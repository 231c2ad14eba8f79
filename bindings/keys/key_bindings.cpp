// The ephemeral-key lifecycle's C ABI, the key piece's (its own module,
// loaded by a page when keys are first needed): an opaque handle from
// rc_keys_new, freed by rc_keys_delete; commands and status as records
// (key_wire.hpp). Every export is listed in exports.txt.
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "keys/key_manager.hpp"
#include "keys/key_shape.hpp"
#include "key_wire.hpp"

namespace {

using rc::wire::Text;
using rc::wire::text_of;

// A key manager, or the reason its options were refused (rc_keys_error).
// The last command and status stay here: their records point into them.
struct CoreKeyManager {
  std::unique_ptr<rc::keys::KeyManager> manager;
  std::string error;
  Text errorText{};
  rc::keys::Command command;
  rc::wire::KeyCommand commandRecord{};
  rc::keys::KeyStatus status;
  rc::wire::KeyStatus statusRecord{};
};

std::string_view view(const char* text, std::uint32_t length) { return std::string_view(text, length); }

// What a key check returns: the record and the detail it points at.
struct KeyCheckResult {
  rc::wire::KeyCheck record{};
  std::string detail;
};

}  // namespace

// Never null: refused options answer rc_keys_error with why.
extern "C" CoreKeyManager* rc_keys_new(const char* options, std::uint32_t optionsLength, double nowMs, double seedHigh,
                                       double seedLow) {
  auto* keys = new CoreKeyManager();
  rc::keys::OptionsResult parsed = rc::keys::parse_options_text(view(options, optionsLength));
  if (!parsed.ok) {
    keys->error = std::move(parsed.error);
  } else {
    const std::uint64_t seed = (static_cast<std::uint64_t>(seedHigh) << 32) ^ static_cast<std::uint64_t>(seedLow);
    keys->manager = std::make_unique<rc::keys::KeyManager>(parsed.options, nowMs, seed);
  }
  return keys;
}
extern "C" void rc_keys_delete(CoreKeyManager* keys) { delete keys; }
extern "C" const Text* rc_keys_error(CoreKeyManager* keys) {
  keys->errorText = text_of(keys->error);
  return &keys->errorText;
}
extern "C" std::uint32_t rc_keys_request_key(CoreKeyManager* keys, double now) { return keys->manager->requestKey(now); }
extern "C" void rc_keys_cancel_request(CoreKeyManager* keys, std::uint32_t id, double now) {
  keys->manager->cancelRequest(id, now);
}
// `body` is copied here, and the copy overwritten by the core before it returns.
extern "C" void rc_keys_on_fetch_response(CoreKeyManager* keys, std::uint32_t id, int status, const char* date,
                                          std::uint32_t dateLength, const char* contentType,
                                          std::uint32_t contentTypeLength, const char* retryAfter,
                                          std::uint32_t retryAfterLength, int bodyTooLarge, const char* body,
                                          std::uint32_t bodyLength, double now) {
  std::string copy(body, bodyLength);
  keys->manager->onFetchResponse(id,
                                 rc::keys::FetchAnswer{status, view(date, dateLength), view(contentType, contentTypeLength),
                                                       view(retryAfter, retryAfterLength), bodyTooLarge != 0},
                                 copy, now);
}
extern "C" void rc_keys_on_fetch_failed(CoreKeyManager* keys, std::uint32_t id, double now) {
  keys->manager->onFetchFailed(id, now);
}
extern "C" void rc_keys_on_timer(CoreKeyManager* keys, double now) { keys->manager->onTimer(now); }
extern "C" void rc_keys_set_visible(CoreKeyManager* keys, int visible, double now) {
  keys->manager->setVisible(visible != 0, now);
}
extern "C" void rc_keys_set_session_active(CoreKeyManager* keys, int active, double now) {
  keys->manager->setSessionActive(active != 0, now);
}
extern "C" void rc_keys_dispose(CoreKeyManager* keys) { keys->manager->dispose(); }

// The next command (kind none: the queue is empty); valid until the next call.
extern "C" const rc::wire::KeyCommand* rc_keys_next_command(CoreKeyManager* keys) {
  rc::keys::Command& c = keys->command = keys->manager->nextCommand();
  keys->commandRecord = rc::wire::KeyCommand{
      c.atMs, c.expiresAtMs, c.ttlMs, c.clockSkewMs,
      static_cast<std::uint32_t>(c.kind), c.id, static_cast<std::uint32_t>(c.error), c.httpStatus,
      static_cast<std::uint32_t>(c.event), c.attempts,
      c.kind == rc::keys::CommandKind::resolve ? text_of(c.key) : Text{}, text_of(c.model), text_of(c.keyId),
      text_of(c.previousKeyId), text_of(c.detail)};
  return &keys->commandRecord;
}

extern "C" const rc::wire::KeyStatus* rc_keys_status(CoreKeyManager* keys, double now) {
  const rc::keys::KeyStatus& s = keys->status = keys->manager->status(now);
  keys->statusRecord = rc::wire::KeyStatus{
      s.expiresAtMs, s.ttlMs, s.clockSkewMs, static_cast<double>(s.keysFetched), static_cast<double>(s.keysHandedOut),
      static_cast<double>(s.fetchesStarted), static_cast<std::uint32_t>(s.state), static_cast<std::uint32_t>(s.mode),
      s.readyKeys, s.fetchesInFlight, s.waiters, s.prefetching ? 1u : 0u, static_cast<std::uint32_t>(s.lastError),
      s.lastHttpStatus, text_of(s.keyId)};
  return &keys->statusRecord;
}

// The one key-shape rule (keys/key_shape.hpp) for keys that do not come from
// the key endpoint (attach's key function). `expiresAtSec`: NaN for none.
// The record is valid until the next check (JavaScript reads it at once).
extern "C" const rc::wire::KeyCheck* rc_key_check(const char* value, std::uint32_t valueLength, double expiresAtSec,
                                                  double nowMs) {
  static KeyCheckResult out;
  const auto expires = std::isnan(expiresAtSec) ? std::nullopt : std::optional<double>(expiresAtSec);
  out.detail.clear();
  out.record.error = static_cast<std::uint32_t>(rc::keys::check_key(view(value, valueLength), expires, nowMs, out.detail));
  out.record.detail = text_of(out.detail);
  return &out.record;
}
