// Regression: master keys reached DeepChat wrapped as a
// double-encoded JSON string "\"sk-...\"", as "Bearer:sk-...", and quoted
// 'sk-None-...'; inside the value only some prefixes were searched for. The
// class: any value that is not shaped like an ephemeral key. Checked here
// against every wrapping of every master-key family, in every response shape,
// and against an independent oracle (std::regex) on random values.
#include <catch2/catch.hpp>

#include <random>
#include <regex>

#include "keys/key_response.hpp"
#include "keys/key_shape.hpp"
#include "keys/openai_limits.hpp"

using namespace rc::keys;

namespace {

const std::string kMasters[] = {
    "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD",   "sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr678",
    "sk-svcacct-Abc123Def456Ghi789Jkl012Mno345",     "sk-admin-Abc123Def456Ghi789Jkl012Mno345Pqr",
    "sk-None-Abc123Def456Ghi789Jkl012Mno345Pqr",     "SK-PROJ-UPPERCASEISSTILLAKEY0123456789",
    "Sk-Proj-MixedCase0123456789abcdefABCDEF",       "sk-ant-api03-Abc123Def456Ghi789Jkl012Mno345",
    "sk_live_51Habcdefghijklmnop",                   "sess-abcdefghijklmnopqrstuvwxyz",
};

// Every way a backend (or a proxy, or a template) was seen to wrap a value.
std::vector<std::string> wrappings(const std::string& m) {
  return {
      m,
      "\"" + m + "\"",                         // quoted
      "'" + m + "'",                           // single-quoted ('sk-None-...')
      "\\\"" + m + "\\\"",                     // the quotes of a double-encoded JSON string, as decoded once
      "Bearer:" + m,                           // a header value pasted in
      "Bearer:" + m.substr(0, 3) + m.substr(3),
      "Bearer%20" + m,
      "bearer_" + m,
      "ek_" + m,                               // an ephemeral prefix glued on
      "ek_68af296e8e408191a1120ab6383263c2" + m,  // concatenated to a real-looking key
      "ek_x-" + m,
      "ek_" + m + "_tail",
      m + "ek_abc",
      "{\"value\":\"" + m + "\"}",             // JSON inside the value
      "key=" + m,
      " " + m,
  };
}

// The body shapes a key endpoint answers in.
std::vector<std::string> bodies(const std::string& value) {
  std::string escaped;  // as JSON text
  for (char c : value) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  std::string twice;  // the JSON text of the JSON text: a double-encoded string
  for (char c : "\"" + escaped + "\"") {
    if (c == '"' || c == '\\') twice += '\\';
    twice += c;
  }
  return {
      value,
      "\"" + escaped + "\"",
      "\"" + twice + "\"",
      "{\"value\":\"" + escaped + "\",\"expires_at\":1764000060}",
      "{\"value\":\"" + twice + "\",\"expires_at\":1764000060}",
      "{\"client_secret\":{\"value\":\"" + escaped + "\",\"expires_at\":1764000060}}",
      "{\"value\":\"" + escaped + "\",\"expires_at\":1764000060,\"session\":{\"type\":\"realtime\"}}",
  };
}

}  // namespace

TEST_CASE("master-key bypass: a double-encoded JSON string \"\\\"sk-...\\\"\" is refused", "[keys][regression]") {
  // The endpoint's body is the JSON text of the JSON text of the key.
  auto r = parse_key_response("application/json", "\"\\\"sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr678\\\"\"");
  CHECK(r.error == KeyError::master_key_refused);
  CHECK(r.value.empty());
}

TEST_CASE("master-key bypass: Bearer:sk-... is refused", "[keys][regression]") {
  auto r = parse_key_response("text/plain", "Bearer:sk-proj-Abc123Def456Ghi789Jkl012Mno345Pqr678");
  CHECK(r.error == KeyError::master_key_refused);
}

TEST_CASE("master-key bypass: a quoted 'sk-None-...' is refused", "[keys][regression]") {
  auto r = parse_key_response("application/json", "{\"value\":\"'sk-None-Abc123Def456Ghi789Jkl012Mno345Pqr'\"}");
  CHECK(r.error == KeyError::master_key_refused);
}

