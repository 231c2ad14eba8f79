// Fetch jobs: a job is one key wanted from the endpoint, sent, timed out,
// retried with jittered backoff (all requests held while the endpoint asks to
// wait), and given up on with its waiters told why.
#include <algorithm>
#include <cmath>

#include "keys/key_manager.hpp"

namespace rc::keys {

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

std::size_t KeyManager::findJob(std::uint32_t fetchId) const {
  if (fetchId == 0) return jobs_.size();
  for (std::size_t i = 0; i < jobs_.size(); ++i)
    if (jobs_[i].fetchId == fetchId) return i;
  return jobs_.size();
}

double KeyManager::nextRandom() {
  // splitmix64: tiny, seeded, good enough for jitter.
  std::uint64_t z = (rng_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

}  // namespace rc::keys
