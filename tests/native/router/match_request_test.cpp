#include "router_test_support.hpp"

#include "router/request_matcher.hpp"

using rc::IncomingRequest;
using rc::json;
using rc::RequestVerdict;
using rc::testing::error_code;
using rc::testing::make_tree_router;

namespace {
const char* kTools = R"([
  {"name":"get_weather","parameters":{"type":"object","properties":{
     "city":{"type":"string"},"days":{"type":"integer"},"metric":{"type":"boolean"},
     "tags":{"type":"array","items":{"type":"string"}},"where":{"type":"object"}},
     "required":["city"],"additionalProperties":false}},
  {"name":"book","route":{"method":"POST","path":"/restaurants/{restaurant}/bookings"},
   "parameters":{"type":"object","properties":{"restaurant":{"type":"string"},"people":{"type":"integer"}},
     "required":["restaurant","people"]}},
  {"name":"file","route":{"path":"/files/{name}.json"},
   "parameters":{"type":"object","properties":{"name":{"type":"string","maxLength":20}},"required":["name"]}}])";

rc::MatchOutcome match(const rc::Router& router, const char* method, std::string_view target, std::string_view body = "") {
  return rc::match_request(router, IncomingRequest{method, target, body});
}
}  // namespace

TEST_CASE("a query is typed back into the arguments the browser sent", "[router][server]") {
  auto router = make_tree_router(kTools);
  auto outcome = match(router, "GET", "/get_weather?city=S%C3%A3o+Paulo&days=3&metric=true&tags=a&tags=b&where=%7B%22k%22%3A1%7D");
  REQUIRE(outcome.verdict == RequestVerdict::matched);
  CHECK(outcome.error.is_null());
  CHECK(outcome.arguments == json::parse(R"({"city":"São Paulo","days":3,"metric":true,"tags":["a","b"],"where":{"k":1}})"));
}

TEST_CASE("the server answers the same invalid_arguments as the browser", "[router][server]") {
  auto router = make_tree_router(kTools);
  for (const char* target : {"/get_weather", "/get_weather?city=x&days=soon", "/get_weather?city=x&extra=1", "/get_weather?city=x&days=1.5"}) {
    INFO(target);
    auto outcome = match(router, "GET", target);
    REQUIRE(outcome.verdict == RequestVerdict::matched);
    CHECK(error_code(outcome.error) == "invalid_arguments");
  }
}

TEST_CASE("path values and the JSON body make the arguments of a POST", "[router][server]") {
  auto router = make_tree_router(kTools);
  auto ok = match(router, "POST", "/restaurants/Chez%20Nous/bookings", R"({"people":2})");
  REQUIRE(ok.verdict == RequestVerdict::matched);
  CHECK(ok.bodyExpected);
  CHECK(ok.arguments == json::parse(R"({"restaurant":"Chez Nous","people":2})"));
  CHECK(error_code(match(router, "POST", "/restaurants/x/bookings", "{").error) == "invalid_arguments");
  CHECK(error_code(match(router, "POST", "/restaurants/x/bookings", "{}").error) == "invalid_arguments");
  CHECK(error_code(match(router, "POST", "/restaurants/x/bookings", R"({"people":1,"people":2})").error) == "invalid_arguments");
}

TEST_CASE("a body member that is also a path value is refused, not silently replaced", "[router][server][hostile]") {
  auto router = make_tree_router(kTools);
  auto outcome = match(router, "POST", "/restaurants/x/bookings", R"({"people":2,"restaurant":["not","a","string"]})");
  REQUIRE(outcome.verdict == RequestVerdict::matched);
  CHECK(error_code(outcome.error) == "invalid_arguments");
  CHECK(outcome.error["error"]["message"].get<std::string>().find("restaurant") != std::string::npos);
  CHECK(match(router, "POST", "/restaurants/x/bookings", " { \"people\" : 2 } ").arguments ==
        json::parse(R"({"restaurant":"x","people":2})"));
}

