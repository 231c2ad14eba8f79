#include <catch2/catch.hpp>

#include "keys/http_date.hpp"

using rc::keys::format_http_date;
using rc::keys::parse_http_date;

TEST_CASE("http date: RFC 7231's example and round trips", "[keys]") {
  auto d = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
  REQUIRE(d);
  CHECK(*d == 784111777000);
  char buf[30];
  CHECK(format_http_date(784111777000, buf) == "Sun, 06 Nov 1994 08:49:37 GMT");
  for (std::int64_t ms : {0LL, 951782400000LL /* 2000-02-29 */, 1764000000000LL, 4102444799000LL}) {
    auto back = parse_http_date(format_http_date(ms, buf));
    REQUIRE(back);
    CHECK(*back == ms);
  }
  CHECK(parse_http_date(" Tue, 24 Nov 2026 13:00:00 GMT ").has_value());
}

TEST_CASE("http date: garbage, obsolete forms and impossible dates are ignored", "[keys]") {
  for (const char* bad : {"", "garbage", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                          "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Feb 2025 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                          "Sun, 06 Foo 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 19x4 08:49:37 GMT",
                          "Sun, 29 Feb 2100 00:00:00 GMT", "Sun, 06 Nov 1969 08:49:37 GMT"}) {
    INFO(bad);
    CHECK_FALSE(parse_http_date(bad).has_value());
  }
}
