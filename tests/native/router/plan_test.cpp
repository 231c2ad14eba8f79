#include "router_test_support.hpp"

using rc::json;
using rc::testing::error_code;
using rc::testing::result_json;
using rc::testing::make_router;

namespace {
const char* kWeather = R"([{"type":"function","name":"get_weather","description":"d",
  "parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"enum":["c","f"]}},
                "required":["city"],"additionalProperties":false}}])";
}

TEST_CASE("the default route is the seed's GET /<name>?args", "[router]") {
  auto router = make_router(kWeather);
  auto outcome = router.plan("get_weather", R"({"city":"a&b=c#d","unit":"c"})");
  REQUIRE(outcome.request);
  CHECK(outcome.request->method == "GET");
  CHECK(outcome.request->url == "http://127.0.0.1:8080/get_weather?city=a%26b%3Dc%23d&unit=c");
  CHECK_FALSE(outcome.request->body);
  CHECK(outcome.request->timeoutMs == 10000);
  CHECK(outcome.request->maxResponseBytes == 1048576);
}

TEST_CASE("a base path prefixes every route", "[router]") {
  auto router = make_router(kWeather, "/api");
  CHECK(router.plan("get_weather", R"({"city":"x"})").request->url == "http://127.0.0.1:8080/api/get_weather?city=x");
}

TEST_CASE("undeclared or malformed names are unknown_tool and nothing is planned", "[router][hostile]") {
  auto router = make_router(kWeather);
  for (const char* name : {"get_time", "", "../admin", "get_weather?x=1", "get_weather#", "%2e%2e", "get_weather\r\n",
                           "get_weathеr" /* Cyrillic e */, "GET_WEATHER"}) {
    auto outcome = router.plan(name, "{}");
    INFO(name);
    CHECK_FALSE(outcome.request);
    CHECK(error_code(rc::result_text(outcome)) == "unknown_tool");
    CHECK(result_json(rc::result_text(outcome))["error"]["message"].get<std::string>().find("get_weather") != std::string::npos);
  }
}

TEST_CASE("a hostile name is shortened in the error", "[router][hostile]") {
  auto router = make_router(kWeather);
  auto outcome = router.plan(std::string(10000, 'x'), "{}");
  CHECK(result_json(rc::result_text(outcome))["error"]["tool"].get<std::string>().size() < 80);
}

TEST_CASE("invalid arguments are refused with reasons", "[router]") {
  auto router = make_router(kWeather);
  struct Case { const char* args; const char* location; const char* words; };
  for (auto c : {Case{"{\"city\":", "", "not valid JSON"}, Case{"[1]", "", "must be a JSON object"},
                 Case{"{}", "", "missing required property \"city\""},
                 Case{R"({"city":3})", "/city", "expected string"},
                 Case{R"({"city":"x","unit":"k"})", "/unit", "one of"},
                 Case{R"({"city":"x","extra":1})", "/extra", "not allowed"}}) {
    INFO(c.args);
    auto outcome = router.plan("get_weather", c.args);
    REQUIRE_FALSE(outcome.request);
    CHECK(error_code(rc::result_text(outcome)) == "invalid_arguments");
    const auto errors = result_json(rc::result_text(outcome))["error"]["errors"];
    REQUIRE(errors.size() >= 1);
    CHECK(errors[0]["instanceLocation"] == c.location);
    CHECK(result_json(rc::result_text(outcome))["error"]["message"].get<std::string>().find(c.words) != std::string::npos);
  }
}

TEST_CASE("the message of invalid arguments names the first three errors, then says there are more", "[router]") {
  auto router = make_router(R"([{"type":"function","name":"place_order","parameters":{"type":"object",
    "properties":{"a":{"type":"integer"},"b":{"type":"integer"},"c":{"type":"integer"},"d":{"type":"integer"}},
    "required":["e"]}}])");
  const auto message_from = [](const json& errors, bool more) {
    std::string summary;
    for (std::size_t i = 0; i < errors.size() && i < 3; ++i) {
      const std::string instance = errors[i]["instanceLocation"];
      summary += (summary.empty() ? "" : "; ") + (instance.empty() ? "" : instance + ": ") + errors[i]["error"].get<std::string>();
    }
    return "The arguments for \"place_order\" are not valid: " + summary + (more ? "; …" : "") +
           ". Fix the arguments and call the tool again.";
  };
  const json many = result_json(rc::result_text(router.plan("place_order", R"({"a":"x","b":"x","c":"x","d":"x"})")))["error"];
  REQUIRE(many["errors"].size() == 5);
  CHECK(many["message"] == message_from(many["errors"], true));
  CHECK(many["tool"] == "place_order");
  const json one = result_json(rc::result_text(router.plan("place_order", R"({"e":1,"c":"é"})")))["error"];
  REQUIRE(one["errors"].size() == 1);
  CHECK(one["message"] == message_from(one["errors"], false));
  CHECK(one["message"].get<std::string>().find("/c: expected integer, got string") != std::string::npos);
  const json root = result_json(rc::result_text(router.plan("place_order", "{}")))["error"];
  CHECK(root["message"] == message_from(root["errors"], false));
}

