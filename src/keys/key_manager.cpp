#include "keys/key_manager.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "keys/http_date.hpp"
#include "keys/key_response.hpp"
#include "keys/openai_limits.hpp"
#include "keys/retry_after.hpp"

namespace rc::keys {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

}  // namespace

KeyManager::KeyManager(const KeyOptions& options, double nowMs, std::uint64_t seed)
    : options_(options), rng_(seed), lastActivity_(options.prefetchOnCreate ? nowMs : -kNever), lastNow_(nowMs) {
  pump(nowMs);
}

KeyManager::~KeyManager() = default;  // Secrets wipe themselves

// --- reports -------------------------------------------------------------

std::uint32_t KeyManager::requestKey(double now) {
  handover_.clear();
  const std::uint32_t id = nextWaiterId_++;
  if (disposed_) {
    Command c;
    c.kind = CommandKind::reject;
    c.id = id;
    c.error = KeyError::disposed;
    push(std::move(c));
    return id;
  }
  lastActivity_ = now;
  failurePause_ = false;  // a failure never sticks
  waiters_.push_back(Waiter{id, now + options_.queueTimeoutMs});
  pump(now);
  return id;
}

void KeyManager::cancelRequest(std::uint32_t waiterId, double now) {
  handover_.clear();
  auto it = std::find_if(waiters_.begin(), waiters_.end(), [&](const Waiter& w) { return w.id == waiterId; });
  if (it != waiters_.end()) waiters_.erase(it);
  pump(now);
}

void KeyManager::onFetchResponse(std::uint32_t fetchId, const FetchAnswer& answer, std::string& body, double now) {
  handover_.clear();
  const std::size_t i = findJob(fetchId);
  if (disposed_ || i == jobs_.size()) {  // aborted, unknown or late: nothing to learn
    wipe(body);
    return;
  }
  const int status = answer.httpStatus;
  if (status >= 200 && status <= 299 && answer.bodyTooLarge) {
    wipe(body);
    failTry(i, KeyError::invalid_key_response, status,
            "the body is larger than " + std::to_string(kMaxBodyBytes) + " bytes", now);
  } else if (status >= 200 && status <= 299) {
    KeyResponse response = parse_key_response(answer.contentType, body);
    wipe(body);
    if (response.error != KeyError::none) {
      failTry(i, response.error, status, std::move(response.detail), now);
    } else {
      acceptKey(i, response, answer.dateHeader, now);
    }
  } else {
    wipe(body);
    // A Retry-After date is read on the server's clock when there is one.
    const auto date = parse_http_date(answer.dateHeader);
    const double serverNow = date && std::abs(static_cast<double>(*date) - now) <= kMaxClockSkewMs
                                 ? static_cast<double>(*date) : now;
    failTry(i, KeyError::key_fetch_failed, status, "HTTP " + std::to_string(status), now,
            parse_retry_after(answer.retryAfter, serverNow));
  }
  pump(now);
}

void KeyManager::onFetchFailed(std::uint32_t fetchId, double now) {
  handover_.clear();
  const std::size_t i = findJob(fetchId);
  if (disposed_ || i == jobs_.size()) return;
  failTry(i, KeyError::key_fetch_failed, 0, "network error", now);
  pump(now);
}

void KeyManager::onTimer(double now) {
  handover_.clear();
  // The shell's one timer has fired, so none is armed now: re-arm whatever is
  // due next, even at the same time (a timer that fires early, as Node's and
  // browsers' may by a fraction of a millisecond, must not leave it unarmed).
  timerAt_ = -2;
  pump(now);
}

void KeyManager::setVisible(bool visible, double now) {
  handover_.clear();
  visible_ = visible;
  if (visible) lastActivity_ = std::max(lastActivity_, now);
  pump(now);
}

void KeyManager::setSessionActive(bool active, double now) {
  handover_.clear();
  inSession_ = active;
  if (!active) lastActivity_ = std::max(lastActivity_, now);
  pump(now);
}

