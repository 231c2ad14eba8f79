#include "router_test_support.hpp"

#include "url/query_arguments.hpp"

using rc::IncomingRequest;
using rc::json;
using rc::testing::error_code;
using rc::testing::make_router;

namespace {
const char* kTools = R"([
  {"name":"get_weather","parameters":{"type":"object","properties":{
     "city":{"type":"string"},"days":{"type":"integer"},"metric":{"type":"boolean"},
     "tags":{"type":"array","items":{"type":"string"}},"where":{"type":"object"}},
     "required":["city"],"additionalProperties":false}},
  {"name":"book","route":{"method":"POST","path":"/restaurants/{restaurant}/bookings"},
   "parameters":{"type":"object","properties":{"restaurant":{"type":"string"},"people":{"type":"integer"}},
     "required":["restaurant","people"]}}])";
}

TEST_CASE("a query is typed back into the arguments the browser sent", "[router][server]") {
  auto router = make_router(kTools);
  auto outcome = router.match_request(IncomingRequest{
      "GET", "/get_weather", "?city=S%C3%A3o+Paulo&days=3&metric=true&tags=a&tags=b&where=%7B%22k%22%3A1%7D", ""});
  REQUIRE(outcome.matched);
  CHECK(outcome.error.is_null());
  CHECK(outcome.arguments == json::parse(R"({"city":"São Paulo","days":3,"metric":true,"tags":["a","b"],"where":{"k":1}})"));
}

TEST_CASE("the server answers the same invalid_arguments as the browser", "[router][server]") {
  auto router = make_router(kTools);
  for (const char* query : {"", "city=x&days=soon", "city=x&extra=1", "city=x&days=1.5", "city=%zz"}) {
    INFO(query);
    auto outcome = router.match_request(IncomingRequest{"GET", "/get_weather", query, ""});
    REQUIRE(outcome.matched);
    CHECK(error_code(outcome.error) == "invalid_arguments");
  }
}

TEST_CASE("path values and the JSON body make the arguments of a POST", "[router][server]") {
  auto router = make_router(kTools);
  auto ok = router.match_request(IncomingRequest{"POST", "/restaurants/Chez%20Nous/bookings", "", R"({"people":2})"});
  REQUIRE(ok.matched);
  CHECK(ok.arguments == json::parse(R"({"restaurant":"Chez Nous","people":2})"));
  CHECK(error_code(router.match_request(IncomingRequest{"POST", "/restaurants/x/bookings", "", "{"}).error) == "invalid_arguments");
  CHECK(error_code(router.match_request(IncomingRequest{"POST", "/restaurants/x/bookings", "", "{}"}).error) == "invalid_arguments");
  CHECK(error_code(router.match_request(IncomingRequest{"POST", "/restaurants/../bookings", "", R"({"people":1})"}).error) == "invalid_arguments");
}

TEST_CASE("requests no route serves are not matched", "[router][server]") {
  auto router = make_router(kTools);
  CHECK_FALSE(router.match_request(IncomingRequest{"POST", "/get_weather", "", "{}"}).matched);
  CHECK_FALSE(router.match_request(IncomingRequest{"GET", "/get_weather/x", "", ""}).matched);
  CHECK_FALSE(router.match_request(IncomingRequest{"POST", "/restaurants/a/b/bookings", "", "{}"}).matched);
  CHECK_FALSE(router.match_request(IncomingRequest{"POST", "/restaurants//bookings", "", "{}"}).matched);
}