TEST_CASE("arguments over the size limit are refused before parsing", "[router][hostile]") {
  std::string error;
  auto router = rc::Router::create(json{{"tools", json::parse(R"([{"name":"t"}])")},
                                        {"baseOrigin", "http://h"}, {"maxArgumentBytes", 100}}, error);
  REQUIRE(router);
  auto outcome = router->plan("t", "{\"a\":\"" + std::string(200, 'x') + "\"}");
  CHECK(error_code(rc::result_text(outcome)) == "invalid_arguments");
  CHECK(result_json(rc::result_text(outcome))["error"]["errors"][0]["error"].get<std::string>().find("limit is 100") != std::string::npos);
}

TEST_CASE("deeply nested arguments are refused", "[router][hostile]") {
  auto router = make_router(R"([{"name":"t"}])");
  auto outcome = router.plan("t", "{\"a\":" + std::string(100000, '[') + "}");
  CHECK(error_code(rc::result_text(outcome)) == "invalid_arguments");
}

TEST_CASE("empty arguments mean no arguments", "[router]") {
  auto router = make_router(R"([{"name":"now"}])");
  auto outcome = router.plan("now", "");
  REQUIRE(outcome.request);
  CHECK(outcome.request->url == "http://127.0.0.1:8080/now");
}

TEST_CASE("POST sends the model's JSON text as the body", "[router]") {
  auto router = make_router(R"([{"name":"book","route":{"method":"post","path":"/bookings","timeoutMs":500}}])");
  auto outcome = router.plan("book", R"({"n": 12345678901234567890123, "who":"a&b"})");
  REQUIRE(outcome.request);
  CHECK(outcome.request->method == "POST");
  CHECK(outcome.request->url == "http://127.0.0.1:8080/bookings");
  CHECK(*outcome.request->body == R"({"n": 12345678901234567890123, "who":"a&b"})");
  CHECK(outcome.request->bodyIsArguments);  // JavaScript may send the text it holds
  CHECK(outcome.request->timeoutMs == 500);
}

TEST_CASE("path parameters leave the query and the body", "[router]") {
  auto router = make_router(R"([{"name":"order","route":{"path":"/users/{user}/orders/{id}"}},
                                {"name":"update","route":{"method":"PATCH","path":"/users/{user}"}}])");
  auto get = router.plan("order", R"({"user":"a/b","id":7,"expand":true})");
  REQUIRE(get.request);
  CHECK(get.request->url == "http://127.0.0.1:8080/users/a%2Fb/orders/7?expand=true");
  auto patch = router.plan("update", R"({"user":"u1","name":"N"})");
  REQUIRE(patch.request);
  CHECK(*patch.request->body == R"({"name":"N"})");
  CHECK_FALSE(patch.request->bodyIsArguments);
  // The rebuilt body keeps the model's member order and writes numbers and
  // strings as JSON.stringify would.
  auto rebuilt = router.plan("update", R"({"z":[1,2.50,{"q":null}],"user":"u1","a":1.5e-7,"s":"\u00e9\n\"","b":false})");
  REQUIRE(rebuilt.request);
  CHECK(*rebuilt.request->body == R"({"z":[1,2.5,{"q":null}],"a":1.5e-7,"s":"é\n\"","b":false})");
  auto climb = router.plan("order", R"({"user":"..","id":1})");
  CHECK(error_code(rc::result_text(climb)) == "invalid_arguments");
}

TEST_CASE("1.0 satisfies an integer schema", "[router]") {
  auto router = make_router(R"([{"name":"t","parameters":{"type":"object","properties":{"n":{"type":"integer"}}}}])");
  CHECK(router.plan("t", R"({"n":1.0})").request);
  CHECK_FALSE(router.plan("t", R"({"n":1.5})").request);
}

TEST_CASE("repeated member names and out-of-range numbers in arguments are refused", "[router][hostile]") {
  auto router = make_router(kWeather);
  auto duplicate = router.plan("get_weather", R"({"city":"Paris","city":"../admin"})");
  CHECK(error_code(rc::result_text(duplicate)) == "invalid_arguments");
  CHECK(result_json(rc::result_text(duplicate))["error"]["message"].get<std::string>().find("appears twice") != std::string::npos);
  CHECK(error_code(rc::result_text(router.plan("get_weather", R"({"city":"x","n":1e400})"))) == "invalid_arguments");
}

TEST_CASE("a repeated member name in an object of more than 16 members is found", "[router][hostile]") {
  auto router = make_router(R"([{"name":"t","parameters":{"type":"object"}}])");
  // Names in falling order, so the sort that finds the repeat has work to do.
  std::string members;
  for (int i = 40; i > 0; --i) members += (members.empty() ? "" : ",") + ("\"m" + std::to_string(i) + "\":" + std::to_string(i));
  CHECK(router.plan("t", "{" + members + "}").request);
  CHECK(router.plan("t", R"({"a":[{"x":1},{)" + members + "}]}").request);
  const auto repeated = router.plan("t", R"({"a":[{"x":1},{)" + members + R"(,"m17":0}]})");
  CHECK(error_code(rc::result_text(repeated)) == "invalid_arguments");
  CHECK(result_json(rc::result_text(repeated))["error"]["message"].get<std::string>().find("\"m17\" appears twice") != std::string::npos);
}
