// Callers waiting for a key: served in arrival order as keys arrive, or
// rejected when their queueTimeoutMs runs out.
#include "keys/key_manager.hpp"

namespace rc::keys {

// Deadlines are now + queueTimeoutMs in arrival order: the oldest is due first.
void KeyManager::expireWaiters(double now) {
  while (!waiters_.empty() && now >= waiters_.front().deadline) {
    Command c;
    c.kind = CommandKind::reject;
    c.id = waiters_.front().id;
    c.error = KeyError::key_queue_timeout;
    c.httpStatus = holdUntil_ > now ? lastHttpStatus_ : 0;  // the 429/503 that holds the requests
    c.detail = holdUntil_ > now ? "the key endpoint asked to wait (Retry-After or 429)"
                                : "no key within queueTimeoutMs (other starts were ahead, or the endpoint was slow)";
    waiters_.pop_front();
    push(std::move(c));
  }
}

void KeyManager::serveWaiters(double now) {
  while (!waiters_.empty() && !keys_.empty()) {
    const std::uint32_t w = waiters_.front().id;
    waiters_.pop_front();
    Pending p;
    p.command.kind = CommandKind::resolve;
    p.command.id = w;
    std::size_t k = keys_.size() - 1;  // reuse: the current key
    if (options_.mode == KeyMode::per_session) {
      // The soonest-expiring key goes first: fresher ones keep for later starts.
      k = 0;
      for (std::size_t j = 1; j < keys_.size(); ++j)
        if (keys_[j].usableUntil < keys_[k].usableUntil) k = j;
    }
    Key& key = keys_[k];
    p.key = Secret(key.value.view());
    p.command.model = key.model;
    p.command.expiresAtMs = key.expiresAt;
    queue_.push_back(std::move(p));
    ++keysHandedOut_;
    pushEvent(EventKind::handed_out, &key, now);
    queue_.back().command.id = w;
    if (options_.mode == KeyMode::per_session) keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(k));
  }
}

}  // namespace rc::keys
