// Retries with full jitter, bounded in attempts and time; 401/403 at once; a
// failure never sticks.
#include <catch2/catch.hpp>

#include <algorithm>

#include "driver.hpp"

using namespace rc::keys;
using namespace rc::keys::test;

TEST_CASE("failures: 500s are retried with full-jitter backoff, then rejected with the status", "[keys]") {
  std::vector<double> sentAt;
  bool healthy = false;
  MintingBackend good;
  Driver d(no_warmup(), kT0, 0, [&](std::uint32_t, double at) {
    sentAt.push_back(at);
    if (healthy) return good(at);
    Answer a;
    a.status = 500;
    a.body = "Internal Server Error";
    return a;
  });
  const auto w = d.request();
  d.runUntil(kT0 + 60000);
  REQUIRE(d.rejected.count(w));
  CHECK(d.rejected[w].error == KeyError::key_fetch_failed);
  CHECK(d.rejected[w].httpStatus == 500);
  REQUIRE(sentAt.size() == 4);  // maxAttempts
  const KeyOptions o;
  for (std::size_t n = 1; n < sentAt.size(); ++n) {
    const double gap = sentAt[n] - sentAt[n - 1] - 100;  // minus the answer's round trip
    const double cap = std::min(o.backoffMaxMs, o.backoffBaseMs * (1 << (n - 1)));
    INFO("retry " << n);
    CHECK(gap >= 0);
    CHECK(gap < cap);
  }
  CHECK(sentAt.back() - sentAt.front() <= o.retryBudgetMs);
  CHECK(d.count(EventKind::failed) == 1);
  CHECK(d.m.status(d.local()).state == KeyState::failed);
  // The failure pauses background fetching: nothing more is sent while nobody asks.
  d.runUntil(kT0 + 3600000);
  CHECK(sentAt.size() == 4);
  // ... and never sticks: the next call starts afresh.
  healthy = true;
  const auto w2 = d.request();
  d.runUntil(d.trueNow + 1000);
  REQUIRE(d.resolved.count(w2));
  CHECK(d.m.status(d.local()).state == KeyState::ready);
}

TEST_CASE("failures: 401 and 403 are not retried", "[keys]") {
  for (int status : {401, 403}) {
    int sent = 0;
    Driver d(no_warmup(), kT0, 0, [&](std::uint32_t, double) {
      ++sent;
      Answer a;
      a.status = status;
      a.body = "{\"detail\":\"Not authenticated\"}";
      return a;
    });
    const auto w = d.request();
    d.runUntil(kT0 + 60000);
    CHECK(sent == 1);
    REQUIRE(d.rejected.count(w));
    CHECK(d.rejected[w].error == KeyError::key_fetch_failed);
    CHECK(d.rejected[w].httpStatus == status);
    CHECK(d.rejectedAt[w] == Approx(kT0 + 100));  // at once, no backoff
  }
}

TEST_CASE("failures: an endpoint that never answers times out, is aborted, retried, then rejected", "[keys]") {
  int sent = 0;
  Driver d(no_warmup(), kT0, 0, [&](std::uint32_t, double) {
    ++sent;
    Answer a;
    a.kind = Answer::never;
    return a;
  });
  const KeyOptions o;
  const auto w = d.request();
  d.runUntil(kT0 + 120000);
  REQUIRE(d.rejected.count(w));
  CHECK(d.rejected[w].error == KeyError::key_endpoint_timeout);
  CHECK(d.aborts == static_cast<std::uint64_t>(sent));  // every try aborted
  CHECK(sent >= 2);
  CHECK(sent <= o.maxAttempts);
  // The caller waited at most the retry budget plus one attempt's timeout.
  CHECK(d.rejectedAt[w] - kT0 <= o.retryBudgetMs + o.fetchTimeoutMs);
  CHECK(d.rejectedAt[w] - kT0 >= o.fetchTimeoutMs * sent);
}

TEST_CASE("failures: network errors are key_fetch_failed with status 0; flapping recovers within the job", "[keys]") {
  int sent = 0;
  MintingBackend good;
  Driver d(no_warmup(), kT0, 0, [&](std::uint32_t, double at) {
    ++sent;
    if (sent % 2 == 1) {
      Answer a;
      a.kind = Answer::network_error;
      return a;
    }
    return good(at);
  });
  const auto w = d.request();
  d.runUntil(kT0 + 20000);
  REQUIRE(d.resolved.count(w));  // the retry succeeded
  CHECK(d.count(EventKind::failed) == 0);

  Driver down(no_warmup(), kT0, 0, [&](std::uint32_t, double) {
    Answer a;
    a.kind = Answer::network_error;
    return a;
  });
  const auto w2 = down.request();
  down.runUntil(kT0 + 60000);
  REQUIRE(down.rejected.count(w2));
  CHECK(down.rejected[w2].error == KeyError::key_fetch_failed);
  CHECK(down.rejected[w2].httpStatus == 0);
}

