// Issue 12 (tool calls): the core's half of the checks web/plan-call.js makes
// before any text crosses, redirects confined to the base URL with their
// bodies kept, and the ceilings that keep one call far from 2 GB.
#include "router_test_support.hpp"

using rc::CallRefusal;
using rc::json;
using rc::testing::error_code;
using rc::testing::result_json;
using rc::testing::make_router;

namespace {
std::string message(const std::string& result) { return result_json(result)["error"].value("message", ""); }
bool mentions(const std::string& result, std::string_view words) { return message(result).find(words) != std::string::npos; }
}  // namespace

TEST_CASE("refusals made before the copy are worded by the core", "[router][hostile][issue-12]") {
  auto router = make_router(R"([{"name":"echo"}])");
  const auto too_long = router.refuse("", CallRefusal::name_too_long, 300000000);
  CHECK(error_code(too_long.result) == "unknown_tool");
  CHECK(mentions(too_long.result, "a name of 300000000 characters"));
  CHECK(mentions(too_long.result, "Available tools: echo"));

  const auto ill_formed_name = router.refuse("", CallRefusal::name_ill_formed, 4);
  CHECK(error_code(ill_formed_name.result) == "invalid_arguments");
  CHECK(mentions(ill_formed_name.result, "ill-formed UTF-16 (a lone surrogate at index 4)"));

  const auto ill_formed = router.refuse("echo", CallRefusal::arguments_ill_formed, 6);
  CHECK(error_code(ill_formed.result) == "invalid_arguments");
  CHECK(mentions(ill_formed.result, "ill-formed UTF-16 (a lone surrogate at index 6)"));
  CHECK(result_json(ill_formed.result)["error"]["errors"].size() == 1);

  CHECK(mentions(router.refuse("echo", CallRefusal::arguments_too_long, 52428800).result,
                 "at least 52428800 bytes; the limit is 1048576"));
  CHECK(mentions(router.refuse("echo", CallRefusal::arguments_too_large, 1048577).result,
                 "1048577 bytes; the limit is 1048576"));
  CHECK(error_code(router.refuse("", CallRefusal::name_unreadable, 0).result) == "invalid_arguments");
  CHECK(error_code(router.refuse("echo", CallRefusal::arguments_unreadable, 0).result) == "invalid_arguments");
  // As in plan(): an unknown name wins over what is wrong with the arguments.
  CHECK(error_code(router.refuse("other", CallRefusal::arguments_too_long, 1 << 30).result) == "unknown_tool");
  for (const auto& outcome : {too_long, ill_formed_name, ill_formed}) CHECK_FALSE(outcome.request);
}

TEST_CASE("a same-origin redirect may not leave the base path", "[router][hostile][issue-12]") {
  auto router = make_router(R"([{"name":"t"}])", "/api");
  for (const char* inside : {"http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api/", "http://127.0.0.1:8080/api/t?x=1",
                             "http://127.0.0.1:8080/api?x=1", "http://127.0.0.1:8080/api/a/b#f", "http://127.0.0.1:8080/api/..x",
                             "http://127.0.0.1:8080/api/a%2Fb", "http://127.0.0.1:8080/api/%2e%2e%2e"}) {
    INFO(inside);
    CHECK(router.follow_redirect("t", "GET", 302, inside, 0).request);
  }
  for (const char* outside : {"http://127.0.0.1:8080/internal/admin", "http://127.0.0.1:8080/", "http://127.0.0.1:8080/apiary",
                              "http://127.0.0.1:8080/api-internal/x", "http://127.0.0.1:8080/API/t",
                              "http://127.0.0.1:8080/api/../internal", "http://127.0.0.1:8080/api/%2e%2e/internal",
                              "http://127.0.0.1:8080/api/.%2E/internal", "http://127.0.0.1:8080/api/./t",
                              "http://127.0.0.1:8080/api\\..\\internal", "http://127.0.0.1:8080/api/..%2finternal",
                              "http://127.0.0.1:8080/api/..%5Cinternal", "http://127.0.0.1:8080/api/a%2F..%2F..%2Finternal",
                              "http://127.0.0.1:8080@evil/api/t",
                              "http://127.0.0.1:8080.evil/api/t"}) {
    INFO(outside);
    const auto outcome = router.follow_redirect("t", "GET", 302, outside, 0);
    CHECK_FALSE(outcome.request);
    CHECK(error_code(outcome.result) == "blocked_destination");
  }
  auto root = make_router(R"([{"name":"t"}])");
  CHECK(root.follow_redirect("t", "GET", 302, "http://127.0.0.1:8080/anywhere", 0).request);
  CHECK_FALSE(root.follow_redirect("t", "GET", 302, "http://127.0.0.1:8080/a/%2E%2e/b", 0).request);
}

TEST_CASE("a redirect that repeats the method resends the body", "[router][issue-12]") {
  auto router = make_router(R"([{"name":"t","route":{"method":"POST"}}])");
  struct Case { const char* method; int status; const char* next; bool resend; };
  for (const auto& c : {Case{"POST", 307, "POST", true}, Case{"POST", 308, "POST", true}, Case{"PUT", 307, "PUT", true},
                        Case{"PATCH", 308, "PATCH", true}, Case{"PUT", 301, "PUT", true}, Case{"PATCH", 302, "PATCH", true},
                        Case{"POST", 301, "GET", false}, Case{"POST", 302, "GET", false}, Case{"POST", 303, "GET", false},
                        Case{"PUT", 303, "GET", false}, Case{"GET", 307, "GET", false}, Case{"DELETE", 308, "DELETE", false}}) {
    INFO(c.method << " " << c.status);
    const auto outcome = router.follow_redirect("t", c.method, c.status, "http://127.0.0.1:8080/x", 0);
    REQUIRE(outcome.request);
    CHECK(outcome.request->method == c.next);
    CHECK(outcome.request->resendBody == c.resend);
    CHECK_FALSE(outcome.request->body);
  }
}

TEST_CASE("size limits past the ceilings are refused at set-up", "[router][config][issue-12]") {
  const auto create = [](json config) {
    std::string error;
    config["tools"] = json::parse(R"([{"name":"t"}])");
    config["baseOrigin"] = "http://h";
    return rc::Router::create(config, error) ? std::string() : error;
  };
  CHECK(create(json{{"maxArgumentBytes", rc::kMaxArgumentBytesCeiling}}).empty());
  CHECK(create(json{{"maxArgumentBytes", rc::kMaxArgumentBytesCeiling + 1}}).find("maxArgumentBytes") != std::string::npos);
  CHECK(create(json{{"maxArgumentBytes", 0}}).find("maxArgumentBytes") != std::string::npos);
  CHECK(create(json{{"defaults", {{"maxResponseBytes", rc::kMaxResponseBytesCeiling}}}}).empty());
  CHECK(create(json{{"defaults", {{"maxResponseBytes", rc::kMaxResponseBytesCeiling + 1}}}}).find("maxResponseBytes") !=
        std::string::npos);
  std::string error;
  CHECK_FALSE(rc::Router::create(json{{"tools", json::array({{{"name", "t"}, {"route", {{"maxResponseBytes", rc::kMaxResponseBytesCeiling + 1}}}}})},
                                      {"baseOrigin", "http://h"}},
                                 error));
  CHECK(error.find("route.maxResponseBytes") != std::string::npos);
}

TEST_CASE("integers that fit 64 bits reach the query exactly; others as JavaScript prints them", "[router][issue-12]") {
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
