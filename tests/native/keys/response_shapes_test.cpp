// Every accepted key shape, and everything that must be refused.
#include <catch2/catch.hpp>

#include "keys/key_response.hpp"

using namespace rc::keys;

namespace {
constexpr const char* kKey = "ek_68af1b2c3d4e5f60718293a4b5c6d7e8";
}

TEST_CASE("key shapes: plain text, with or without a trailing newline", "[keys]") {
  for (std::string body : {std::string(kKey), std::string(kKey) + "\n", "  " + std::string(kKey) + "\r\n"}) {
    auto r = parse_key_response("text/plain; charset=utf-8", body);
    REQUIRE(r.error == KeyError::none);
    CHECK(r.shape == KeyShape::plain_text);
    CHECK(r.value.view() == kKey);
    CHECK_FALSE(r.expiresAtSec);
  }
  auto r = parse_key_response("", kKey);  // no content type at all
  CHECK(r.error == KeyError::none);
}

TEST_CASE("key shapes: a JSON string", "[keys]") {
  auto r = parse_key_response("application/json", std::string("\"") + kKey + "\"");
  REQUIRE(r.error == KeyError::none);
  CHECK(r.shape == KeyShape::json_string);
  CHECK(r.value.view() == kKey);
}

TEST_CASE("key shapes: {value, expires_at} (the seed's FastAPI client_secret)", "[keys]") {
  auto r = parse_key_response("application/json", std::string("{\"value\":\"") + kKey + "\",\"expires_at\":1764000060}");
  REQUIRE(r.error == KeyError::none);
  CHECK(r.shape == KeyShape::value_object);
  CHECK(r.value.view() == kKey);
  REQUIRE(r.expiresAtSec);
  CHECK(*r.expiresAtSec == 1764000060);
  CHECK_FALSE(r.hasSession);
}

TEST_CASE("key shapes: {client_secret: {value, expires_at}} (beta sessions response)", "[keys]") {
  const std::string body = std::string("{\"id\":\"sess_1\",\"object\":\"realtime.session\",\"model\":\"gpt-realtime\",") +
                           "\"client_secret\":{\"value\":\"" + kKey + "\",\"expires_at\":1764000060}}";
  auto r = parse_key_response("application/json", body);
  REQUIRE(r.error == KeyError::none);
  CHECK(r.shape == KeyShape::client_secret);
  CHECK(r.value.view() == kKey);
  CHECK(*r.expiresAtSec == 1764000060);
}

TEST_CASE("key shapes: {value, expires_at, session} (GA client_secrets response)", "[keys]") {
  const std::string body = std::string("{\"value\":\"") + kKey +
                           "\",\"expires_at\":1764000060,\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\","
                           "\"tools\":[{\"type\":\"function\",\"name\":\"x\",\"parameters\":{\"type\":\"object\"}}]}}";
  auto r = parse_key_response("application/json", body);
  REQUIRE(r.error == KeyError::none);
  CHECK(r.shape == KeyShape::value_object);
  CHECK(r.hasSession);
  CHECK(*r.expiresAtSec == 1764000060);
}

TEST_CASE("key shapes: JSON detected by its first byte even when served as text/plain", "[keys]") {
  auto r = parse_key_response("text/plain", std::string("{\"value\":\"") + kKey + "\"}");
  REQUIRE(r.error == KeyError::none);
  CHECK(r.shape == KeyShape::value_object);
  CHECK_FALSE(r.expiresAtSec);  // no expires_at: the manager assumes the default lifetime
  auto n = parse_key_response("application/json", std::string("{\"value\":\"") + kKey + "\",\"expires_at\":null}");
  CHECK(n.error == KeyError::none);
  CHECK_FALSE(n.expiresAtSec);
}

