#include <catch2/catch.hpp>

#include "keys/options.hpp"

using namespace rc::keys;

TEST_CASE("options: defaults, overrides, and clear errors", "[keys]") {
  auto d = parse_options_text("");
  REQUIRE(d.ok);
  CHECK(d.options.mode == KeyMode::per_session);
  CHECK(d.options.minValidityMs == 5000);
  CHECK(d.options.defaultLifetimeMs == 60000);
  CHECK(d.options.idleTimeoutMs == 600000);

  auto r = parse_options_text(R"({"mode":"reuse","minValidityMs":3000,"maxAttempts":2,"prefetch":false,"idleTimeoutMs":null})");
  REQUIRE(r.ok);
  CHECK(r.options.mode == KeyMode::reuse);
  CHECK(r.options.minValidityMs == 3000);
  CHECK(r.options.maxAttempts == 2);
  CHECK_FALSE(r.options.prefetch);
  CHECK(r.options.idleTimeoutMs == 600000);

  struct Bad {
    const char* text;
    const char* says;
  };
  for (const Bad& b : {Bad{R"({"mode":"per_session"})", "keys.mode"}, Bad{R"({"minValidtyMs":1})", "minValidtyMs is not an option"},
                       Bad{R"({"maxAttempts":1.5})", "keys.maxAttempts"}, Bad{R"({"maxAttempts":0})", "keys.maxAttempts"},
                       Bad{R"({"fetchTimeoutMs":-1})", "keys.fetchTimeoutMs"}, Bad{R"({"prefetch":"yes"})", "keys.prefetch"},
                       Bad{R"({"poolSize":9})", "keys.poolSize"}, Bad{R"([1])", "keys must be an object"},
                       Bad{R"({"minValidityMs":60000})", "shorter than"}, Bad{"{", "keys options"}}) {
    INFO(b.text);
    auto e = parse_options_text(b.text);
    CHECK_FALSE(e.ok);
    CHECK(e.error.find(b.says) != std::string::npos);
  }
}
