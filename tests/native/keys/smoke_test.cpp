#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace rc::keys;
using namespace rc::keys::test;

TEST_CASE("keys: warm-up fetch, then the first start gets the key without waiting", "[keys]") {
  const double t0 = 1.7e12;
  KeyManager m(KeyOptions{}, t0, 1);
  auto c = drain(m);
  auto starts = only(c, CommandKind::start_fetch);
  REQUIRE(starts.size() == 1);
  answer(m, starts[0].id, "ek_first", t0 + 200, 60, t0 + 300);
  c = drain(m);
  REQUIRE(events(c, EventKind::fetched).size() == 1);
  const auto w = m.requestKey(t0 + 1000);
  c = drain(m);
  auto res = only(c, CommandKind::resolve);
  REQUIRE(res.size() == 1);
  CHECK(res[0].id == w);
  CHECK(res[0].key == "ek_first");
  CHECK(only(c, CommandKind::start_fetch).size() == 1);  // the next key, pre-fetched
}
