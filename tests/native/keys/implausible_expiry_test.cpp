// Regression: with expires_at in 2100, or a Date header of
// 1970 on a normal key, the core asked for a timer more than 2^31-1 ms away;
// Node fires those after 1 ms, the core re-armed, and the timer spun (about
// 840 a second) for as long as the key was kept. With that Date, a 60-second
// key counted as valid for 57 years. The class: any expiry or Date header that
// implies more than OpenAI issues (a key lives at most 2 hours).
#include <catch2/catch.hpp>

#include "driver.hpp"
#include "keys/openai_limits.hpp"

using namespace rc::keys;
using namespace rc::keys::test;

namespace {
constexpr double kMaxTimerDelayMs = 2147483647;

struct Probe {
  std::string body;
  std::string date;
};

// One fetch answered with `p` at kT0 + 100; returns every command.
std::vector<Rec> answer_once(const Probe& p, KeyOptions o = {}) {
  o.prefetchOnCreate = false;
  KeyManager m(o, kT0, 1);
  m.requestKey(kT0);
  const auto first = drain(m);
  std::string body = p.body;
  m.onFetchResponse(only(first, CommandKind::start_fetch).at(0).id, 200, p.date, "application/json", body, kT0 + 100);
  auto out = drain(m);
  // Let the key's life run out on the fake clock, obeying every timer: none may be far away.
  double now = kT0 + 100;
  for (int i = 0; i < 100; ++i) {
    const auto timers = only(out, CommandKind::set_timer);
    if (timers.empty()) break;
    const double at = timers.back().atMs;
    REQUIRE(at - now <= kMaxKeyLifetimeMs);
    now = std::max(now, at);
    m.onTimer(now);
    auto more = drain(m);
    out.insert(out.end(), more.begin(), more.end());
    out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(more.size()));
  }
  return out;
}

std::string key_body(double expiresAtSec) { return value_body("ek_spin_0123456789", expiresAtSec); }

double handed_out_ttl(const Probe& p) {
  KeyOptions o;
  o.prefetchOnCreate = false;
  KeyManager m(o, kT0, 1);
  m.requestKey(kT0);
  std::string body = p.body;
  m.onFetchResponse(only(drain(m), CommandKind::start_fetch).at(0).id, 200, p.date, "application/json", body, kT0 + 100);
  const auto handed = events(drain(m), EventKind::handed_out);
  return handed.empty() ? -1 : handed.at(0).ttlMs;
}
}  // namespace

TEST_CASE("timer spin: expires_at in 2100 is refused, and no timer is set for it", "[keys][regression]") {
  for (const std::string& date : {date_header(kT0), std::string()}) {
    INFO("Date: " << date);
    KeyOptions o;
    o.prefetchOnCreate = false;
    KeyManager m(o, kT0, 1);
    m.requestKey(kT0);
    std::string body = key_body(4102444800);  // 2100-01-01
    m.onFetchResponse(only(drain(m), CommandKind::start_fetch).at(0).id, 200, date, "application/json", body, kT0 + 100);
    const auto out = drain(m);
    const auto rejects = only(out, CommandKind::reject);
    REQUIRE(rejects.size() == 1);
    CHECK(rejects[0].error == KeyError::invalid_key_response);
    for (const auto& t : only(out, CommandKind::set_timer)) CHECK(t.atMs - (kT0 + 100) < kMaxTimerDelayMs);
  }
}

TEST_CASE("timer spin: a Date header of 1970 on a 60-second key is distrusted: the key lives 60 s, not 57 years", "[keys][regression]") {
  const double ttl = handed_out_ttl({key_body(kT0 / 1000 + 60), "Thu, 01 Jan 1970 00:00:00 GMT"});
  CHECK(ttl > 50000);
  CHECK(ttl <= 60000);
}

TEST_CASE("timer spin: any Date header more than 2 hours off is distrusted, either way", "[keys][regression]") {
  for (double offset : {-57.0 * 365 * 86400000, -3 * 3600000.0, -2 * 3600000.0 - 5000, 2 * 3600000.0 + 5000,
                        30.0 * 86400000, 7000.0 * 365 * 86400000}) {
    INFO("Date offset " << offset);
    const double ttl = handed_out_ttl({key_body(kT0 / 1000 + 60), date_header(kT0 + offset)});
    CHECK(ttl > 50000);
    CHECK(ttl <= 60000);
  }
  // Within the bound the server's clock is believed (a client clock off by minutes changes nothing).
  const double ttl = handed_out_ttl({key_body((kT0 - 30 * 60000) / 1000 + 60), date_header(kT0 - 30 * 60000)});
  CHECK(ttl == Approx(59000 - 100).margin(1));
}

TEST_CASE("timer spin: a Date header that makes a key live more than 2 hours is distrusted", "[keys][regression]") {
  // Date 1 h 59.5 min behind (inside the skew bound) and a one-minute key: by
  // the Date the key would live 2 h 0.5 min; the client clock says 60 s.
  const double ttl = handed_out_ttl({key_body(kT0 / 1000 + 60), date_header(kT0 - (119.5 * 60000))});
  CHECK(ttl <= 60000);
}

TEST_CASE("timer spin: a key's life is never counted above 2 hours; every timer stays below 2^31-1 ms", "[keys][regression]") {
  // expires_at 3 h ahead (no Date): counted as 2 h, the most OpenAI issues.
  const double ttl = handed_out_ttl({key_body(kT0 / 1000 + 3 * 3600), ""});
  CHECK(ttl <= kMaxKeyLifetimeMs);
  CHECK(ttl > kMaxKeyLifetimeMs - 1000);
  // The whole life of such a key, timer by timer: answer_once REQUIREs each delay <= 2 h.
  const auto out = answer_once({key_body(kT0 / 1000 + 3 * 3600), ""});
  (void)out;
  // And the options cannot ask for more either.
  CHECK_FALSE(parse_options_text(R"({"defaultLifetimeMs": 7200001})").ok);
  CHECK(parse_options_text(R"({"defaultLifetimeMs": 7200000})").ok);
}
