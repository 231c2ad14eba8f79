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
constexpr double kMinRefreshLeadMs = 2000;
// The Date header has one-second resolution: the server's clock read at most
// this much more than it says when it answered.
constexpr double kDateResolutionMs = 1000;

}  // namespace

std::string_view to_string(KeyState s) noexcept {
  switch (s) {
    case KeyState::empty: return "empty";
    case KeyState::fetching: return "fetching";
    case KeyState::ready: return "ready";
    case KeyState::retrying: return "retrying";
    case KeyState::failed: return "failed";
    case KeyState::disposed: return "disposed";
  }
  return "empty";
}

std::string_view to_string(CommandKind k) noexcept {
  switch (k) {
    case CommandKind::none: return "none";
    case CommandKind::start_fetch: return "start_fetch";
    case CommandKind::abort_fetch: return "abort_fetch";
    case CommandKind::set_timer: return "set_timer";
    case CommandKind::clear_timer: return "clear_timer";
    case CommandKind::resolve: return "resolve";
    case CommandKind::reject: return "reject";
    case CommandKind::event: return "event";
  }
  return "none";
}

std::string_view to_string(EventKind k) noexcept {
  switch (k) {
    case EventKind::none: return "none";
    case EventKind::fetched: return "fetched";
    case EventKind::handed_out: return "handed_out";
    case EventKind::refreshed: return "refreshed";
    case EventKind::expired: return "expired";
    case EventKind::refused: return "refused";
    case EventKind::failed: return "failed";
  }
  return "none";
}

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

// --- decisions -----------------------------------------------------------

bool KeyManager::prefetchActive(double now) const {
  return !disposed_ && options_.prefetch && visible_ && !inSession_ && !failurePause_ &&
         now < lastActivity_ + options_.idleTimeoutMs;
}

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

