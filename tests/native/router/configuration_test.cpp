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
  CHECK(json::parse(router.public_tools()) == json::parse(R"([{"type":"function","name":"x","description":"d","parameters":{"type":"object"}}])"));
}

TEST_CASE("a misspelt tool field (rout, paramaters) is refused with the field it resembles", "[router][config]") {
  // Before, `rout` was dropped in silence and the tool became GET /<name>.
  const std::string rout = refusal(R"([{"name":"x","rout":{"method":"POST"}}])");
  CHECK(rout.find("tool \"x\": unknown field \"rout\" (did you mean \"route\"?") == 0);
  CHECK(rout.find("known: type, name, description, parameters, route") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","paramaters":{"type":"object"}}])").find("did you mean \"parameters\"?") != std::string::npos);
  CHECK(refusal(R"([{"nmae":"x"}])").find("unknown field \"nmae\" (did you mean \"name\"?") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","Description":"d"}])").find("did you mean \"description\"?") != std::string::npos);
  // Not OpenAI's and nothing like a known field: refused, with no guess.
  const std::string strict = refusal(R"([{"name":"x","strict":true}])");
  CHECK(strict.find("unknown field \"strict\" (known: ") != std::string::npos);
  // The field name is quoted as JSON: a quote or a newline in it cannot reshape the message.
  CHECK(refusal(R"([{"name":"x","a\"b\nc":1}])").find(R"(unknown field "a\"b\nc")") != std::string::npos);
}

TEST_CASE("a misspelt route field (timeout) is refused with the field it resembles", "[router][config]") {
  CHECK(refusal(R"([{"name":"x","route":{"timeout":5}}])").find("did you mean \"timeoutMs\"?") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","route":{"methd":"GET"}}])").find("did you mean \"method\"?") != std::string::npos);
  CHECK(refusal(R"([{"name":"x","route":{"maxResponse":5}}])").find("did you mean \"maxResponseBytes\"?") != std::string::npos);
}

TEST_CASE("every field a tool may hold is still accepted", "[router][config]") {
  CHECK(refusal(R"([{"type":"function","name":"x","description":"d","parameters":{"type":"object"},
                    "route":{"method":"post","path":"/x","timeoutMs":5,"maxResponseBytes":5}}])").empty());
}

TEST_CASE("size limits past the ceilings are refused at set-up", "[router][config]") {
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

// The page configuration's refusals are worded out of line (page_config_refusal): their words, whole.
TEST_CASE("the page configuration's refusals keep their wording", "[router][config]") {
  const auto load = [](const std::string& page) {
    std::string error;
    return rc::Router::load(rc::ToolSet{}, page, error) ? std::string() : error;
  };
  CHECK(load(R"({"baseOrigin":"http://h"})").empty());
  CHECK(load("[]") == "the configuration must be an object");
  CHECK(load(R"({"baseOrigin":"ftp://h"})") == "baseUrl must be an absolute http(s) URL");
  CHECK(load(R"({"baseOrigin":"http://h","basePath":"/a/"})") ==
        R"(basePath must be empty or start with "/" and not end with one)");
  CHECK(load(R"({"baseOrigin":"http://h","defaults":{"timeoutMs":0}})") ==
        "defaults.timeoutMs must be a whole number from 1 to 600000 and defaults.maxResponseBytes one from 1 to " +
            std::to_string(rc::kMaxResponseBytesCeiling));
  CHECK(load(R"({"baseOrigin":"http://h","maxArgumentBytes":1.5})") ==
        "maxArgumentBytes must be a whole number from 1 to " + std::to_string(rc::kMaxArgumentBytesCeiling));
  CHECK(load("{").rfind("configuration: ", 0) == 0);
  CHECK(load("{").size() > std::string("configuration: ").size());
}
