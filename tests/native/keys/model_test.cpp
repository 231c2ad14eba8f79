// The key's model (the GA key endpoint answers { value, expires_at, model })
// stays with the key: the resolve that hands it out carries it, and the
// fetched and handed_out events name it.
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace rc::keys;
using namespace rc::keys::test;

TEST_CASE("model: the key's model and expiry travel with its resolve and its events", "[keys]") {
  constexpr double t0 = 1764000000000;
  KeyOptions o;
  o.prefetchOnCreate = false;
  o.prefetch = false;
  KeyManager m(o, t0, 1);
  for (const std::string& model : {std::string("gpt-realtime-2.1-mini"), std::string()}) {
    INFO("model '" << model << "'");
    const auto w = m.requestKey(t0);
    const auto id = only(drain(m), CommandKind::start_fetch).at(0).id;
    std::string body = "{\"value\":\"ek_model_" + std::to_string(w) + "\",\"expires_at\":" + std::to_string(static_cast<long long>(t0 / 1000 + 60)) +
                       (model.empty() ? "" : ",\"model\":\"" + model + "\"") + "}";
    m.onFetchResponse(id, 200, date_header(t0), "application/json", body, t0 + 100);
    const auto out = drain(m);
    const auto resolved = only(out, CommandKind::resolve);
    REQUIRE(resolved.size() == 1);
    CHECK(resolved[0].id == w);
    CHECK(resolved[0].key == "ek_model_" + std::to_string(w));
    CHECK(resolved[0].model == model);
    CHECK(resolved[0].expiresAtMs == Approx(t0 + 59000));  // sent at t0, Date t0: 60 s less the Date's 1 s
    CHECK(events(out, EventKind::fetched).at(0).model == model);
    CHECK(events(out, EventKind::handed_out).at(0).model == model);
    CHECK(events(out, EventKind::fetched).at(0).keyId == key_id(resolved[0].key));
    CHECK(events(out, EventKind::fetched).at(0).expiresAtMs == Approx(t0 + 59000));
    CHECK(events(out, EventKind::handed_out).at(0).expiresAtMs == Approx(t0 + 59000));
  }
}