TEST_CASE("master-key bypass: every family, every wrapping, every body shape is refused, and unseen", "[keys][regression]") {
  int checked = 0;
  for (const std::string& m : kMasters) {
    for (const std::string& value : wrappings(m)) {
      for (const std::string& body : bodies(value)) {
        for (const char* type : {"application/json", "text/plain", ""}) {
          const KeyResponse r = parse_key_response(type, body);
          INFO(type << " " << body);
          // Refused: as a master key, or (for a shape the type makes unreadable) as no key at all.
          CHECK((r.error == KeyError::master_key_refused || r.error == KeyError::invalid_key_response));
          CHECK(r.value.empty());
          CHECK(r.detail.find(m.substr(0, 8)) == std::string::npos);
          CHECK(r.detail.find(m.substr(m.size() - 8)) == std::string::npos);
          ++checked;
        }
      }
      // The value itself, as check_key_value sees it, is always called a master key.
      std::string detail;
      CHECK(check_key_value(value, detail) == KeyError::master_key_refused);
    }
  }
  CHECK(checked > 3000);
}

TEST_CASE("master-key bypass: a mark anywhere in an ek_-shaped value, in any case, is refused", "[keys][regression]") {
  const std::string base = "ek_68af296e8e408191a1120ab6383263c2";
  std::string detail;
  for (std::string_view marker : kApiKeyMarkers) {
    for (std::size_t at = 3; at <= base.size(); at += 4) {
      for (int variant = 0; variant < 4; ++variant) {
        std::string mark(marker);
        for (std::size_t j = 0; j < mark.size(); ++j)
          if ((variant >> (j % 2)) & 1) mark[j] = static_cast<char>(std::toupper(static_cast<unsigned char>(mark[j])));
        const std::string v = base.substr(0, at) + mark + base.substr(at);
        INFO(v);
        CHECK(check_key_value(v, detail) == KeyError::master_key_refused);
      }
    }
  }
}

TEST_CASE("master-key bypass: random values are accepted exactly when the documented shape says so", "[keys][regression]") {
  // An independent statement of docs/keys.md's rule.
  const std::regex shape("^ek_[A-Za-z0-9_-]{1,253}$");
  const std::regex mark("sk-|sk_|sess-", std::regex::icase);
  const std::string alphabet = "eksEKS_-:\"' ab0.%\\/{}=+\t\n\x7f\xc3\xa9";
  std::mt19937_64 rng(12);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string v = i % 3 == 0 ? "ek_" : "";
    const std::size_t n = std::uniform_int_distribution<std::size_t>(0, i % 50 == 0 ? 300 : 12)(rng);
    for (std::size_t j = 0; j < n; ++j) v += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
    std::string detail;
    const KeyError got = check_key_value(v, detail);
    const bool ok = std::regex_match(v, shape) && !std::regex_search(v, mark);
    INFO(v);
    CHECK((got == KeyError::none) == ok);
    if (v.empty()) CHECK(got == KeyError::invalid_key_response);
    else if (!ok) CHECK(got == KeyError::master_key_refused);
    accepted += ok;
  }
  CHECK(accepted > 100);  // the generator does reach valid keys
}

TEST_CASE("attach's check: the same rule, plus a key function's own expiry", "[keys][regression]") {
  const double now = 1764000000000;
  std::string detail;
  CHECK(check_key("ek_abc", std::nullopt, now, detail) == KeyError::none);
  CHECK(check_key("ek_abc", now / 1000 + 60, now, detail) == KeyError::none);
  CHECK(check_key("Bearer:sk-proj-abc", now / 1000 + 60, now, detail) == KeyError::master_key_refused);
  CHECK(check_key("", std::nullopt, now, detail) == KeyError::invalid_key_response);
  CHECK(check_key("ek_abc", now / 1000, now, detail) == KeyError::key_expired_on_arrival);
  CHECK(check_key("ek_abc", now / 1000 - 1, now, detail) == KeyError::key_expired_on_arrival);
  CHECK(check_key("ek_abc", 4102444800 /* 2100 */, now, detail) == KeyError::invalid_key_response);
  // The horizon, to the second (server/key-shape.js draws the same line).
  const double horizonSec = kMaxExpiryAheadMs / 1000;
  CHECK(check_key("ek_abc", now / 1000 + horizonSec - 1, now, detail) == KeyError::none);
  CHECK(check_key("ek_abc", now / 1000 + horizonSec, now, detail) == KeyError::none);
  CHECK(check_key("ek_abc", now / 1000 + horizonSec + 1, now, detail) == KeyError::invalid_key_response);
  CHECK(check_key("ek_abc", std::numeric_limits<double>::quiet_NaN(), now, detail) == KeyError::invalid_key_response);
}
