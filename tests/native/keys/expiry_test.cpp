// Expiry on the server's clock: skew, lifetimes, the minValidity edge.
#include <catch2/catch.hpp>

#include "driver.hpp"

using namespace rc::keys;
using namespace rc::keys::test;

TEST_CASE("expiry: a client clock +-10 minutes off changes nothing", "[keys]") {
  for (double skew : {-600000.0, -420000.0, -61000.0, 0.0, 59000.0, 420000.0, 600000.0}) {
    INFO("skew " << skew);
    MintingBackend backend;
    Driver d(KeyOptions{}, kT0 + 300, skew, [&](std::uint32_t, double at) { return backend(at); });
    d.runUntil(kT0 + 1000);
    const auto s = d.m.status(d.local());
    REQUIRE(s.state == KeyState::ready);
    // Sent at kT0+300 (true), stamped in second kT0, expires_at kT0/1000 + 60:
    // counted from the send, 60 s minus the Date header's 1 s resolution.
    CHECK(s.expiresAtMs == Approx(kT0 + 300 + skew + 59000).margin(1));
    CHECK(s.ttlMs == Approx(58300).margin(1));
    CHECK(s.clockSkewMs == Approx(-skew).margin(1000));
    // The key is still handed out just before its usable end and never after.
    const double usableEnd = kT0 + 300 + 59000 - 5000;
    d.runUntil(usableEnd - 1);
    // (Pre-fetching replaced it ahead of time: whichever key comes is valid.)
    const auto w = d.request();
    REQUIRE(d.resolved.count(w));
    const auto& got = d.resolved[w];
    CHECK(backend.expiryMs[got.key] - got.atTrueMs >= 5000);
  }
}

TEST_CASE("expiry: without a Date header the client clock is trusted", "[keys]") {
  MintingBackend backend;
  Driver d(KeyOptions{}, kT0, 0, [&](std::uint32_t, double at) {
    Answer a = backend(at);
    a.withDate = false;
    return a;
  });
  d.runUntil(kT0 + 1000);
  CHECK(d.m.status(d.local()).expiresAtMs == Approx(kT0 + 60000));
  // A client clock 7 minutes fast, no Date: every key looks dead on arrival and is refused, never handed out.
  MintingBackend backend2;
  Driver skewed(KeyOptions{}, kT0, 420000, [&](std::uint32_t, double at) {
    Answer a = backend2(at);
    a.withDate = false;
    return a;
  });
  const auto w = skewed.request();
  skewed.runUntil(kT0 + 1000);
  REQUIRE(skewed.rejected.count(w));
  CHECK(skewed.rejected[w].error == KeyError::key_expired_on_arrival);
}

TEST_CASE("expiry: no expires_at means the documented one-minute lifetime from the send", "[keys]") {
  Driver d(KeyOptions{}, kT0, 420000, [](std::uint32_t id, double) {
    Answer a;
    a.body = "ek_plain_" + std::to_string(id);
    a.contentType = "text/plain";
    a.upMs = 400;
    a.downMs = 400;
    return a;
  });
  d.runUntil(kT0 + 1000);
  const auto s = d.m.status(d.local());
  REQUIRE(s.state == KeyState::ready);
  CHECK(s.expiresAtMs == Approx(kT0 + 420000 + 60000));
}

TEST_CASE("expiry: with pre-fetching off, each start fetches its own key", "[keys]") {
  KeyOptions o;
  o.prefetch = false;
  Driver d(o, kT0, 0, [](std::uint32_t id, double at) {
    Answer a;
    a.body = value_body("ek_edge" + std::to_string(id), std::floor(at / 1000) + 60);
    a.upMs = a.downMs = 0;
    return a;
  });
  const auto w1 = d.request();
  d.runUntil(d.trueNow);  // the zero-latency answer
  REQUIRE(d.resolved.count(w1));
  const auto w2 = d.request();
  d.runUntil(d.trueNow);
  REQUIRE(d.resolved.count(w2));
  CHECK(d.resolved[w1].key != d.resolved[w2].key);  // per-session: a key per start
}

