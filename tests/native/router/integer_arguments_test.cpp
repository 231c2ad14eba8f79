// Integer arguments: a value beyond int64 is checked without undefined
// behaviour (an input the fuzzers found), and an integer reaches the query as
// written when it fits 64 bits.
#include "router_test_support.hpp"

#include "router/request_matcher.hpp"

using rc::json;
using rc::testing::make_router;

namespace {
const char* kDaysTool = R"([{"name":"t","parameters":{"type":"object","properties":{"days":{"type":"integer"}}}}])";
}  // namespace

TEST_CASE("fuzz: an integer too large for int64 in the arguments (UBSan float-cast-overflow in the integer check)",
          "[router][regression]") {
  auto router = make_router(kDaysTool);
  CHECK(router.plan("t", R"({"days":366666666666666666666})").request);
  CHECK(router.plan("t", R"({"days":1e308})").request);
  CHECK_FALSE(router.plan("t", R"({"days":1.5e-300})").request);
  rc::IncomingRequest incoming{"GET", "/t?days=3666666666666666666666", ""};
  CHECK(rc::match_request(rc::testing::make_tree_router(kDaysTool), incoming).error.is_null());
}

TEST_CASE("integers that fit 64 bits reach the query exactly; others as JavaScript prints them", "[router]") {
  auto router = make_router(R"([{"name":"t"}])");
  const auto query = [&](const char* args) {
    const auto outcome = router.plan("t", args);
    REQUIRE(outcome.request);
    return outcome.request->url.substr(outcome.request->url.find('?') + 1);
  };
  CHECK(query(R"({"n":18446744073709551615})") == "n=18446744073709551615");
  CHECK(query(R"({"n":-9223372036854775808})") == "n=-9223372036854775808");
  CHECK(query(R"({"n":9007199254740993})") == "n=9007199254740993");
  CHECK(query(R"({"n":18446744073709551616})") == "n=18446744073709552000");
  CHECK(query(R"({"n":-9223372036854775809})") == "n=-9223372036854776000");
  CHECK(query(R"({"n":1.0})") == "n=1");
  CHECK(query(R"({"n":1e2})") == "n=100");
  CHECK(query(R"({"n":-0})") == "n=0");
  CHECK(query(R"({"o":{"n":9007199254740993}})") == "o=%7B%22n%22%3A9007199254740993%7D");
}
