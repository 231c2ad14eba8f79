// embind surface of the ephemeral-key lifecycle. Commands cross as plain JS
// objects built field by field; the key itself goes straight from the core's
// buffer into a JS string, with no intermediate std::string copy.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <memory>
#include <optional>
#include <string>

#include "keys/key_manager.hpp"
#include "keys/key_shape.hpp"

namespace {

using emscripten::val;

val command_to_js(const rc::keys::Command& c) {
  val out = val::object();
  out.set("kind", std::string(rc::keys::to_string(c.kind)));
  out.set("id", c.id);
  switch (c.kind) {
    case rc::keys::CommandKind::set_timer:
      out.set("atMs", c.atMs);
      break;
    case rc::keys::CommandKind::resolve:
      // Keys are printable ASCII (the core refuses anything else), so the
      // C-string constructor reads them exactly.
      out.set("key", val(c.key.data()));
      out.set("model", c.model);
      out.set("expiresAtMs", c.expiresAtMs);
      break;
    case rc::keys::CommandKind::reject:
      out.set("error", std::string(rc::keys::to_string(c.error)));
      out.set("message", std::string(rc::keys::describe(c.error)));
      out.set("httpStatus", c.httpStatus);
      out.set("detail", c.detail);
      break;
    case rc::keys::CommandKind::event:
      out.set("event", std::string(rc::keys::to_string(c.event)));
      out.set("keyId", c.keyId);
      out.set("previousKeyId", c.previousKeyId);
      out.set("expiresAtMs", c.expiresAtMs);
      out.set("ttlMs", c.ttlMs);
      out.set("clockSkewMs", c.clockSkewMs);
      out.set("attempts", c.attempts);
      out.set("httpStatus", c.httpStatus);
      out.set("error", c.error == rc::keys::KeyError::none ? std::string() : std::string(rc::keys::to_string(c.error)));
      out.set("detail", c.detail);
      out.set("model", c.model);
      break;
    default:
      break;
  }
  return out;
}

// Holds a key manager, or the reason its options were refused (a constructor
// cannot fail without an exception, and none may cross into JavaScript).
class CoreKeyManager {
 public:
  CoreKeyManager(const std::string& optionsText, double nowMs, double seedHigh, double seedLow) {
    rc::keys::OptionsResult options = rc::keys::parse_options_text(optionsText);
    if (!options.ok) {
      error_ = options.error;
      return;
    }
    const std::uint64_t seed = (static_cast<std::uint64_t>(seedHigh) << 32) ^ static_cast<std::uint64_t>(seedLow);
    manager_ = std::make_unique<rc::keys::KeyManager>(options.options, nowMs, seed);
  }

  std::string error() const { return error_; }
  unsigned requestKey(double now) { return manager_->requestKey(now); }
  void cancelRequest(unsigned id, double now) { manager_->cancelRequest(id, now); }
  // `body` is this binding's own copy; the core overwrites it before returning.
  void onFetchResponse(unsigned id, int status, const std::string& date, const std::string& contentType,
                       const std::string& retryAfter, bool bodyTooLarge, std::string body, double now) {
    manager_->onFetchResponse(id, rc::keys::FetchAnswer{status, date, contentType, retryAfter, bodyTooLarge}, body, now);
  }
  void onFetchFailed(unsigned id, double now) { manager_->onFetchFailed(id, now); }
  void onTimer(double now) { manager_->onTimer(now); }
  void setVisible(bool visible, double now) { manager_->setVisible(visible, now); }
  void setSessionActive(bool active, double now) { manager_->setSessionActive(active, now); }
  void dispose() { manager_->dispose(); }
  val nextCommand() { return command_to_js(manager_->nextCommand()); }

  val status(double now) const {
    const rc::keys::KeyStatus s = manager_->status(now);
    val out = val::object();
    out.set("state", std::string(rc::keys::to_string(s.state)));
    out.set("mode", std::string(rc::keys::to_string(s.mode)));
    out.set("expiresAt", s.expiresAtMs);
    out.set("ttlMs", s.ttlMs);
    out.set("keyId", s.keyId);
    out.set("readyKeys", s.readyKeys);
    out.set("fetchesInFlight", s.fetchesInFlight);
    out.set("waiters", s.waiters);
    out.set("prefetching", s.prefetching);
    out.set("clockSkewMs", s.clockSkewMs);
    out.set("lastError", s.lastError == rc::keys::KeyError::none ? val::null() : val(std::string(rc::keys::to_string(s.lastError))));
    out.set("lastHttpStatus", s.lastHttpStatus);
    out.set("keysFetched", static_cast<double>(s.keysFetched));
    out.set("keysHandedOut", static_cast<double>(s.keysHandedOut));
    out.set("fetchesStarted", static_cast<double>(s.fetchesStarted));
    return out;
  }

 private:
  std::unique_ptr<rc::keys::KeyManager> manager_;
  std::string error_;
};

// The one key-shape rule (keys/key_shape.hpp) for keys that do not come from
// the key endpoint (attach's key function). `expiresAtSec`: NaN for none.
// null when the key may be used, else { error, message, detail }.
val check_key(const std::string& value, double expiresAtSec, double nowMs) {
  std::string detail;
  const auto expires = std::isnan(expiresAtSec) ? std::nullopt : std::optional<double>(expiresAtSec);
  const rc::keys::KeyError e = rc::keys::check_key(value, expires, nowMs, detail);
  if (e == rc::keys::KeyError::none) return val::null();
  val out = val::object();
  out.set("error", std::string(rc::keys::to_string(e)));
  out.set("message", std::string(rc::keys::describe(e)));
  out.set("detail", detail);
  return out;
}

// Every KeyError name but none, for the test that index.d.ts's KeyErrorCode
// lists exactly these (one list per fact).
val key_error_codes() {
  val out = val::array();
  for (int e = 1; e <= static_cast<int>(rc::keys::KeyError::disposed); ++e)
    out.call<void>("push", std::string(rc::keys::to_string(static_cast<rc::keys::KeyError>(e))));
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(realtime_companion_keys) {
  // JavaScript cuts a longer value to this + 1 before it crosses, so a huge
  // string is never copied into WebAssembly memory (the core still refuses it).
  emscripten::constant("maxKeyLength", static_cast<double>(rc::keys::kMaxKeyLength));
  emscripten::function("checkKey", &check_key);
  emscripten::function("keyErrorCodes", &key_error_codes);
  emscripten::class_<CoreKeyManager>("CoreKeyManager")
      .constructor<const std::string&, double, double, double>()
      .function("error", &CoreKeyManager::error)
      .function("requestKey", &CoreKeyManager::requestKey)
      .function("cancelRequest", &CoreKeyManager::cancelRequest)
      .function("onFetchResponse", &CoreKeyManager::onFetchResponse)
      .function("onFetchFailed", &CoreKeyManager::onFetchFailed)
      .function("onTimer", &CoreKeyManager::onTimer)
      .function("setVisible", &CoreKeyManager::setVisible)
      .function("setSessionActive", &CoreKeyManager::setSessionActive)
      .function("dispose", &CoreKeyManager::dispose)
      .function("nextCommand", &CoreKeyManager::nextCommand)
      .function("status", &CoreKeyManager::status);
}