TEST_CASE("failures: the retry budget bounds the time as well as the attempts", "[keys]") {
  KeyOptions o = no_warmup();
  o.maxAttempts = 10;
  o.backoffBaseMs = 2000;
  o.backoffMaxMs = 30000;
  o.retryBudgetMs = 5000;
  std::vector<double> sentAt;
  Driver d(o, kT0, 0, [&](std::uint32_t, double at) {
    sentAt.push_back(at);
    Answer a;
    a.status = 503;
    return a;
  });
  const auto w = d.request();
  d.runUntil(kT0 + 600000);
  REQUIRE(d.rejected.count(w));
  CHECK(sentAt.size() < 10);
  CHECK(sentAt.back() - sentAt.front() <= 5000);
}

TEST_CASE("failures: full jitter is seeded, reproducible and within its caps", "[keys]") {
  auto schedule = [](std::uint64_t seed) {
    std::vector<double> sentAt;
    KeyOptions o = no_warmup();
    o.maxAttempts = 6;
    o.retryBudgetMs = 600000;
    Driver d(o, kT0, 0, [&](std::uint32_t, double at) {
      sentAt.push_back(at);
      Answer a;
      a.status = 502;
      a.upMs = a.downMs = 0;
      return a;
    }, seed);
    d.request();
    d.runUntil(kT0 + 600000);
    return sentAt;
  };
  CHECK(schedule(1) == schedule(1));
  CHECK(schedule(1) != schedule(2));
  double sum[6] = {};
  const int seeds = 300;
  for (int s = 1; s <= seeds; ++s) {
    auto at = schedule(static_cast<std::uint64_t>(s));
    REQUIRE(at.size() == 6);
    for (std::size_t n = 1; n < at.size(); ++n) {
      const double cap = std::min(4000.0, 250.0 * (1 << (n - 1)));
      CHECK(at[n] - at[n - 1] >= 0);
      CHECK(at[n] - at[n - 1] < cap);
      sum[n] += (at[n] - at[n - 1]) / cap;
    }
  }
  for (int n = 1; n < 6; ++n) CHECK(sum[n] / seeds == Approx(0.5).margin(0.1));  // uniform in [0, cap)
}

TEST_CASE("failures: invalid bodies and master keys are not retried; refused carries no key id", "[keys]") {
  const std::string master = "sk-proj-SECRETSECRETSECRET0123456789";
  int sent = 0;
  Driver d(no_warmup(), kT0, 0, [&](std::uint32_t, double at) {
    ++sent;
    Answer a;
    a.body = "{\"value\":\"" + master + "\",\"expires_at\":" + std::to_string(static_cast<long long>(at / 1000 + 60)) + "}";
    return a;
  });
  const auto w = d.request();
  d.runUntil(kT0 + 60000);
  CHECK(sent == 1);
  REQUIRE(d.rejected.count(w));
  CHECK(d.rejected[w].error == KeyError::master_key_refused);
  CHECK(d.count(EventKind::refused) == 1);
  for (const auto& r : d.log) {
    CHECK(r.key.find("SECRET") == std::string::npos);
    CHECK(r.detail.find("SECRET") == std::string::npos);
    CHECK(r.detail.find("sk-") == std::string::npos);
    if (r.kind == CommandKind::event && r.event == EventKind::refused) CHECK(r.keyId.empty());
  }
  CHECK(d.m.status(d.local()).keyId.empty());

  int sent2 = 0;
  Driver html(no_warmup(), kT0, 0, [&](std::uint32_t, double) {
    ++sent2;
    Answer a;
    a.contentType = "text/html";
    a.body = "<!doctype html><title>Sign in</title>";
    return a;
  });
  const auto w2 = html.request();
  html.runUntil(kT0 + 60000);
  CHECK(sent2 == 1);
  REQUIRE(html.rejected.count(w2));
  CHECK(html.rejected[w2].error == KeyError::invalid_key_response);
}

TEST_CASE("failures: the response body is wiped once read, late and unknown answers too", "[keys]") {
  KeyManager m(KeyOptions{}, kT0, 1);
  auto c = drain(m);
  const auto id = only(c, CommandKind::start_fetch).at(0).id;
  std::string body = "{\"value\":\"ek_wipe_me_0123456789\",\"expires_at\":1764000060}";
  m.onFetchResponse(id, 200, "", "application/json", body, kT0 + 100);
  CHECK(body.empty());
  std::string late = "ek_late_0123456789";
  m.onFetchResponse(9999, 200, "", "text/plain", late, kT0 + 200);
  CHECK(late.empty());
  std::string refused = "sk-proj-abcdefabcdef";
  drain(m);
  m.dispose();
  m.onFetchResponse(id + 1, 200, "", "text/plain", refused, kT0 + 300);
  CHECK(refused.empty());
}
