#include "keys/key_shape.hpp"

#include <cmath>

#include "keys/openai_limits.hpp"

namespace rc::keys {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool contains_ci(std::string_view s, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= s.size(); ++i) {
    std::size_t j = 0;
    while (j < needle.size() && lower(s[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

}  // namespace

KeyError check_key_value(std::string_view v, std::string& detail) {
  if (v.empty()) {
    detail = "the key is empty";
    return KeyError::invalid_key_response;
  }
  // The marker is looked for first and everywhere, so that a master key is
  // named as such however it is wrapped or prefixed.
  for (std::string_view marker : kApiKeyMarkers) {
    if (contains_ci(v, marker)) {
      // Not quoting the marker: no detail holds a piece of a refused value.
      detail = "the value holds the mark of a standard API key or session token";
      return KeyError::master_key_refused;
    }
  }
  if (v.size() > kMaxKeyLength) {
    detail = "the value is longer than " + std::to_string(kMaxKeyLength) + " characters";
    return KeyError::master_key_refused;
  }
  if (v.substr(0, kEphemeralKeyPrefix.size()) != kEphemeralKeyPrefix || v.size() == kEphemeralKeyPrefix.size()) {
    detail = "the value does not start with \"ek_\" and a key, as OpenAI's ephemeral keys do";
    return KeyError::master_key_refused;
  }
  for (char c : v) {
    if (!key_char(c)) {
      detail = "the value holds a character other than A-Z a-z 0-9 _ - (a quote, ':', whitespace, a control or "
               "non-ASCII character)";
      return KeyError::master_key_refused;
    }
  }
  return KeyError::none;
}

KeyError check_key(std::string_view value, std::optional<double> expiresAtSec, double nowMs, std::string& detail) {
  if (const KeyError e = check_key_value(value, detail); e != KeyError::none) return e;
  if (!expiresAtSec) return KeyError::none;
  const double at = *expiresAtSec * 1000;
  static_assert(kMaxExpiryAheadMs == 4 * 3600 * 1000.0, "the detail below names the horizon");
  if (!std::isfinite(at) || at - nowMs > kMaxExpiryAheadMs) {
    detail = "expires_at is more than 4 hours away (OpenAI's keys live at most 2 hours)";
    return KeyError::invalid_key_response;
  }
  if (at <= nowMs) {
    detail = "the key has expired";
    return KeyError::key_expired_on_arrival;
  }
  return KeyError::none;
}

}  // namespace rc::keys
