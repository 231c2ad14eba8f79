// The enum tables (text/enum_table.hpp): each lookup reads its table, both
// ways, and a number no row has (cast from one JavaScript sent) reads as the
// enum's fallback rather than past the table's end.
#include <catch2/catch.hpp>

#include <string>

#include "keys/commands.hpp"
#include "keys/errors.hpp"
#include "keys/key_manager.hpp"
#include "keys/options.hpp"
#include "router/error_code.hpp"
#include "router/http_method.hpp"

TEST_CASE("every error code's name reads back as that code, in the wire's order") {
  REQUIRE(std::size(rc::kErrorCodeNames) == 11);
  for (std::size_t i = 0; i < std::size(rc::kErrorCodeNames); ++i) {
    const auto code = static_cast<rc::ErrorCode>(i);
    CHECK(rc::error_code_from_string(rc::to_string(code)) == code);
  }
  CHECK(rc::to_string(rc::ErrorCode::unknown_tool) == "unknown_tool");
  CHECK(rc::to_string(rc::ErrorCode::declined) == "declined");
  CHECK_FALSE(rc::error_code_from_string("Unknown_tool").has_value());
  CHECK_FALSE(rc::error_code_from_string("").has_value());
}

TEST_CASE("a code number past the table reads as internal_error") {
  CHECK(rc::to_string(static_cast<rc::ErrorCode>(11)) == "internal_error");
  CHECK(rc::to_string(static_cast<rc::ErrorCode>(-1)) == "internal_error");
}

TEST_CASE("http methods: the names, upper case only, in the tool set's byte order") {
  CHECK(rc::to_string(rc::HttpMethod::GET) == "GET");
  CHECK(rc::to_string(rc::HttpMethod::DELETE) == "DELETE");
  CHECK(rc::http_method_from_string("PATCH") == rc::HttpMethod::PATCH);
  CHECK_FALSE(rc::http_method_from_string("get").has_value());
  CHECK(rc::kHttpMethodNames.size() == 5);
}

TEST_CASE("key errors: a name and a sentence each; none has no sentence; an unknown number has both fallbacks") {
  using rc::keys::KeyError;
  CHECK(rc::keys::to_string(KeyError::key_reused) == "key_reused");
  CHECK(rc::keys::describe(KeyError::key_reused).find("returned before") != std::string_view::npos);
  CHECK(rc::keys::describe(KeyError::none).empty());
  for (std::size_t i = 1; i < std::size(rc::keys::kKeyErrorMessages); ++i) CHECK_FALSE(rc::keys::kKeyErrorMessages[i].empty());
  CHECK(rc::keys::to_string(static_cast<KeyError>(200)) == "unknown");
  CHECK(rc::keys::describe(static_cast<KeyError>(200)) == "Unknown error.");
}

TEST_CASE("key enums read their tables; KeyMode's names are the mode option's values") {
  CHECK(rc::keys::to_string(rc::keys::CommandKind::clear_timer) == "clear_timer");
  CHECK(rc::keys::to_string(rc::keys::EventKind::handed_out) == "handed_out");
  CHECK(rc::keys::to_string(rc::keys::KeyState::retrying) == "retrying");
  CHECK(rc::keys::to_string(rc::keys::KeyMode::per_session) == "per-session");
  CHECK(rc::keys::to_string(rc::keys::KeyMode::reuse) == "reuse");
  CHECK(rc::keys::parse_options_text(R"({"mode":"reuse"})").options.mode == rc::keys::KeyMode::reuse);
  CHECK(rc::keys::parse_options_text(R"({"mode":"per-session"})").options.mode == rc::keys::KeyMode::per_session);
  const auto refused = rc::keys::parse_options_text(R"({"mode":"per_session"})");
  CHECK_FALSE(refused.ok);
  CHECK(refused.error == "keys.mode must be \"per-session\" or \"reuse\"");
}