TEST_CASE("key shapes: anything else is invalid_key_response with a reason", "[keys]") {
  const char* bad[] = {
      "",
      "   \n",
      "{}",
      "[]",
      "[\"ek_abc\"]",
      "42",
      "null",
      "{\"value\":42}",
      "{\"value\":null}",
      "{\"value\":\"\"}",
      "{\"client_secret\":\"ek_abc\"}",
      "{\"client_secret\":{\"expires_at\":1764000060}}",
      "{\"value\":\"ek_abc\",\"expires_at\":\"1764000060\"}",
      "{\"value\":\"ek_abc\",\"expires_at\":1764000060000}",  // milliseconds
      "{\"value\":\"ek_abc\",\"expires_at\":-5}",
      "{\"value\":\"ek_abc\"",                                 // truncated JSON
      "<!doctype html><html><body>Login</body></html>",
      "\"\"",
  };
  for (const char* body : bad) {
    INFO(body);
    auto r = parse_key_response("application/json", body);
    CHECK(r.error == KeyError::invalid_key_response);
    CHECK_FALSE(r.detail.empty());
    CHECK(r.value.empty());
  }
  CHECK(parse_key_response("text/html", "ek_abc").error == KeyError::invalid_key_response);
  CHECK(parse_key_response("application/json", "ek_abc").error == KeyError::invalid_key_response);
  CHECK(parse_key_response("", std::string(kMaxBodyBytes + 1, 'a')).error == KeyError::invalid_key_response);
}

TEST_CASE("master keys are refused in every shape, and never appear in the reason", "[keys]") {
  const std::string masters[] = {
      "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD",
      "sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr678",
      "sk-svcacct-Abc123Def456Ghi789Jkl012Mno345",
      "sk-admin-Abc123Def456Ghi789Jkl012Mno345Pqr",
      "sk-None-Abc123Def456Ghi789Jkl012Mno345Pqr",
      "SK-PROJ-UPPERCASEISSTILLAKEY0123456789",
      "sk_live_51Habcdefghijklmnop",
      "sess-abcdefghijklmnopqrstuvwxyz",
      "Bearer sk-proj-abc",           // whitespace, and a master key
      "ek_abc def",                   // whitespace
      "ek_abc\tdef",
      std::string("ek_abc\0def", 10),  // control characters
      "ek_abc\x7f",
      "ek_\xc3\xa9t\xc3\xa9",          // non-ASCII
      "ek_" + std::string(kMaxKeyLength, 'a'),  // absurdly long
  };
  for (const std::string& m : masters) {
    const std::string shapes[] = {
        m,
        "\"" + m + "\"",
        "{\"value\":\"" + m + "\",\"expires_at\":1764000060}",
        "{\"client_secret\":{\"value\":\"" + m + "\",\"expires_at\":1764000060}}",
    };
    for (const std::string& body : shapes) {
      // JSON strings cannot hold raw control characters; those are invalid JSON instead.
      auto r = parse_key_response(body[0] == '"' || body[0] == '{' ? "application/json" : "text/plain", body);
      if (r.error == KeyError::invalid_key_response && m.find_first_of(std::string("\0\t\x7f", 3)) != std::string::npos)
        continue;
      INFO(body.substr(0, 40));
      CHECK(r.error == KeyError::master_key_refused);
      CHECK(r.value.empty());
      CHECK(r.detail.find(m.substr(0, 6)) == std::string::npos);
    }
  }
}

TEST_CASE("the ephemeral-key shape: ek_ and 1 to 253 of [A-Za-z0-9_-], nothing else", "[keys]") {
  std::string detail;
  for (const std::string& ok : {std::string("ek_68af296e8e408191a1120ab6383263c2"), std::string("ek_A"),
                               std::string("ek_test_1_xxxx-yyyy"), "ek_" + std::string(kMaxKeyLength - 3, 'a')}) {
    INFO(ok);
    CHECK(check_key_value(ok, detail) == KeyError::none);
  }
  // Once allowed as "not an API key": none is what OpenAI issues, so none is
  // handed to a page (a bare 32-hex-digit value is what an Azure key looks like).
  for (const std::string& bad : {std::string("eph_abc"), std::string("skeleton-key"), std::string("a"),
                                std::string("ek-sk-tail"), std::string("EK_abc"), std::string("ek_"),
                                std::string("0123456789abcdef0123456789abcdef"), std::string("ek_abc.def"),
                                std::string("ek_abc=="), std::string("ek_abc/def+g"),
                                "ek_" + std::string(kMaxKeyLength - 2, 'a')}) {
    INFO(bad);
    CHECK(check_key_value(bad, detail) == KeyError::master_key_refused);
    CHECK_FALSE(detail.empty());
  }
}

