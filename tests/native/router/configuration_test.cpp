#include "router_test_support.hpp"

using rc::json;

namespace {
std::string refusal(const char* tools, const char* origin = "http://127.0.0.1:8080") {
  std::string error;
  auto router = rc::Router::create(json{{"tools", json::parse(tools)}, {"baseOrigin", origin}}, error);
  return router ? "" : error;
}
}  // namespace

TEST_CASE("tool definitions are checked at set-up", "[router][config]") {
  CHECK(refusal(R"([{"name":"ok"}])").empty());
  CHECK(refusal(R"({})").find("array") != std::string::npos);
  CHECK(refusal(R"([{"name":"a b"}])").find("^[a-zA-Z0-9_-]{1,64}$") != std::string::npos);
  CHECK(refusal(R"([{"name":"../x"}])") != "");
  CHECK(refusal(R"([{"name":"x"},{"name":"x"}])").find("twice") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","type":"code_interpreter"}])") != "");
  CHECK(refusal(R"([{"name":"x","parameters":"object"}])").find("parameters") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","route":{"method":"TRACE"}}])").find("route.method") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","route":{"path":"/a/../b"}}])").find("route.path") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","route":{"timeoutMs":0}}])").find("timeoutMs") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","route":{"timeoutMs":-5}}])").find("timeoutMs") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","route":{"maxResponseBytes":1e12}}])").find("maxResponseBytes") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","route":{"timeout":5}}])").find("unknown field \"timeout\"") != std::string::npos);
  CHECK(refusal(R"([{"name":"x"}])", "ftp://h") != "");
  CHECK(refusal(R"([{"name":"x"}])", "http://h/path") != "");
}

TEST_CASE("public tools are the definitions without route", "[router][config]") {
  auto router = rc::testing::make_router(
      R"([{"name":"x","description":"d","parameters":{"type":"object"},"route":{"method":"POST"}}])");
  CHECK(router.public_tools() == json::parse(R"([{"type":"function","name":"x","description":"d","parameters":{"type":"object"}}])"));
}
