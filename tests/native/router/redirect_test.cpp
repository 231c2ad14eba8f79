// Redirects the page's fetch reports back: confined to the base URL, and the
// body resent when the method is.
#include "router_test_support.hpp"

using rc::testing::error_code;
using rc::testing::make_router;

TEST_CASE("a same-origin redirect may not leave the base path", "[router][hostile]") {
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

TEST_CASE("a redirect that repeats the method resends the body", "[router]") {
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
