// Inputs the fuzzers found; each test is named after what went wrong.
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
