#include <catch2/catch.hpp>

#include "url/document_query.hpp"
#include "url/path_template.hpp"

using rc::url::PathTemplate;

namespace {
std::string expand(const std::string& templ, const char* args, std::string* error = nullptr) {
  PathTemplate path;
  std::string parseError;
  REQUIRE(path.parse(templ, parseError));
  rc::IDocument document;
  std::string jsonError;
  REQUIRE(document.parse(args, 128, jsonError));
  const auto lookup = [&](const std::string& name) { return rc::url::path_argument(document, document.root(), name); };
  std::string out, expandError;
  if (!path.expand(lookup, out, expandError)) {
    if (error) *error = expandError;
    return "<refused>";
  }
  return out;
}
}  // namespace

TEST_CASE("templates fill percent-encoded values", "[url]") {
  CHECK(expand("/users/{id}/orders", R"({"id":"42"})") == "/users/42/orders");
  CHECK(expand("/files/{name}", R"({"name":"a/b?c#d"})") == "/files/a%2Fb%3Fc%23d");
  CHECK(expand("/n/{x}", R"({"x":1.0})") == "/n/1");
  CHECK(expand("/f/{name}.json", R"({"name":".."})") == "/f/...json");
}

TEST_CASE("a template lists each parameter once, in the order it first appears", "[url]") {
  PathTemplate path;
  std::string error;
  REQUIRE(path.parse("/orgs/{org}/users/{user}/orgs/{org}/x{id}y", error));
  CHECK(path.parameters() == rc::text::Names{"org", "user", "id"});
  // The plan leaves exactly those out of the query.
  rc::IDocument document;
  REQUIRE(document.parse(R"({"user":"u","q":1,"org":"o","id":2,"orgs":3})", 16, error));
  std::string url;
  rc::url::append_query(url, document, document.root(), path.parameters());
  CHECK(url == "?q=1&orgs=3");
}

TEST_CASE("a value cannot climb out of the path", "[url][hostile]") {
  std::string error;
  CHECK(expand("/files/{name}", R"({"name":".."})", &error) == "<refused>");
  CHECK(error.find("\"..\"") != std::string::npos);
  CHECK(expand("/files/{name}", R"({"name":"."})") == "<refused>");
  CHECK(expand("/files/{name}", R"({"name":"%2e%2e"})") == "/files/%252e%252e");
  CHECK(expand("/files/{name}", R"({"name":"../../admin"})") == "/files/..%2F..%2Fadmin");
}

TEST_CASE("missing, empty and structured path values are refused", "[url]") {
  std::string error;
  CHECK(expand("/u/{id}", R"({})", &error) == "<refused>");
  CHECK(error.find("required") != std::string::npos);
  CHECK(expand("/u/{id}", R"({"id":""})", &error) == "<refused>");
  CHECK(expand("/u/{id}", R"({"id":{"a":1}})", &error) == "<refused>");
  CHECK(expand("/u/{id}", R"({"id":null})", &error) == "<refused>");
}

TEST_CASE("malformed templates are refused at set-up", "[url]") {
  PathTemplate path;
  std::string error;
  CHECK_FALSE(path.parse("users", error));
  CHECK_FALSE(path.parse("/a/../b", error));
  CHECK_FALSE(path.parse("/a/./b", error));
  CHECK_FALSE(path.parse("/a?x=1", error));
  CHECK_FALSE(path.parse("/a#f", error));
  CHECK_FALSE(path.parse("/a/{", error));
  CHECK_FALSE(path.parse("/a/{}", error));
  CHECK_FALSE(path.parse("/a/{a b}", error));
  CHECK_FALSE(path.parse("/a%2e", error));
  CHECK_FALSE(path.parse("/a b", error));
  CHECK(path.parse("/a/{b}/c:d@e", error));
}

// A path argument's refusal is worded out of line (unusable_argument): its words, whole.
TEST_CASE("a path argument's refusals keep their wording", "[url]") {
  std::string error;
  CHECK(expand("/u/{id}", R"({})", &error) == "<refused>");
  CHECK(error == R"(the argument "id" is required (it is part of the path))");
  CHECK(expand("/u/{id}", R"({"id":[1]})", &error) == "<refused>");
  CHECK(error == R"(the argument "id" must be a string, number or boolean (it is part of the path))");
  CHECK(expand("/u/{id}", R"({"id":""})", &error) == "<refused>");
  CHECK(error == R"(the argument "id" must not be empty (it is part of the path))");
}
