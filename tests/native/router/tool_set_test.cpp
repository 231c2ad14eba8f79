// The compiled tool set: what the compiler writes, a browser core reads back
// into the same router, and what it refuses (truncated, tampered, foreign).
#include "router_test_support.hpp"

#include "keys/sha256.hpp"
#include "router/tool_set.hpp"

using rc::json;

namespace {

const char* kTools = R"([
  {"name":"get_weather","description":"Weather for a city",
   "parameters":{"type":"object","required":["city"],"additionalProperties":false,
     "properties":{"city":{"type":"string","minLength":1,"maxLength":80},
                   "days":{"type":"integer","minimum":1,"maximum":16},
                   "code":{"type":"string","pattern":"^[A-Z0-9]{4,12}$"},
                   "when":{"type":"string","format":"date"},
                   "unit":{"$ref":"#/$defs/unit"}},
     "$defs":{"unit":{"enum":["c","f"]}}},
   "route":{"method":"GET","path":"/weather/{city}","timeoutMs":3000}},
  {"name":"book","parameters":{"type":"object","properties":{"seats":{"type":"number","multipleOf":0.5}}},
   "route":{"method":"POST","path":"/restaurants/{id}/bookings","maxResponseBytes":2048}}
])";

const json kPage = {{"baseOrigin", "http://127.0.0.1:8080"}, {"defaults", {{"timeoutMs", 7000}, {"maxResponseBytes", 9000}}}};

std::string compiled(const char* tools = kTools, json validation = json::object()) {
  std::string bytes, error;
  const bool ok = rc::compile_tool_set(json{{"tools", json::parse(tools)}, {"validation", validation}}, bytes, error);
  INFO(error);
  REQUIRE(ok);
  return bytes;
}

std::string read_error(std::string_view bytes) {
  rc::ToolSet set;
  std::string error;
  if (rc::read_tool_set(bytes, set, error)) return "";
  CHECK_FALSE(error.empty());
  return error;
}

// A changed payload under a fresh length and hash: what a careless or hostile
// producer could hand over, so the structure checks are reached.
std::string resealed(std::string set, std::string_view payload) {
  set.resize(rc::kToolSetHeaderBytes);
  for (int i = 0; i < 4; ++i) set[6 + i] = static_cast<char>(payload.size() >> (8 * i));
  const auto hash = rc::keys::sha256(payload);
  set.replace(10, 32, reinterpret_cast<const char*>(hash.data()), 32);
  return set + std::string(payload);
}

// Loads a set on the page configuration and plans one call: every outcome
// must be a request or a refusal, never a crash (this runs under ASan too).
void load_and_plan(std::string_view bytes) {
  rc::ToolSet set;
  std::string error;
  if (!rc::read_tool_set(bytes, set, error)) return;
  auto router = rc::Router::load(std::move(set), kPage.dump(), error);
  REQUIRE(router);
  router->plan("get_weather", R"({"city":"Oslo","days":3,"code":"AB12","when":"2026-12-03","unit":"c"})");
  router->plan("book", R"({"seats":1.5,"id":"x"})");
}

}  // namespace

TEST_CASE("a compiled set plans every call exactly as the tools it came from", "[router][tool_set]") {
  std::string error;
  json config = kPage;
  config["tools"] = json::parse(kTools);
  auto tree = rc::Router::create(config, error);
  REQUIRE(tree);
  rc::ToolSet set;
  REQUIRE(rc::read_tool_set(compiled(), set, error));
  auto loaded = rc::Router::load(std::move(set), kPage.dump(), error);
  REQUIRE(loaded);
  CHECK(loaded->public_tools() == tree->public_tools());

  const std::pair<const char*, const char*> calls[] = {
      {"get_weather", R"({"city":"Oslo","days":3,"code":"AB12","when":"2026-12-03","unit":"c"})"},
      {"get_weather", R"({"city":"","days":17,"code":"ab","when":"2026-13-40","unit":"k","x":1})"},
      {"get_weather", R"({"days":3})"},
      {"get_weather", "not json"},
      {"book", R"({"seats":1.5,"id":"x y"})"},
      {"book", R"({"seats":1.25})"},
      {"nope", "{}"},
  };
  for (const auto& [name, arguments] : calls) {
    INFO(name << " " << arguments);
    const rc::PlanOutcome a = tree->plan(name, arguments), b = loaded->plan(name, arguments);
    REQUIRE(a.request.has_value() == b.request.has_value());
    CHECK(rc::result_text(a) == rc::result_text(b));
    if (!a.request) continue;
    CHECK(a.request->method == b.request->method);
    CHECK(a.request->url == b.request->url);
    CHECK(a.request->body == b.request->body);
    CHECK(a.request->timeoutMs == b.request->timeoutMs);
    CHECK(a.request->maxResponseBytes == b.request->maxResponseBytes);
  }
}

