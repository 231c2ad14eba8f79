#include <catch2/catch.hpp>

#include "url/percent_encoding.hpp"
#include "json/utf8.hpp"
#include "url/request_target.hpp"

using rc::url::read_request_target;
using rc::url::RequestTarget;
using rc::url::TargetProblem;

namespace {
TargetProblem read(std::string_view target, RequestTarget* out = nullptr) {
  RequestTarget local;
  return read_request_target(target, out ? *out : local);
}
}  // namespace

TEST_CASE("origin-form and absolute-form targets give decoded segments and the raw query", "[url][server]") {
  RequestTarget t;
  REQUIRE(read("/api/S%C3%A3o%20Paulo//x/?a=%20&b", &t) == TargetProblem::none);
  CHECK(t.segments == std::vector<std::string>{"api", "São Paulo", "x"});
  CHECK(t.query == "a=%20&b");
  REQUIRE(read("HTTPS://[::1]:8443/a%2Fb", &t) == TargetProblem::none);
  CHECK(t.segments == std::vector<std::string>{"a/b"});
  REQUIRE(read("http://h?x=1", &t) == TargetProblem::none);
  CHECK(t.path == "/");
  CHECK(t.query == "x=1");
  REQUIRE(read("*", &t) == TargetProblem::none);
  CHECK(t.asterisk);
}

TEST_CASE("request targets that parsers disagree on are refused with the reason", "[url][server][hostile]") {
  CHECK(read("//[/x") == TargetProblem::network_path);
  CHECK(read("//a:99999/") == TargetProblem::network_path);
  CHECK(read("http://a:99999/") == TargetProblem::bad_authority);
  CHECK(read("http://a:1x/") == TargetProblem::bad_authority);
  CHECK(read("http:///x") == TargetProblem::bad_authority);
  CHECK(read("http://user:pw@h/x") == TargetProblem::bad_authority);
  CHECK(read("http://[zz]/x") == TargetProblem::bad_authority);
  CHECK(read("") == TargetProblem::not_a_path);
  CHECK(read("x/y") == TargetProblem::not_a_path);
  CHECK(read("ftp://h/x") == TargetProblem::not_a_path);
  CHECK(read("/a#b") == TargetProblem::bad_character);
  CHECK(read("/a b") == TargetProblem::bad_character);
  CHECK(read("/a\tb") == TargetProblem::bad_character);
  CHECK(read("/a\x7f") == TargetProblem::bad_character);
  CHECK(read("/caf\xc3\xa9") == TargetProblem::bad_character);
  CHECK(read("/a\\b") == TargetProblem::bad_character);
  CHECK(read("/a?q=\\") == TargetProblem::none);  // a backslash in the query is data
  CHECK(read("/%zz") == TargetProblem::malformed_escape);
  CHECK(read("/%4") == TargetProblem::malformed_escape);
  CHECK(read("/%C0%AE") == TargetProblem::malformed_escape);
  CHECK(read("/%ED%A0%80") == TargetProblem::malformed_escape);  // a UTF-8-encoded surrogate
  CHECK(read("/?q=%zz") == TargetProblem::none);               // the query is judged only for a tool
}

TEST_CASE("dot segments are refused in every spelling", "[url][server][hostile]") {
  for (const char* target : {"/..", "/.", "/a/../b", "/a/./b", "/%2e", "/%2E%2e", "/.%2E/", "/a/%2e%2e?x", "/a%2F..",
                             "/..%2Fa", "/a%5C..%5Cb", "http://h/a/.."}) {
    INFO(target);
    CHECK(read(target) == TargetProblem::dot_segment);
  }
  for (const char* target : {"/...", "/.a", "/a.", "/%252e%252e", "/..a"}) {
    INFO(target);
    CHECK(read(target) == TargetProblem::none);
  }
}

TEST_CASE("well-formed UTF-8 is told from overlong forms, surrogates and stray bytes", "[url]") {
  using rc::is_well_formed_utf8;
  CHECK(is_well_formed_utf8("S\xC3\xA3o \xF0\x9F\x98\x80"));
  CHECK_FALSE(is_well_formed_utf8("\xC0\xAE"));
  CHECK_FALSE(is_well_formed_utf8("\xE0\x80\xAE"));
  CHECK_FALSE(is_well_formed_utf8("\xED\xA0\x80"));
  CHECK_FALSE(is_well_formed_utf8("\xF4\x90\x80\x80"));
  CHECK_FALSE(is_well_formed_utf8("\xFF"));
  CHECK_FALSE(is_well_formed_utf8("\xC3"));
}