TEST_CASE("requests no route serves are not matched", "[router][server]") {
  auto router = make_tree_router(kTools);
  CHECK(match(router, "GET", "/get_weather/x").verdict == RequestVerdict::unmatched);
  CHECK(match(router, "POST", "/restaurants/a/b/bookings", "{}").verdict == RequestVerdict::unmatched);
  CHECK(match(router, "POST", "/restaurants//bookings", "{}").verdict == RequestVerdict::unmatched);
  CHECK(match(router, "GET", "/healthz").verdict == RequestVerdict::unmatched);
  CHECK(match(router, "OPTIONS", "*").verdict == RequestVerdict::unmatched);
}

// Issue 12, item 2: every spelling a framework delivers to the tool's handler.
TEST_CASE("case, trailing and doubled slashes, encoded letters, HEAD and absolute-form reach the tool", "[router][server][hostile]") {
  auto router = make_tree_router(kTools);
  for (const char* target : {"/GET_WEATHER?days=3", "/get_weather/?days=3", "/get_weather//?days=3",
                             "/Get%5Fweather?days=3", "http://127.0.0.1:8080/get_weather?days=3", "HTTP://h/get_weather/?days=3"}) {
    INFO(target);
    auto outcome = match(router, "GET", target);
    REQUIRE(outcome.verdict == RequestVerdict::matched);
    CHECK(outcome.tool == "get_weather");
    CHECK(error_code(outcome.error) == "invalid_arguments");  // city is missing
  }
  auto head = match(router, "HEAD", "/get_weather?days=3");
  REQUIRE(head.verdict == RequestVerdict::matched);
  CHECK(error_code(head.error) == "invalid_arguments");
  CHECK(match(router, "HEAD", "/get_weather?city=x").arguments == json::parse(R"({"city":"x"})"));
}

TEST_CASE("a parameter followed by a literal in one segment splits as path-to-regexp does", "[router][server][hostile]") {
  auto router = make_tree_router(kTools);
  auto outcome = match(router, "GET", "/files/a.json.json");
  REQUIRE(outcome.verdict == RequestVerdict::matched);
  CHECK(outcome.arguments == json::parse(R"({"name":"a.json"})"));
  CHECK(error_code(match(router, "GET", "/files/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.JSON").error) == "invalid_arguments");
  CHECK(match(router, "GET", "/files/.json").verdict == RequestVerdict::unmatched);
}

TEST_CASE("dot segments, raw or encoded, are refused before any route is tried", "[router][server][hostile]") {
  auto router = make_tree_router(kTools);
  for (const char* target : {"/files/..", "/files/%2e%2e", "/files/%2E.", "/files/.%2e/x", "/files/a%2F..%2Fb.json",
                             "/files/..%5Cx.json", "/./get_weather?city=x", "/x/../get_weather?city=x", "/files/%C0%AE%C0%AE"}) {
    INFO(target);
    CHECK(match(router, "GET", target).verdict == RequestVerdict::bad_target);
  }
  // "%252e%252e" is the text "%2e%2e": data, decoded once as every framework does.
  CHECK(match(router, "GET", "/files/%252e%252e.json").arguments == json::parse(R"({"name":"%2e%2e"})"));
}

TEST_CASE("targets frameworks read in different ways are refused", "[router][server][hostile]") {
  auto router = make_tree_router(kTools);
  for (const char* target : {"//[/x", "//a:99999/", "http://a:99999/get_weather", "http:///get_weather", "http://u@h/get_weather",
                             "get_weather", "", "/get_weather?city=x#&admin=1", "/get\\weather", "/get_weather;city=x",
                             "/files/%zz.json", "/files/%.json", "/get_weather\t?city=x", "/get_weather?city=%FF",
                             "/get_weather?city=%zz", "/restaurants/x/bookings?admin=1"}) {
    INFO(target);
    const char* method = std::string_view(target).find("restaurants") != std::string_view::npos ? "POST" : "GET";
    auto outcome = match(router, method, target, R"({"people":1})");
    CHECK(outcome.verdict == RequestVerdict::bad_target);
    CHECK_FALSE(outcome.refusal.empty());
  }
  CHECK(match(router, "GET", "/healthz;jsessionid=1").verdict == RequestVerdict::unmatched);
}