TEST_CASE("a route's own limits stay in the set; the rest are the page's defaults", "[router][tool_set]") {
  rc::ToolSet set;
  std::string error;
  REQUIRE(rc::read_tool_set(compiled(), set, error));
  auto router = rc::Router::load(std::move(set), kPage.dump(), error);
  REQUIRE(router);
  const auto weather = router->plan("get_weather", R"({"city":"Oslo"})");
  REQUIRE(weather.request);
  CHECK(weather.request->timeoutMs == 3000);
  CHECK(weather.request->maxResponseBytes == 9000);
  const auto book = router->plan("book", R"({"id":"x"})");
  REQUIRE(book.request);
  CHECK(book.request->timeoutMs == 7000);
  CHECK(book.request->maxResponseBytes == 2048);
}

TEST_CASE("the set carries maxErrors, the chosen formats and lint's warnings", "[router][tool_set]") {
  const char* tools = R"([{"name":"t","parameters":{"type":"object","properties":{
      "a":{"type":"string","format":"email"},"b":{"type":"string","format":"email"},"c":{"type":"string","format":"email"}}}}])";
  const std::string asserted = compiled(tools, {{"formats", "assert"}, {"maxErrors", 2}});
  const std::string annotated = compiled(tools, {{"formats", "annotation"}});
  CHECK(asserted != annotated);
  rc::ToolSet set;
  std::string error;
  REQUIRE(rc::read_tool_set(asserted, set, error));
  CHECK(set.maxErrors == 2);
  auto router = rc::Router::load(std::move(set), kPage.dump(), error);
  const auto refused = router->plan("t", R"({"a":"x","b":"y","c":"z"})");
  REQUIRE_FALSE(refused.request);
  CHECK(rc::testing::result_json(rc::result_text(refused))["error"]["errors"].size() == 2);
  REQUIRE(rc::read_tool_set(annotated, set, error));
  router = rc::Router::load(std::move(set), kPage.dump(), error);
  CHECK(router->plan("t", R"({"a":"x","b":"y","c":"z"})").request);

  // A tool without a description is a warning, not a refusal.
  REQUIRE(rc::read_tool_set(compiled(R"([{"name":"t","parameters":{"type":"object"}}])"), set, error));
  CHECK(json::parse(set.warningsText).is_array());
}

TEST_CASE("written_hash is the hash read_tool_set checks", "[router][tool_set]") {
  const std::string bytes = compiled(R"([{"name":"t","parameters":{"type":"object"}}])");
  rc::ToolSet set;
  std::string error;
  REQUIRE(rc::read_tool_set(bytes, set, error));
  CHECK(rc::written_hash(bytes) == set.hash);
  CHECK(rc::written_hash(bytes) != rc::written_hash(compiled(R"([{"name":"u","parameters":{"type":"object"}}])")));
  CHECK(rc::written_hash("RCTS") == std::array<std::uint8_t, 32>{});
}