void KeyManager::dispose() {
  handover_.clear();
  if (disposed_) return;
  disposed_ = true;
  for (auto& p : queue_) {  // keys not yet taken by the shell are not handed out
    if (p.command.kind == CommandKind::resolve) {
      p.key.clear();
      p.command.kind = CommandKind::reject;
      p.command.error = KeyError::disposed;
    }
  }
  for (const Job& job : jobs_) {
    if (job.fetchId == 0) continue;
    Command c;
    c.kind = CommandKind::abort_fetch;
    c.id = job.fetchId;
    push(std::move(c));
  }
  jobs_.clear();
  for (const Waiter& w : waiters_) {
    Command c;
    c.kind = CommandKind::reject;
    c.id = w.id;
    c.error = KeyError::disposed;
    push(std::move(c));
  }
  waiters_.clear();
  keys_.clear();
  if (timerAt_ != -1) {
    Command c;
    c.kind = CommandKind::clear_timer;
    push(std::move(c));
    timerAt_ = -1;
  }
}

Command KeyManager::nextCommand() {
  handover_.clear();
  if (queue_.empty()) return Command{};
  Pending p = std::move(queue_.front());
  queue_.pop_front();
  Command c = std::move(p.command);
  if (c.kind == CommandKind::resolve) {
    handover_ = std::move(p.key);
    c.key = std::string_view(handover_.c_str(), handover_.view().size());
  }
  return c;
}

// After every report: the decisions, in this order, each in its own file
// (key_schedule.cpp, key_fetch_jobs.cpp, key_waiters.cpp).
void KeyManager::pump(double now) {
  if (disposed_) return;
  handleClockJump(now);
  checkJobs(now);
  expireKeys(now);
  serveWaiters(now);
  expireWaiters(now);
  ensureSupply(now);
  updateTimer(now);
}

void KeyManager::push(Command c) {
  Pending p;
  p.command = std::move(c);
  queue_.push_back(std::move(p));
}

void KeyManager::pushEvent(EventKind kind, const Key* key, double now) {
  Command c;
  c.kind = CommandKind::event;
  c.event = kind;
  if (key) {
    c.keyId = key->id;
    c.expiresAtMs = key->expiresAt;
    c.ttlMs = key->expiresAt - now;
    c.model = key->model;
  }
  push(std::move(c));
}

KeyStatus KeyManager::status(double now) const {
  KeyStatus s;
  s.mode = options_.mode;
  s.waiters = static_cast<int>(waiters_.size());
  s.prefetching = prefetchActive(now);
  s.clockSkewMs = clockSkewMs_;
  s.lastError = lastError_;
  s.lastHttpStatus = lastHttpStatus_;
  s.keysFetched = keysFetched_;
  s.keysHandedOut = keysHandedOut_;
  s.fetchesStarted = fetchesStarted_;
  const Key* next = nullptr;
  for (const Key& k : keys_) {
    if (now >= k.usableUntil) continue;
    ++s.readyKeys;
    if (!next || (options_.mode == KeyMode::per_session ? k.usableUntil < next->usableUntil : true)) next = &k;
  }
  bool retrying = false;
  for (const Job& j : jobs_) {
    if (j.fetchId != 0) ++s.fetchesInFlight;
    else retrying = true;
  }
  if (next) {
    s.expiresAtMs = next->expiresAt;
    s.ttlMs = next->expiresAt - now;
    s.keyId = next->id;
  }
  if (disposed_) s.state = KeyState::disposed;
  else if (next) s.state = KeyState::ready;
  else if (s.fetchesInFlight > 0) s.state = KeyState::fetching;
  else if (retrying) s.state = KeyState::retrying;
  else if (failurePause_ && lastError_ != KeyError::none) s.state = KeyState::failed;
  else s.state = KeyState::empty;
  return s;
}

}  // namespace rc::keys
