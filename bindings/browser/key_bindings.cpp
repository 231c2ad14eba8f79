// embind surface of the ephemeral-key lifecycle: which calls exist. What
// crosses (commands, status, verdicts, their enums) is declared in
// wire_bindings.cpp.
#include <emscripten/bind.h>

#include <cmath>
#include <memory>
#include <optional>
#include <string>

#include "keys/key_manager.hpp"
#include "keys/key_shape.hpp"
#include "wire.hpp"

namespace {

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
  rc::keys::Command nextCommand() { return manager_->nextCommand(); }
  rc::keys::KeyStatus status(double now) const { return manager_->status(now); }

 private:
  std::unique_ptr<rc::keys::KeyManager> manager_;
  std::string error_;
};

// The one key-shape rule (keys/key_shape.hpp) for keys that do not come from
// the key endpoint (attach's key function). `expiresAtSec`: NaN for none.
rc::wire::KeyCheck check_key(const std::string& value, double expiresAtSec, double nowMs) {
  rc::wire::KeyCheck out;
  const auto expires = std::isnan(expiresAtSec) ? std::nullopt : std::optional<double>(expiresAtSec);
  out.error = rc::keys::check_key(value, expires, nowMs, out.detail);
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(realtime_companion_keys) {
  emscripten::function("checkKey", &check_key);
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
