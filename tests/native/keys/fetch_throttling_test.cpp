// Regression: 1,000 concurrent per-session calls made 3,991
// key requests: each caller had its own fetch, a 429 was retried 4 times, and
// Retry-After was ignored. The class: any burst of callers against an endpoint
// that is slow or rate-limiting. Now at most maxConcurrentFetches requests are
// under way, a 429 or a Retry-After holds every request, and callers wait in a
// queue for at most queueTimeoutMs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "driver.hpp"
#include "keys/openai_limits.hpp"
#include "keys/retry_after.hpp"

using namespace rc::keys;
using namespace rc::keys::test;

TEST_CASE("key fetch herd: 1,000 concurrent per-session calls against a 429 endpoint make at most 16 requests", "[keys][regression]") {
  KeyManager m(no_warmup(), kT0, 3);
  std::vector<std::uint32_t> waiters;
  for (int i = 0; i < 1000; ++i) waiters.push_back(m.requestKey(kT0));
  // A tiny shell: every fetch is answered 429 "Retry-After: 1" after 50 ms.
  std::vector<std::pair<double, std::uint32_t>> inFlight;  // answer time, fetch id
  double timerAt = -1, now = kT0, holdEnd = 0;
  int requests = 0, maxInFlight = 0, sentDuringHold = 0;
  std::set<std::uint32_t> settled;
  std::map<KeyError, int> outcomes;
  auto process = [&] {
    for (Command c = m.nextCommand(); c.kind != CommandKind::none; c = m.nextCommand()) {
      if (c.kind == CommandKind::start_fetch) {
        ++requests;
        if (now < holdEnd) ++sentDuringHold;
        inFlight.push_back({now + 50, c.id});
      }
      if (c.kind == CommandKind::set_timer) timerAt = c.atMs;
      if (c.kind == CommandKind::clear_timer) timerAt = -1;
      if (c.kind == CommandKind::resolve || c.kind == CommandKind::reject) {
        CHECK(settled.insert(c.id).second);
        ++outcomes[c.kind == CommandKind::resolve ? KeyError::none : c.error];
      }
    }
    maxInFlight = std::max(maxInFlight, static_cast<int>(inFlight.size()));
  };
  process();
  while (settled.size() < waiters.size() && now < kT0 + 120000) {
    std::sort(inFlight.begin(), inFlight.end());
    const double nextAnswer = inFlight.empty() ? 1e300 : inFlight.front().first;
    const double next = std::min(nextAnswer, timerAt < 0 ? 1e300 : timerAt);
    REQUIRE(next < 1e300);
    now = std::max(now, next);
    if (nextAnswer <= next) {
      const auto id = inFlight.front().second;
      inFlight.erase(inFlight.begin());
      std::string body = "{\"error\":\"rate limited\"}";
      holdEnd = std::max(holdEnd, now + 1000);
      m.onFetchResponse(id, FetchAnswer{429, date_header(now), "application/json", "1", false}, body, now);
    } else {
      timerAt = -1;
      m.onTimer(now);
    }
    process();
  }
  WARN("1,000 callers vs 429 Retry-After 1: requests " << requests << ", most in flight " << maxInFlight << ", resolved " << outcomes[KeyError::none] << ", key_fetch_failed " << outcomes[KeyError::key_fetch_failed] << ", key_queue_timeout " << outcomes[KeyError::key_queue_timeout] << ", all settled after " << (now - kT0) << " ms");
  CHECK(settled.size() == 1000);       // every caller is told, none waits for ever
  CHECK(requests <= 4 * 4);            // maxConcurrentFetches x maxAttempts (was 3,991)
  CHECK(maxInFlight <= 4);
  CHECK(sentDuringHold == 0);          // Retry-After honoured by every request, not only its own retry
  CHECK(outcomes[KeyError::none] == 0);
  CHECK(outcomes[KeyError::key_fetch_failed] + outcomes[KeyError::key_queue_timeout] == 1000);
  CHECK(now - kT0 < 30000);            // within queueTimeoutMs
}

