// A key the endpoint returned, in named steps: refused if it came before,
// dated (key_expiry.hpp), refused if it would expire on arrival, announced,
// and put where it is handed out from, replacing a key due for refresh.
#include <algorithm>

#include "keys/key_expiry.hpp"
#include "keys/key_manager.hpp"
#include "keys/key_response.hpp"

namespace rc::keys {
namespace {

constexpr double kMinRefreshLeadMs = 2000;

}  // namespace

void KeyManager::acceptKey(std::size_t i, const KeyResponse& response, std::string_view dateHeader, double now) {
  // A key comes once. The endpoint, or a cache in front of it, returning one
  // again must not make the page use it twice (nor, in reuse mode, make an
  // unchanged key look like a refresh and fetch again at once, for ever).
  const std::uint64_t fingerprint = key_fingerprint(response.value.view());
  if (seen_.contains(fingerprint)) {
    refuseRepeatedKey(i, response, now);
    return;
  }
  const Job& job = jobs_[i];
  KeyExpiry expiry = key_expiry(response.expiresAtSec, dateHeader, job.sentAt, now, options_.defaultLifetimeMs);
  if (expiry.tooFarAhead) {
    failTry(i, KeyError::invalid_key_response, 200,
            "expires_at is more than 4 hours away (OpenAI's keys live at most 2 hours)", now);
    return;
  }
  if (expiry.clockSkewMs) clockSkewMs_ = *expiry.clockSkewMs;
  if (expiry.expiresAtMs - now <= options_.minValidityMs) {
    failTry(i, KeyError::key_expired_on_arrival, 200, "the key expires within minValidityMs of arriving", now);
    return;
  }
  Key key = newKey(response, expiry.expiresAtMs, now);
  announceFetched(key, std::move(expiry), job.attempts, now);
  seen_.insert(fingerprint);
  ++keysFetched_;
  jobs_.erase(jobs_.begin() + static_cast<std::ptrdiff_t>(i));
  addKey(std::move(key), now);
}

void KeyManager::refuseRepeatedKey(std::size_t i, const KeyResponse& response, double now) {
  Command c;
  c.kind = CommandKind::event;
  c.event = EventKind::refused;
  c.error = KeyError::key_reused;
  c.keyId = key_id(response.value.view());
  c.detail = "the key endpoint returned key " + c.keyId + " again";
  std::string detail = c.detail;
  push(std::move(c));
  failTry(i, KeyError::key_reused, 200, std::move(detail), now);
}

KeyManager::Key KeyManager::newKey(const KeyResponse& response, double expiresAt, double now) const {
  Key key;
  key.value = Secret(response.value.view());
  key.id = key_id(key.value.view());
  key.model = response.model;
  key.receivedAt = now;
  key.expiresAt = expiresAt;
  key.usableUntil = expiresAt - options_.minValidityMs;
  // The refresh lead scales with the lifetime (a fifth of it, 2 s to
  // maxRefreshLeadMs) but never exceeds half the usable time, so short keys
  // are not replaced as soon as they arrive.
  const double lifetime = expiresAt - now;
  double lead = std::clamp(lifetime / 5, kMinRefreshLeadMs, options_.maxRefreshLeadMs);
  lead = std::min(lead, (key.usableUntil - now) / 2);
  key.refreshAt = key.usableUntil - lead;
  return key;
}

void KeyManager::announceFetched(const Key& key, KeyExpiry expiry, int attempts, double now) {
  Command fetched;
  fetched.kind = CommandKind::event;
  fetched.event = EventKind::fetched;
  fetched.keyId = key.id;
  fetched.expiresAtMs = key.expiresAt;
  fetched.ttlMs = key.expiresAt - now;
  fetched.clockSkewMs = expiry.clockSkewMs ? clockSkewMs_ : 0;
  fetched.attempts = attempts;
  fetched.model = key.model;
  fetched.detail = std::move(expiry.dateDistrusted);
  push(std::move(fetched));
}

// The new key replaces one that was due for refresh (none is due while
// waiters are queued: they would have taken it).
void KeyManager::addKey(Key key, double now) {
  std::size_t old = keys_.size();
  if (options_.mode == KeyMode::reuse) {
    old = keys_.empty() ? old : 0;
  } else if (waiters_.empty()) {
    for (std::size_t j = 0; j < keys_.size(); ++j)
      if (!isFresh(keys_[j], now) && (old == keys_.size() || keys_[j].usableUntil < keys_[old].usableUntil)) old = j;
  }
  if (old < keys_.size()) {
    Command c;
    c.kind = CommandKind::event;
    c.event = EventKind::refreshed;
    c.keyId = key.id;
    c.previousKeyId = keys_[old].id;
    push(std::move(c));
    keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(old));
  }
  keys_.push_back(std::move(key));
}

}  // namespace rc::keys