TEST_CASE("compiling refuses what createCompanion({ tools }) refuses", "[router][tool_set]") {
  std::string bytes, error;
  CHECK_FALSE(rc::compile_tool_set(json::array(), bytes, error));
  CHECK(error.find("object") != std::string::npos);
  CHECK_FALSE(rc::compile_tool_set(json{{"tools", json::array()}, {"tool", 1}}, bytes, error));
  CHECK(error.find("\"tool\"") != std::string::npos);
  CHECK_FALSE(rc::compile_tool_set(json{{"tools", "x"}}, bytes, error));
  CHECK_FALSE(rc::compile_tool_set(json{{"tools", json::parse(R"([{"name":"bad name!"}])")}}, bytes, error));
  CHECK_FALSE(rc::compile_tool_set(json{{"tools", json::parse(R"([{"name":"t","parameters":{"type":"object","properties":{"a":{"$ref":"#/nowhere"}}}}])")}},
                                   bytes, error));
  CHECK_FALSE(error.empty());
  CHECK(bytes.empty());
}

TEST_CASE("a set that is not one, or not this version's, says so", "[router][tool_set][hostile]") {
  const std::string set = compiled();
  CHECK(read_error("") .find("not a compiled tool set") != std::string::npos);
  CHECK(read_error("{\"tools\":[]}").find("not a compiled tool set") != std::string::npos);
  std::string foreign = set;
  foreign[0] = 'X';
  CHECK(read_error(foreign).find("not a compiled tool set") != std::string::npos);
  std::string newer = set;
  newer[4] = rc::kToolSetVersion + 1;
  CHECK(read_error(newer).find("version " + std::to_string(rc::kToolSetVersion + 1)) != std::string::npos);
  std::string tampered = set;
  tampered[set.size() / 2 + rc::kToolSetHeaderBytes / 2] ^= 0x01;
  CHECK(read_error(tampered).find("SHA-256") != std::string::npos);
  CHECK(read_error(set + "x").find("truncated or has bytes added") != std::string::npos);
  CHECK(read_error(std::string(rc::kMaxToolSetBytes + 1, 'R')).find("larger than") != std::string::npos);
}

TEST_CASE("every truncation of a set is refused", "[router][tool_set][hostile]") {
  const std::string set = compiled();
  for (std::size_t n = 0; n < set.size(); ++n) {
    INFO(n);
    CHECK_FALSE(read_error(std::string_view(set).substr(0, n)).empty());
  }
  // Truncated inside the payload with the length and hash made to agree: the
  // structure itself must notice.
  const std::string payload = set.substr(rc::kToolSetHeaderBytes);
  for (std::size_t n = 0; n < payload.size(); ++n) {
    INFO(n);
    CHECK(read_error(resealed(set, std::string_view(payload).substr(0, n))).find("malformed") != std::string::npos);
  }
}

TEST_CASE("a resealed set with any byte changed is refused or loads safely", "[router][tool_set][hostile]") {
  const std::string set = compiled();
  const std::string payload = set.substr(rc::kToolSetHeaderBytes);
  int refused = 0, loaded = 0;
  for (std::size_t at = 0; at < payload.size(); ++at) {
    for (const unsigned char flip : {0x01, 0x80, 0xFF}) {
      std::string changed = payload;
      changed[at] = static_cast<char>(changed[at] ^ flip);
      const std::string bytes = resealed(set, changed);
      (read_error(bytes).empty() ? loaded : refused)++;
      load_and_plan(bytes);
    }
  }
  // Most changes break a count, an index or a text; some (a bound, a
  // character of a description) are merely different sets.
  CHECK(refused > 0);
  CHECK(loaded > 0);
}

TEST_CASE("a set whose parts contradict each other is refused", "[router][tool_set][hostile]") {
  rc::ToolSet set;
  std::string error;
  REQUIRE(rc::read_tool_set(compiled(), set, error));
  rc::ToolSet twice = set;
  twice.tools[1].name = twice.tools[0].name;
  CHECK(read_error(rc::write_tool_set(twice)).find("twice") != std::string::npos);
  rc::ToolSet mismatched = set;
  mismatched.publicToolsText = "[]";
  CHECK(read_error(rc::write_tool_set(mismatched)).find("public tool list") != std::string::npos);
  rc::ToolSet noErrors = set;
  noErrors.maxErrors = 0;
  CHECK(read_error(rc::write_tool_set(noErrors)).find("maxErrors") != std::string::npos);
  // The set's hash is its identity: the same tools give the same bytes.
  CHECK(rc::write_tool_set(set) == compiled());
}

TEST_CASE("a schema's dynamic anchors are read in name order, and refused out of it", "[router][tool_set][hostile]") {
  // Two anchors of one resource, which the compiler writes sorted: the reader
  // searches them by halving, so a list out of order is refused, not misread.
  const std::string set = compiled(R"([{"name":"t","parameters":{
      "$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","$dynamicAnchor":"anc2",
      "properties":{"a":{"$dynamicRef":"#anc1"}},"$defs":{"one":{"$dynamicAnchor":"anc1","type":"string"}}}}])");
  REQUIRE(read_error(set).empty());
  rc::ToolSet loaded;
  std::string error;
  REQUIRE(rc::read_tool_set(set, loaded, error));
  auto router = rc::Router::load(std::move(loaded), kPage.dump(), error);
  REQUIRE(router);
  CHECK(router->plan("t", R"({"a":"x"})").request);
  CHECK_FALSE(router->plan("t", R"({"a":1})").request);

  std::string payload = set.substr(rc::kToolSetHeaderBytes);
  const std::size_t first = payload.find("\x04" "anc1"), second = payload.find("\x04" "anc2");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  REQUIRE(first < second);
  std::swap(payload[first + 4], payload[second + 4]);
  CHECK(read_error(resealed(set, payload)).find("dynamic anchors are not sorted") != std::string::npos);
}
