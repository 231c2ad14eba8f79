// Regression: a 10 MB plain-text key was reported as
// master_key_refused (the shell kept its first 256 KiB and the core judged
// that as an over-long key); the docs said invalid_key_response. A body the
// shell stopped reading is now reported as such.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "keys/key_response.hpp"

using namespace rc::keys;
using namespace rc::keys::test;

TEST_CASE("a 10 MB plain-text key is invalid_key_response (the body is too large), not master_key_refused", "[keys][regression]") {
  KeyOptions o;
  o.prefetchOnCreate = false;
  KeyManager m(o, kT0, 1);
  const auto w = m.requestKey(kT0);
  const auto id = only(drain(m), CommandKind::start_fetch).at(0).id;
  std::string body;  // the shell read no further than kMaxBodyBytes and passes nothing
  m.onFetchResponse(id, FetchAnswer{200, "", "text/plain", "", true}, body, kT0 + 100);
  const auto rejects = only(drain(m), CommandKind::reject);
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0].id == w);
  CHECK(rejects[0].error == KeyError::invalid_key_response);
  CHECK(rejects[0].detail.find("larger than") != std::string::npos);
  // A body of exactly the limit that is no key is still judged by its value.
  CHECK(parse_key_response("text/plain", std::string(kMaxBodyBytes, 'a')).error == KeyError::master_key_refused);
  CHECK(parse_key_response("text/plain", std::string(kMaxBodyBytes + 1, 'a')).error == KeyError::invalid_key_response);
}

TEST_CASE("an error page too large to read still reports its status", "[keys][regression]") {
  KeyOptions o;
  o.prefetchOnCreate = false;
  o.maxAttempts = 1;
  KeyManager m(o, kT0, 1);
  m.requestKey(kT0);
  const auto id = only(drain(m), CommandKind::start_fetch).at(0).id;
  std::string body;
  m.onFetchResponse(id, FetchAnswer{502, "", "text/html", "", true}, body, kT0 + 100);
  const auto rejects = only(drain(m), CommandKind::reject);
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0].error == KeyError::key_fetch_failed);
  CHECK(rejects[0].httpStatus == 502);
}
