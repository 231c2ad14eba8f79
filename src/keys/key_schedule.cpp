// What is due when: keys that stop being usable, the supply of keys (pool or
// current key) kept ahead of demand, the one timer that wakes the manager for
// the next of these, and a local clock that runs backwards.
#include <algorithm>
#include <limits>

#include "keys/key_manager.hpp"

namespace rc::keys {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

}  // namespace

bool KeyManager::prefetchActive(double now) const {
  return !disposed_ && options_.prefetch && visible_ && !inSession_ && !failurePause_ &&
         now < lastActivity_ + options_.idleTimeoutMs;
}

// Expiries are kept on the local clock. If it runs backwards (the user or NTP
// set it back; the shell should pass a monotonic time where it can), a kept
// key would look younger than it is, so every key is dropped; pending
// deadlines shift with the clock, as if no time had passed.
void KeyManager::handleClockJump(double now) {
  constexpr double kToleranceMs = 1000;
  if (now + kToleranceMs >= lastNow_) {
    lastNow_ = std::max(lastNow_, now);
    return;
  }
  const double back = lastNow_ - now;
  for (Key& k : keys_) pushEvent(EventKind::expired, &k, now);
  keys_.clear();
  for (Job& j : jobs_) {
    j.startedAt -= back;
    j.sentAt -= back;
    j.deadline -= back;
    j.retryAt -= back;
  }
  for (Waiter& w : waiters_) w.deadline -= back;
  holdUntil_ -= back;
  lastActivity_ -= back;
  timerAt_ = -2;  // whatever was set is stale: the next updateTimer sends a fresh set_timer
  lastNow_ = now;
}

void KeyManager::expireKeys(double now) {
  for (std::size_t i = 0; i < keys_.size();) {
    if (now >= keys_[i].usableUntil) {
      pushEvent(EventKind::expired, &keys_[i], now);
      keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
}

void KeyManager::ensureSupply(double now) {
  const bool active = prefetchActive(now);
  std::size_t need = 0;
  if (options_.mode == KeyMode::per_session) {
    std::size_t fresh = 0;
    for (const Key& k : keys_) fresh += isFresh(k, now) ? 1 : 0;
    // Waiters imply no key is left: each needs its own fetch, and the pool is
    // refilled only once they are served, so a caller never costs two
    // requests at once (nor doubles the load on a failing backend).
    const std::size_t target = active && waiters_.empty() ? static_cast<std::size_t>(options_.poolSize) : 0;
    need = waiters_.size() + target > fresh ? waiters_.size() + target - fresh : 0;
  } else if (keys_.empty()) {
    need = !waiters_.empty() || active ? 1 : 0;  // all waiters share one fetch
  } else {
    need = active && !isFresh(keys_.back(), now) ? 1 : 0;
  }
  need = std::min(need, static_cast<std::size_t>(options_.maxConcurrentFetches));
  while (jobs_.size() < need) startJob(now);
}

void KeyManager::updateTimer(double now) {
  double at = kNever;
  for (const Job& job : jobs_) at = std::min(at, job.fetchId != 0 ? job.deadline : std::max(job.retryAt, holdUntil_));
  if (!waiters_.empty()) at = std::min(at, waiters_.front().deadline);
  const bool active = prefetchActive(now);
  for (const Key& k : keys_) {
    at = std::min(at, k.usableUntil);
    if (active && isFresh(k, now)) at = std::min(at, k.refreshAt);
  }
  if (at == kNever) {
    if (timerAt_ != -1) {
      Command c;
      c.kind = CommandKind::clear_timer;
      push(std::move(c));
      timerAt_ = -1;
    }
  } else if (at != timerAt_) {
    Command c;
    c.kind = CommandKind::set_timer;
    c.atMs = at;
    push(std::move(c));
    timerAt_ = at;
  }
}

}  // namespace rc::keys