TEST_CASE("key fetch herd: 1,000 concurrent callers on a healthy endpoint: 4 requests at a time, 1,000 distinct keys", "[keys][regression]") {
  MintingBackend backend;
  Driver d(no_warmup(), kT0, 0, [&](std::uint32_t, double at) {
    Answer a = backend(at);
    a.upMs = a.downMs = 25;
    return a;
  });
  for (int i = 0; i < 1000; ++i) d.request();
  int maxInFlight = 0;
  for (double t = kT0; t < kT0 + 20000 && d.resolved.size() < 1000; t += 10) {
    d.runUntil(t);
    maxInFlight = std::max(maxInFlight, d.m.status(d.local()).fetchesInFlight);
  }
  CHECK(maxInFlight == 4);
  CHECK(d.rejected.empty());
  std::set<std::string> keys;
  for (const auto& [id, r] : d.resolved) keys.insert(r.key);
  CHECK(keys.size() == 1000);
  CHECK(d.fetchesStarted <= 1000 + 4);  // one per caller, plus at most a pool refill in flight
}

TEST_CASE("key fetch herd: callers wait in a queue and get key_queue_timeout at queueTimeoutMs", "[keys][regression]") {
  KeyOptions o = no_warmup();
  o.maxConcurrentFetches = 1;
  o.queueTimeoutMs = 7000;
  o.prefetch = false;
  MintingBackend backend;
  Driver d(o, kT0, 0, [&](std::uint32_t, double at) {
    Answer a = backend(at);
    a.upMs = a.downMs = 1000;  // two seconds a key
    return a;
  });
  std::vector<std::uint32_t> w;
  for (int i = 0; i < 5; ++i) w.push_back(d.request());
  d.runUntil(kT0 + 20000);
  for (int i = 0; i < 3; ++i) CHECK(d.resolved.count(w[i]));  // at 2, 4 and 6 s
  for (int i = 3; i < 5; ++i) {
    REQUIRE(d.rejected.count(w[i]));
    CHECK(d.rejected[w[i]].error == KeyError::key_queue_timeout);
    CHECK(d.rejectedAt[w[i]] == Approx(kT0 + 7000));
  }
  CHECK(d.m.status(d.local()).waiters == 0);
}

TEST_CASE("key fetch herd: Retry-After is honoured, bounded, in both forms", "[keys][regression]") {
  const double now = kT0;
  CHECK(*parse_retry_after("3", now) == 3000);
  CHECK(*parse_retry_after(" 0 ", now) == 0);
  CHECK(*parse_retry_after("3600", now) == kMaxRetryAfterMs);
  CHECK(*parse_retry_after("99999999999999999999999999", now) == kMaxRetryAfterMs);
  CHECK(*parse_retry_after(date_header(now + 5000), now) == 5000);
  CHECK(*parse_retry_after(date_header(now - 5000), now) == 0);
  CHECK(*parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now) == kMaxRetryAfterMs);
  for (const char* bad : {"", "-1", "1.5", "soon", "3 s", "Thu, 01 Jan 1970 00:00:00 UTC"}) {
    INFO(bad);
    CHECK_FALSE(parse_retry_after(bad, now).has_value());
  }

  // The retry waits for it: a 429 "Retry-After: 3", then a key.
  {
    KeyManager m(no_warmup(), kT0, 5);
    const auto w = m.requestKey(kT0);
    const auto id = only(drain(m), CommandKind::start_fetch).at(0).id;
    std::string body;
    m.onFetchResponse(id, FetchAnswer{429, date_header(kT0), "", "3", false}, body, kT0 + 100);
    const auto timers = only(drain(m), CommandKind::set_timer);
    REQUIRE(timers.size() == 1);
    CHECK(timers[0].atMs >= kT0 + 3100);
    m.onTimer(kT0 + 3000);  // early: nothing is sent
    CHECK(only(drain(m), CommandKind::start_fetch).empty());
    // A caller arriving during the hold does not send a request either.
    m.requestKey(kT0 + 3050);
    CHECK(only(drain(m), CommandKind::start_fetch).empty());
    m.onTimer(timers[0].atMs);
    CHECK(only(drain(m), CommandKind::start_fetch).size() == 2);
    (void)w;
  }
  // A Retry-After beyond the retry budget gives up at once, and says so.
  {
    KeyManager m(no_warmup(), kT0, 5);
    const auto w = m.requestKey(kT0);
    const auto id = only(drain(m), CommandKind::start_fetch).at(0).id;
    std::string body;
    m.onFetchResponse(id, FetchAnswer{503, "", "", "3600", false}, body, kT0 + 100);
    const auto rejects = only(drain(m), CommandKind::reject);
    REQUIRE(rejects.size() == 1);
    CHECK(rejects[0].id == w);
    CHECK(rejects[0].error == KeyError::key_fetch_failed);
    CHECK(rejects[0].httpStatus == 503);
    CHECK(rejects[0].detail.find("Retry-After") != std::string::npos);
  }
}