TEST_CASE("a tool's path with a method it does not serve is 405, OPTIONS passes", "[router][server][hostile]") {
  auto router = make_tree_router(kTools);
  auto put = match(router, "PUT", "/get_weather?city=x");
  CHECK(put.verdict == RequestVerdict::method_not_allowed);
  CHECK(put.allow == "GET, HEAD");
  CHECK(match(router, "GET", "/restaurants/x/bookings").allow == "POST");
  CHECK(match(router, "get", "/get_weather?city=x").verdict == RequestVerdict::method_not_allowed);
  CHECK(match(router, "OPTIONS", "/get_weather").verdict == RequestVerdict::unmatched);
}

TEST_CASE("basePath is matched segment by segment, case ignored", "[router][server]") {
  auto router = make_tree_router(kTools, "/api");
  CHECK(match(router, "GET", "/api/get_weather?city=x").verdict == RequestVerdict::matched);
  CHECK(match(router, "GET", "/API/get_weather?city=x").verdict == RequestVerdict::matched);
  CHECK(match(router, "GET", "/%61pi/get_weather?city=x").verdict == RequestVerdict::matched);
  CHECK(match(router, "GET", "/apix/get_weather?city=x").verdict == RequestVerdict::unmatched);
  CHECK(match(router, "GET", "/get_weather?city=x").verdict == RequestVerdict::unmatched);
}

TEST_CASE("a mount holds the routes whose first segments it matches, by the routing rule", "[router][server]") {
  auto router = make_tree_router(kTools, "/api");
  for (const char* mount : {"", "/", "/api", "/API", "/%61pi", "/api/restaurants", "/api/restaurants/Chez%20Nous",
                            "/api/restaurants/x/bookings", "/api/files/report.json"}) {
    INFO(mount);
    CHECK(rc::routes_lie_under(router, mount));
  }
  for (const char* mount : {"/apix", "/restaurants", "/api/restaurants/x/bookings/more", "/api/files/report.txt",
                            "/api/%zz", "/api/..", "*"}) {
    INFO(mount);
    CHECK_FALSE(rc::routes_lie_under(router, mount));
  }
}

TEST_CASE("routing alone agrees with routing plus validation", "[router][server]") {
  auto router = make_tree_router(kTools);
  auto routed = rc::route_request(router, "POST", "/restaurants/x/bookings");
  CHECK(routed.verdict == RequestVerdict::matched);
  CHECK(routed.bodyExpected);
  CHECK(routed.tool == "book");
  CHECK(routed.arguments.is_null());
  CHECK(rc::route_request(router, "GET", "/files/..").verdict == RequestVerdict::bad_target);
}

TEST_CASE("a segment too ambiguous to split is refused, not matched or passed", "[router][server][hostile]") {
  auto router = make_tree_router(R"([{"name":"t","route":{"path":"/x/{a}-{b}-{c}-{d}.json"}}])");
  const std::string target = "/x/" + std::string(3000, '-');
  CHECK(match(router, "GET", target).verdict == RequestVerdict::bad_target);
  CHECK(match(router, "GET", "/x/1-2-3-4.json").arguments == json::parse(R"({"a":"1","b":"2","c":"3","d":"4"})"));
}

TEST_CASE("a router loaded from a compiled set refuses to match requests: it cannot type query values",
          "[router][server][tool_set]") {
  auto loaded = rc::testing::make_router(kTools);
  CHECK_FALSE(loaded.holds_source_schemas());
  auto outcome = match(loaded, "GET", "/get_weather?city=x&days=3");
  CHECK(outcome.verdict == RequestVerdict::bad_target);
  CHECK(outcome.refusal.find("without the tools' schemas") != std::string::npos);
  // Routing alone needs no schema, and still works.
  CHECK(rc::route_request(loaded, "GET", "/get_weather?city=x").verdict == RequestVerdict::matched);
  CHECK(make_tree_router(kTools).holds_source_schemas());
}
