#include "router_test_support.hpp"
#include "../../support/model_result.hpp"

using rc::HttpAnswer;
using rc::json;
using rc::testing::error_code;
using rc::testing::result_json;
using rc::testing::make_router;

namespace {
json answer(int status, const char* type, std::string_view body) {
  static auto router = make_router(R"([{"name":"t","route":{"timeoutMs":8000,"maxResponseBytes":1000}}])");
  return rc::testing::model_result(router, "t", HttpAnswer{status, type, body});
}
}  // namespace

TEST_CASE("a JSON object answer is returned as is", "[router]") {
  CHECK(answer(200, "application/json", R"({"temp":21})") == json::parse(R"({"temp":21})"));
  CHECK(answer(200, "application/problem+json; charset=utf-8", R"({"a":1})") == json::parse(R"({"a":1})"));
  CHECK(answer(201, "Application/JSON", R"({"a":1})") == json::parse(R"({"a":1})"));
}

TEST_CASE("any other JSON value or text is wrapped in { response }", "[router]") {
  CHECK(answer(200, "application/json", "[1,2]") == json::parse(R"({"response":[1,2]})"));
  CHECK(answer(200, "application/json", "\"sunny\"") == json::parse(R"({"response":"sunny"})"));
  CHECK(answer(200, "application/json", "null") == json::parse(R"({"response":null})"));
  CHECK(answer(200, "text/plain; charset=utf-8", "sunny") == json::parse(R"({"response":"sunny"})"));
  CHECK(answer(200, "text/plain", "{\"a\":1}") == json::parse(R"({"response":"{\"a\":1}"})"));
  CHECK(answer(200, "", "{\"a\":1}") == json::parse(R"({"a":1})"));
  CHECK(answer(200, "", "plain words") == json::parse(R"({"response":"plain words"})"));
}

TEST_CASE("an empty answer is { response: null }", "[router]") {
  CHECK(answer(204, "", "") == json::parse(R"({"response":null})"));
  CHECK(answer(200, "application/json", "") == json::parse(R"({"response":null})"));
}

TEST_CASE("non-2xx answers are http_error with status and the start of the body", "[router]") {
  auto result = answer(500, "text/plain", std::string(5000, 'e'));
  CHECK(error_code(result) == "http_error");
  CHECK(result["error"]["status"] == 500);
  CHECK(result["error"]["body"].get<std::string>().size() < 600);
  CHECK(error_code(answer(404, "application/json", "{}")) == "http_error");
  CHECK(error_code(answer(302, "", "")) == "http_error");
}

TEST_CASE("unreadable answers are invalid_response", "[router][hostile]") {
  CHECK(error_code(answer(200, "application/json", "{not json")) == "invalid_response");
  CHECK(error_code(answer(200, "application/json", std::string(5000, '['))) == "invalid_response");
  CHECK(error_code(answer(200, "image/png", "\x89PNG")) == "invalid_response");
  CHECK(error_code(answer(200, "application/octet-stream", "x")) == "invalid_response");
}

TEST_CASE("text with invalid UTF-8 still serialises", "[router][hostile]") {
  auto result = answer(200, "text/plain", "a\xff");
  CHECK(rc::to_json_text(result) == "{\"response\":\"a\xEF\xBF\xBD\"}");
}

TEST_CASE("redirects stay on the origin", "[router]") {
  auto router = make_router(R"([{"name":"t","route":{"method":"POST"}}])");
  auto same = router.follow_redirect("t", "POST", 307, "http://127.0.0.1:8080/other", 0);
  REQUIRE(same.request);
  CHECK(same.request->method == "POST");
  CHECK(router.follow_redirect("t", "POST", 303, "http://127.0.0.1:8080/x", 0).request->method == "GET");
  for (const char* elsewhere : {"http://evil.example/t", "http://127.0.0.1:8081/t", "https://127.0.0.1:8080/t",
                                "http://127.0.0.1:8080.evil.example/t", "http://127.0.0.1:8080@evil/t"}) {
    INFO(elsewhere);
    auto outcome = router.follow_redirect("t", "GET", 302, elsewhere, 0);
    CHECK_FALSE(outcome.request);
    CHECK(error_code(outcome.result) == "blocked_destination");
  }
  CHECK(error_code(router.follow_redirect("t", "GET", 302, "http://127.0.0.1:8080/loop", 5).result) == "network_error");
}

TEST_CASE("failures observed by JavaScript get messages for the model", "[router]") {
  auto router = make_router(R"([{"name":"t","route":{"timeoutMs":8000,"maxResponseBytes":1000}}])");
  auto timeout = result_json(router.failure("t", rc::ErrorCode::timeout, ""));
  CHECK(error_code(timeout) == "timeout");
  CHECK(timeout["error"]["message"].get<std::string>().find("8000 ms") != std::string::npos);
  CHECK(result_json(router.failure("t", rc::ErrorCode::response_too_large, ""))["error"]["maxResponseBytes"] == 1000);
  CHECK(result_json(router.failure("t", rc::ErrorCode::timeout, ""))["error"]["timeoutMs"] == 8000);
  // A detail from JavaScript is quoted safely, whatever its bytes.
  const auto odd = result_json(router.failure("t", rc::ErrorCode::network_error, "a\"b\\c\n\xff\xc3"));
  CHECK(odd["error"]["message"].get<std::string>().find("a\"b\\c\n\xEF\xBF\xBD\xEF\xBF\xBD") != std::string::npos);
  CHECK(error_code(router.failure("t", rc::ErrorCode::network_error, "ECONNREFUSED")) == "network_error");
  CHECK(error_code(router.failure("t", rc::ErrorCode::unknown_tool, "x")) == "internal_error");
}

TEST_CASE("a limit of one byte is said in the singular", "[router][messages]") {
  auto router = make_router(R"([{"name":"t","route":{"maxResponseBytes":1}}])");
  const auto message = result_json(router.failure("t", rc::ErrorCode::response_too_large, ""))["error"]["message"].get<std::string>();
  CHECK(message.find("larger than 1 byte and") != std::string::npos);
}

TEST_CASE("judge leaves accepted bodies to the caller instead of copying them", "[router]") {
  auto router = make_router(R"([{"name":"t"}])");
  using Use = rc::Interpretation::Use;
  CHECK(router.judge("t", HttpAnswer{200, "application/json", R"({"a":1})"}).use == Use::body);
  CHECK(router.judge("t", HttpAnswer{200, "application/json", "[1]"}).use == Use::response);
  CHECK(router.judge("t", HttpAnswer{200, "text/plain", "hi"}).use == Use::text);
  CHECK(router.judge("t", HttpAnswer{200, "", "not json"}).use == Use::text);
  CHECK(router.judge("t", HttpAnswer{204, "", ""}).use == Use::result);
  CHECK(router.judge("t", HttpAnswer{200, "application/json", "{\"a\":1e400}"}).use == Use::result);
}
