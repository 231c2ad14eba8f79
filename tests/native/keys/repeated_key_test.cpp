// Regression: in per-session mode the companion handed out
// the same key twice when the endpoint, or a cache in front of it, returned
// the same key again (4 of 4 times). The class: any key the core has accepted
// before, whatever happened to the first copy (handed out, still in the pool,
// expired unused, or the current key of reuse mode).
#include <catch2/catch.hpp>

#include <set>

#include "driver.hpp"

using namespace rc::keys;
using namespace rc::keys::test;

namespace {

// An endpoint behind a cache: answers `key` for the first `cachedFor` requests, then fresh keys.
Driver::BackendFn cached(const std::string& key, int cachedFor, int& served) {
  return [key, cachedFor, &served](std::uint32_t, double at) {
    Answer a;
    const int n = ++served;
    a.body = value_body(n <= cachedFor ? key : "ek_fresh_" + std::to_string(n), std::floor(at / 1000) + 60);
    return a;
  };
}
}  // namespace

TEST_CASE("key reuse: an endpoint that returns the same key again is refused with key_reused, 4 of 4 times", "[keys][regression]") {
  KeyOptions o;
  o.prefetchOnCreate = false;
  int served = 0;
  Driver d(o, kT0, 0, cached("ek_cached_0123456789abcdef", 1000, served));
  std::set<std::string> handed;
  int reusedRejections = 0;
  for (int start = 0; start < 4; ++start) {
    const auto w = d.request();
    d.runUntil(d.trueNow + 2000);
    if (d.resolved.count(w)) CHECK(handed.insert(d.resolved[w].key).second);
    if (d.rejected.count(w)) {
      CHECK(d.rejected[w].error == KeyError::key_reused);
      CHECK(d.rejected[w].detail.find("ek_cached") == std::string::npos);
      ++reusedRejections;
    }
  }
  CHECK(handed.size() == 1);      // the first start got the key, once
  CHECK(reusedRejections == 3);   // every later start was told why
  // The event names the key by id (already published by handed_out), never by value.
  const auto refused = events(d.log, EventKind::refused);
  REQUIRE(refused.size() >= 3);
  for (const auto& e : refused) {
    CHECK(e.error == KeyError::key_reused);
    CHECK(e.keyId == key_id("ek_cached_0123456789abcdef"));
  }
  CHECK(d.m.status(d.local()).lastError == KeyError::key_reused);
}

TEST_CASE("key reuse: a repeat is refused whether the first copy was handed out, pooled or expired unused", "[keys][regression]") {
  // Pooled: two keys kept ready, and the endpoint answers both fetches with one key.
  {
    KeyOptions o;
    o.poolSize = 2;
    int served = 0;
    Driver d(o, kT0, 0, cached("ek_twice_in_the_pool", 2, served));
    d.runUntil(kT0 + 1000);
    CHECK(d.m.status(d.local()).readyKeys == 1);
    CHECK(d.count(EventKind::refused) == 1);
    const auto a = d.request(), b = d.request();
    d.runUntil(kT0 + 3000);
    REQUIRE(d.resolved.count(a));
    REQUIRE(d.resolved.count(b));
    CHECK(d.resolved[a].key != d.resolved[b].key);
  }
  // Expired unused, then served again by a stale cache with a fresh expires_at.
  {
    KeyOptions o;
    o.idleTimeoutMs = 1000;  // the warm-up fetch, then no refresh: the key expires unused
    int served = 0;
    Driver d(o, kT0, 0, [&](std::uint32_t, double at) {
      Answer a;
      a.body = value_body(++served <= 2 ? "ek_stale_copy" : "ek_new", std::floor(at / 1000) + 60);
      return a;
    });
    d.runUntil(kT0 + 120000);
    CHECK(d.count(EventKind::expired) == 1);
    const auto w = d.request();
    d.runUntil(d.trueNow + 1000);
    REQUIRE(d.rejected.count(w));
    CHECK(d.rejected[w].error == KeyError::key_reused);
    const auto w2 = d.request();  // a failure never sticks
    d.runUntil(d.trueNow + 1000);
    REQUIRE(d.resolved.count(w2));
    CHECK(d.resolved[w2].key == "ek_new");
  }
}

TEST_CASE("key reuse: in reuse mode a refresh that returns the current key does not fetch again and again", "[keys][regression]") {
  KeyOptions o;
  o.mode = KeyMode::reuse;
  int served = 0;
  Driver d(o, kT0, 0, [&](std::uint32_t, double at) {
    ++served;
    Answer a;
    a.body = value_body("ek_same_every_time", std::floor(at / 1000) + 60);
    return a;
  });
  d.runUntil(kT0 + 10 * 60000);
  // One key, one refresh attempt refused, then pre-fetching pauses (until a caller asks).
  CHECK(served == 2);
  CHECK(d.count(EventKind::refused) == 1);
}

TEST_CASE("key reuse: what is remembered is bounded, oldest forgotten first", "[keys][regression]") {
  SeenKeys seen;
  for (std::uint64_t i = 0; i < SeenKeys::kCapacity + 10; ++i) seen.insert(key_fingerprint("ek_" + std::to_string(i)));
  CHECK(seen.size() == SeenKeys::kCapacity);
  CHECK_FALSE(seen.contains(key_fingerprint("ek_0")));
  CHECK(seen.contains(key_fingerprint("ek_10")));
  CHECK(seen.contains(key_fingerprint("ek_" + std::to_string(SeenKeys::kCapacity + 9))));
}