TEST_CASE("expiry: a key is handed out at usableUntil - 1 ms and not at usableUntil (reuse mode)", "[keys]") {
  KeyOptions o;
  o.mode = KeyMode::reuse;
  o.prefetch = false;
  int minted = 0;
  Driver d(o, kT0, 0, [&](std::uint32_t, double at) {
    Answer a;
    a.body = value_body("ek_r" + std::to_string(++minted), std::floor(at / 1000) + 60);
    a.upMs = a.downMs = 0;
    return a;
  });
  const auto w1 = d.request();
  d.runUntil(d.trueNow);
  REQUIRE(d.resolved.count(w1));
  const double usableUntil = kT0 + 59000 - 5000;
  d.runUntil(usableUntil - 1);
  const auto w2 = d.request();
  REQUIRE(d.resolved.count(w2));
  CHECK(d.resolved[w2].key == d.resolved[w1].key);
  d.runUntil(usableUntil);
  CHECK(d.count(EventKind::expired) == 1);
  const auto w3 = d.request();
  CHECK_FALSE(d.resolved.count(w3));  // no valid key: this one waits for a fetch
  d.runUntil(d.trueNow);
  REQUIRE(d.resolved.count(w3));
  CHECK(d.resolved[w3].key != d.resolved[w1].key);
  CHECK(minted == 2);
}

TEST_CASE("expiry: a key expiring within minValidity on arrival is refused", "[keys]") {
  KeyOptions o;
  o.minValidityMs = 5000;
  Driver d(o, kT0, 0, [](std::uint32_t, double at) {
    Answer a;
    a.body = value_body("ek_short", std::floor(at / 1000) + 6);  // 6 s - 1 s resolution = 5 s: not more than 5 s
    a.upMs = a.downMs = 0;
    return a;
  });
  const auto w = d.request();
  d.runUntil(d.trueNow);
  REQUIRE(d.rejected.count(w));
  CHECK(d.rejected[w].error == KeyError::key_expired_on_arrival);
  CHECK(d.resolved.empty());
}

TEST_CASE("lifetimes from 10 s to 2 h: always a valid key ready, replaced ahead of time", "[keys]") {
  for (double lifetime : {10.0, 30.0, 60.0, 300.0, 1800.0, 3600.0, 7200.0}) {
    INFO("lifetime " << lifetime << " s");
    KeyOptions o;
    o.idleTimeoutMs = 24 * 3600000.0;  // keep pre-fetching for the whole test
    MintingBackend backend;
    backend.lifetimeSec = lifetime;
    Driver d(o, kT0, 120000, [&](std::uint32_t, double at) {
      Answer a = backend(at);
      a.upMs = 150;
      a.downMs = 150;
      return a;
    });
    d.runUntil(kT0 + 1000);
    const double step = lifetime * 1000 / 37;
    int checks = 0;
    for (double t = kT0 + 1000; t < kT0 + 3 * lifetime * 1000; t += step) {
      d.runUntil(t);
      const auto s = d.m.status(d.local());
      CHECK(s.state == KeyState::ready);
      CHECK(s.ttlMs > o.minValidityMs);
      ++checks;
    }
    CHECK(checks >= 100);
    // The documented bound: a replacement at most once per half the usable
    // life (lifetime - 1 s Date resolution - round trip - minValidity).
    const double usable = lifetime * 1000 - 1000 - 300 - o.minValidityMs;
    const double bound = 1 + std::ceil(3 * lifetime * 1000 / (usable / 2));
    CHECK(backend.minted >= 3);
    CHECK(static_cast<double>(backend.minted) <= bound);
    // And it scales: long keys are replaced about once per lifetime, not more.
    if (lifetime >= 300) CHECK(backend.minted <= 5);
    CHECK(d.count(EventKind::refreshed) >= 2);
    CHECK(d.count(EventKind::expired) == 0);
  }
}

TEST_CASE("expiry: a client clock set back drops kept keys (they would look younger than they are)", "[keys]") {
  MintingBackend backend;
  Driver d(KeyOptions{}, kT0, 0, [&](std::uint32_t, double at) { return backend(at); });
  d.runUntil(kT0 + 1000);
  REQUIRE(d.m.status(d.local()).state == KeyState::ready);
  d.skew -= 30 * 60000;  // the local clock jumps back 30 minutes
  d.m.onTimer(d.local());
  d.process();
  CHECK(d.count(EventKind::expired) == 1);
  d.runUntil(kT0 + 2000);  // a replacement is fetched at once (still pre-fetching)
  CHECK(d.m.status(d.local()).state == KeyState::ready);
  CHECK(backend.minted == 2);
  const auto w = d.request();
  REQUIRE(d.resolved.count(w));
  CHECK(backend.expiryMs[d.resolved[w].key] - d.resolved[w].atTrueMs > 50000);
  // Small backwards steps (under a second) are tolerated.
  d.skew -= 500;
  d.m.onTimer(d.local());
  d.process();
  CHECK(d.count(EventKind::expired) == 1);
}