void KeyManager::checkJobs(double now) {
  for (std::size_t i = 0; i < jobs_.size();) {
    Job& job = jobs_[i];
    if (job.fetchId != 0 && now >= job.deadline) {
      Command c;
      c.kind = CommandKind::abort_fetch;
      c.id = job.fetchId;
      push(std::move(c));
      const std::size_t before = jobs_.size();
      failTry(i, KeyError::key_endpoint_timeout, 0, "no answer within fetchTimeoutMs", now);
      if (jobs_.size() < before) continue;  // gave up: job i is gone
      // a retry may be due at once (zero jitter): fall through on the next pass
      if (jobs_[i].retryAt > now) {
        ++i;
      }
      continue;
    }
    if (job.fetchId == 0 && now >= std::max(job.retryAt, holdUntil_)) sendTry(job, now);
    ++i;
  }
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

void KeyManager::startJob(double now) {
  Job job;
  job.startedAt = now;
  jobs_.push_back(job);
  if (now < holdUntil_) {
    jobs_.back().retryAt = holdUntil_;  // sent when the hold ends (checkJobs)
    jobs_.back().startedAt = holdUntil_;  // its retry budget counts from its first try
  } else {
    sendTry(jobs_.back(), now);
  }
}

void KeyManager::sendTry(Job& job, double now) {
  job.fetchId = nextFetchId_++;
  ++job.attempts;
  job.sentAt = now;
  job.deadline = now + options_.fetchTimeoutMs;
  ++fetchesStarted_;
  Command c;
  c.kind = CommandKind::start_fetch;
  c.id = job.fetchId;
  push(std::move(c));
}

bool KeyManager::retryable(KeyError error, int status) noexcept {
  if (error == KeyError::key_endpoint_timeout) return true;
  if (error != KeyError::key_fetch_failed) return false;  // a bad body or a master key will not improve
  // 0: network; 408/425/429: try later; 5xx: server trouble. 401/403 and other 4xx: configuration.
  return status == 0 || status == 408 || status == 425 || status == 429 || status >= 500;
}

void KeyManager::failTry(std::size_t i, KeyError error, int status, std::string detail, double now,
                         std::optional<double> retryAfterMs) {
  Job& job = jobs_[i];
  job.fetchId = 0;
  job.lastError = error;
  job.lastStatus = status;
  lastError_ = error;
  lastHttpStatus_ = status;
  if (retryable(error, status)) {
    const double cap = std::min(options_.backoffMaxMs, options_.backoffBaseMs * std::ldexp(1.0, job.attempts - 1));
    double retryAt = now + nextRandom() * cap;  // full jitter
    // A rate limit holds every request, not only this one's retry: the
    // endpoint said "wait" (Retry-After, at most kMaxRetryAfterMs), or a bare
    // 429 gets this retry's backoff.
    if (retryAfterMs) {
      retryAt = std::max(retryAt, now + *retryAfterMs);
      holdUntil_ = std::max(holdUntil_, now + *retryAfterMs);
    } else if (status == 429) {
      holdUntil_ = std::max(holdUntil_, retryAt);
    }
    retryAt = std::max(retryAt, holdUntil_);
    if (job.attempts < options_.maxAttempts && retryAt <= job.startedAt + options_.retryBudgetMs) {
      job.retryAt = retryAt;
      return;
    }
    if (retryAfterMs && job.attempts < options_.maxAttempts) detail += " (its Retry-After ends after retryBudgetMs)";
  }
  const int attempts = job.attempts;
  jobs_.erase(jobs_.begin() + static_cast<std::ptrdiff_t>(i));
  failurePause_ = true;  // stop background fetching until someone asks again
  if (error == KeyError::master_key_refused) {
    Command c;
    c.kind = CommandKind::event;
    c.event = EventKind::refused;
    c.error = error;
    c.detail = detail;
    push(std::move(c));
  }
  Command failed;
  failed.kind = CommandKind::event;
  failed.event = EventKind::failed;
  failed.error = error;
  failed.httpStatus = status;
  failed.attempts = attempts;
  failed.detail = detail;
  push(std::move(failed));
  // Waiters beyond the fetches still coming are rejected, oldest first: in
  // reuse mode that is every waiter (one shared fetch).
  while (waiters_.size() > (options_.mode == KeyMode::reuse ? 0 : jobs_.size()) &&
         (options_.mode == KeyMode::per_session || jobs_.empty())) {
    Command c;
    c.kind = CommandKind::reject;
    c.id = waiters_.front().id;
    c.error = error;
    c.httpStatus = status;
    c.detail = detail;
    waiters_.pop_front();
    push(std::move(c));
  }
}

void KeyManager::acceptKey(std::size_t i, const KeyResponse& response, std::string_view dateHeader, double now) {
  Job& job = jobs_[i];
  // A key comes once. The endpoint, or a cache in front of it, returning one
  // again must not make the page use it twice (nor, in reuse mode, make an
  // unchanged key look like a refresh and fetch again at once, for ever).
  const std::uint64_t fingerprint = key_fingerprint(response.value.view());
  if (seen_.contains(fingerprint)) {
    Command c;
    c.kind = CommandKind::event;
    c.event = EventKind::refused;
    c.error = KeyError::key_reused;
    c.keyId = key_id(response.value.view());
    c.detail = "the key endpoint returned key " + c.keyId + " again";
    std::string detail = c.detail;
    push(std::move(c));
    failTry(i, KeyError::key_reused, 200, std::move(detail), now);
    return;
  }

  // The server's clock is believed only within kMaxClockSkewMs of ours, and
  // only while the life it gives the key is one OpenAI can issue; otherwise
  // the Date header is ignored (a header of 1970 would make a one-minute key
  // last 56 years) and the client clock is used.
  std::string dateDistrusted;
  std::optional<double> serverDate;
  double skew = 0;
  if (const auto parsed = parse_http_date(dateHeader)) {
    // Date is the server's clock at some point in [sentAt, now], to the second.
    skew = static_cast<double>(*parsed) + kDateResolutionMs / 2 - (job.sentAt + now) / 2;
    if (std::abs(skew) <= kMaxClockSkewMs) serverDate = static_cast<double>(*parsed);
    else dateDistrusted = "the Date header was ignored: it is more than 2 hours from this clock";
  }
  double expiresAt = 0;
  if (response.expiresAtSec) {
    const double e = *response.expiresAtSec * 1000;
    // With a Date header the lifetime is measured on the server's clock and
    // counted from when the request left (the server answered after that), so
    // the client clock's offset cancels out. Without one the client clock is
    // all there is.
    if (serverDate && e - (*serverDate + kDateResolutionMs) > kMaxKeyLifetimeMs) {
      serverDate.reset();
      dateDistrusted = "the Date header was ignored: by it the key would live more than 2 hours";
    }
    expiresAt = serverDate ? job.sentAt + (e - (*serverDate + kDateResolutionMs)) : e;
    if (expiresAt - job.sentAt > kMaxExpiryAheadMs) {
      failTry(i, KeyError::invalid_key_response, 200,
              "expires_at is more than 4 hours away (OpenAI's keys live at most 2 hours)", now);
      return;
    }
    // Within a plausible skew of a two-hour key: it cannot live longer than that.
    expiresAt = std::min(expiresAt, job.sentAt + kMaxKeyLifetimeMs);
  } else {
    expiresAt = job.sentAt + options_.defaultLifetimeMs;
  }
  if (serverDate) clockSkewMs_ = skew;
  if (expiresAt - now <= options_.minValidityMs) {
    failTry(i, KeyError::key_expired_on_arrival, 200, "the key expires within minValidityMs of arriving", now);
    return;
  }
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

  Command fetched;
  fetched.kind = CommandKind::event;
  fetched.event = EventKind::fetched;
  fetched.keyId = key.id;
  fetched.expiresAtMs = key.expiresAt;
  fetched.ttlMs = key.expiresAt - now;
  fetched.clockSkewMs = serverDate ? clockSkewMs_ : 0;
  fetched.attempts = job.attempts;
  fetched.model = key.model;
  fetched.detail = std::move(dateDistrusted);
  push(std::move(fetched));
  seen_.insert(fingerprint);
  ++keysFetched_;
  jobs_.erase(jobs_.begin() + static_cast<std::ptrdiff_t>(i));

  // The new key replaces one that was due for refresh (none is due while
  // waiters are queued: they would have taken it).
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

std::size_t KeyManager::findJob(std::uint32_t fetchId) const {
  if (fetchId == 0) return jobs_.size();
  for (std::size_t i = 0; i < jobs_.size(); ++i)
    if (jobs_[i].fetchId == fetchId) return i;
  return jobs_.size();
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

double KeyManager::nextRandom() {
  // splitmix64: tiny, seeded, good enough for jitter.
  std::uint64_t z = (rng_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
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