TEST_CASE("key shapes: the key's model is kept, checked, and may be absent", "[keys]") {
  const std::string v = std::string("\"value\":\"") + kKey + "\",\"expires_at\":1764000060";
  for (const char* model : {"gpt-realtime", "gpt-realtime-2.1-mini", "gpt-realtime-2025-08-28", "a", "0", "4o_x.-",
                            "x123456789x123456789x123456789x123456789x123456789x123456789abcd" /* 64 */}) {
    INFO(model);
    auto r = parse_key_response("application/json", "{" + v + ",\"model\":\"" + model + "\"}");
    REQUIRE(r.error == KeyError::none);
    CHECK(r.model == model);
  }
  CHECK(parse_key_response("application/json", "{" + v + "}").model.empty());
  CHECK(parse_key_response("application/json", "{" + v + ",\"model\":null}").error == KeyError::none);
  // GA client_secrets passed through: the session's model.
  auto ga = parse_key_response("application/json", "{" + v + ",\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime-2\"}}");
  CHECK(ga.model == "gpt-realtime-2");
  // Beta sessions response: the model beside client_secret.
  auto beta = parse_key_response("application/json", std::string("{\"model\":\"gpt-realtime\",\"client_secret\":{") + v + "}}");
  CHECK(beta.model == "gpt-realtime");
  // Present but malformed: the key is refused, not kept without its model.
  for (const char* bad : {"\"\"", "\"GPT-Realtime\"", "\"gpt realtime\"", "\"gpt-realtime\\n\"", "\"gpt/realtime\"",
                          "\"x123456789x123456789x123456789x123456789x123456789x123456789abcde\"" /* 65 */, "42", "true",
                          "[\"gpt-realtime\"]", "{\"id\":\"gpt-realtime\"}", "\"gpt-realtime\u00e9\"", "\"<b>\"",
                          // The first character is a letter or digit, as in common/realtime-ga.js's MODEL_NAME.
                          "\".gpt-realtime\"", "\"-gpt-realtime\"", "\"_gpt-realtime\"", "\".\"", "\"-\"", "\"_\""}) {
    INFO(bad);
    auto r = parse_key_response("application/json", "{" + v + ",\"model\":" + bad + "}");
    CHECK(r.error == KeyError::invalid_key_response);
    CHECK(r.value.empty());
    CHECK(r.model.empty());
  }
  auto badSession = parse_key_response("application/json", "{" + v + ",\"session\":{\"model\":\"GPT 4\"}}");
  CHECK(badSession.error == KeyError::invalid_key_response);
}

TEST_CASE("key shapes: escapes decode, and a repeated member reads as JSON.parse reads it (the last)", "[keys]") {
  // "ek_" written with escapes: the value is decoded, then judged.
  auto escaped = parse_key_response("application/json", std::string("{\"value\":\"\\u0065k_") + (kKey + 3) + "\"}");
  REQUIRE(escaped.error == KeyError::none);
  CHECK(escaped.value.view() == kKey);
  // A page's own JSON.parse would see the master key: so must the core.
  auto repeated = parse_key_response("application/json", std::string("{\"value\":\"") + kKey +
                                                             "\",\"value\":\"sk-proj-abcdefghijklmnopqrstuvwxyz012345\"}");
  CHECK(repeated.error == KeyError::master_key_refused);
  auto expiresTwice = parse_key_response("application/json", std::string("{\"value\":\"") + kKey +
                                                                 "\",\"expires_at\":\"soon\",\"expires_at\":1764000060}");
  REQUIRE(expiresTwice.error == KeyError::none);
  CHECK(*expiresTwice.expiresAtSec == 1764000060);
}
