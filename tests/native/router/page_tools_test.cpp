// Tools the page runs (`execute: true`) and tools that need approval
// (`needsApproval: true`): how a definition says so, what the compiled set
// keeps, what the public list hides, and what the server's matcher ignores.
#include "router_test_support.hpp"

#include "router/request_matcher.hpp"

using rc::json;
using rc::testing::error_code;
using rc::testing::make_router;
using rc::testing::make_tree_router;
using rc::testing::result_json;

namespace {

const char* kTools = R"([
  {"name":"set_theme","execute":true,"timeoutMs":2500,
   "parameters":{"type":"object","properties":{"theme":{"enum":["light","dark"]}},"required":["theme"]}},
  {"name":"pay","needsApproval":true,"route":{"method":"POST"},
   "parameters":{"type":"object","properties":{"amount":{"type":"number"}}}},
  {"name":"clear_cart","execute":true,"needsApproval":true},
  {"name":"weather","needsApproval":false}])";

std::string refusal(const char* tools) {
  std::string bytes, error;
  return rc::compile_tool_set(json{{"tools", json::parse(tools)}}, bytes, error) ? "" : error;
}

rc::ToolSet read_back(const char* tools) {
  std::string bytes, error;
  REQUIRE(rc::compile_tool_set(json{{"tools", json::parse(tools)}}, bytes, error));
  rc::ToolSet set;
  REQUIRE(rc::read_tool_set(bytes, set, error));
  return set;
}

}  // namespace

TEST_CASE("the set keeps which tools the page runs and which need approval", "[router][tool_set][page_tools]") {
  const rc::ToolSet set = read_back(kTools);
  REQUIRE(set.tools.size() == 4);
  CHECK(set.tools[0].runsInPage);
  CHECK_FALSE(set.tools[0].needsApproval);
  CHECK_FALSE(set.tools[1].runsInPage);
  CHECK(set.tools[1].needsApproval);
  CHECK(set.tools[2].runsInPage);
  CHECK(set.tools[2].needsApproval);
  CHECK_FALSE(set.tools[3].runsInPage);
  CHECK_FALSE(set.tools[3].needsApproval);
}

TEST_CASE("the public tools hold neither execute, needsApproval nor a page tool's timeoutMs", "[router][page_tools]") {
  auto router = make_router(kTools);
  for (const json& tool : json::parse(router.public_tools())) {
    INFO(tool.dump());
    CHECK_FALSE(tool.contains("execute"));
    CHECK_FALSE(tool.contains("needsApproval"));
    CHECK_FALSE(tool.contains("timeoutMs"));
    CHECK_FALSE(tool.contains("route"));
  }
}

TEST_CASE("a page-run tool is validated like a routed one and planned on its own deadline", "[router][page_tools]") {
  auto router = make_router(kTools);
  const auto planned = router.plan("set_theme", R"({"theme":"dark"})");
  REQUIRE(planned.request);
  CHECK(planned.request->timeoutMs == 2500);
  CHECK(planned.request->body == std::optional<std::string>(R"({"theme":"dark"})"));
  const auto refused = router.plan("set_theme", R"({"theme":"pink"})");
  REQUIRE_FALSE(refused.request);
  CHECK(error_code(rc::result_text(refused)) == "invalid_arguments");
  // Without its own timeoutMs, the page's default deadline (10 s here).
  const auto cleared = router.plan("clear_cart", "");
  REQUIRE(cleared.request);
  CHECK(cleared.request->timeoutMs == 10000);
}

TEST_CASE("execute, needsApproval and timeoutMs refuse what cannot work", "[router][page_tools]") {
  CHECK(refusal(R"([{"name":"x","execute":true,"route":{"method":"POST"}}])").find("keep one") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","execute":"yes"}])").find("execute must be true") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","execute":false}])").find("execute must be true") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","needsApproval":"always"}])").find("needsApproval must be true or false") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","timeoutMs":5}])").find("for a tool the page runs") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","execute":true,"timeoutMs":0}])").find("timeoutMs must be a whole number") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","execute":true,"timeoutMs":600001}])").find("timeoutMs must be a whole number") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","execute":true,"timeoutMs":600000}])").empty());
  CHECK(refusal(R"([{"name":"x","exectue":true}])").find("did you mean \"execute\"?") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","needApproval":true}])").find("did you mean \"needsApproval\"?") != std::string::npos);
}

TEST_CASE("the server's matcher serves no page-run tool", "[router][server][page_tools]") {
  auto router = make_tree_router(kTools);
  CHECK(rc::match_request(router, rc::IncomingRequest{"POST", "/set_theme", R"({"theme":"dark"})"}).verdict ==
        rc::RequestVerdict::unmatched);
  CHECK(rc::match_request(router, rc::IncomingRequest{"POST", "/pay", R"({"amount":1})"}).verdict !=
        rc::RequestVerdict::unmatched);
}

TEST_CASE("declined is worded by the core, with a reason only when one is given", "[router][page_tools][messages]") {
  auto router = make_router(kTools);
  const json person = result_json(router.failure("pay", rc::ErrorCode::declined, ""));
  CHECK(person["error"]["code"] == "declined");
  CHECK(person["error"]["message"] == "The user declined this call of \"pay\"; it was not run. Do not call it again unless the user asks.");
  const json nobody = result_json(router.failure("pay", rc::ErrorCode::declined, "no one was asked"));
  CHECK(nobody["error"]["message"].get<std::string>().find("(no one was asked)") != std::string::npos);
}
