#pragma once
// The one rule for what an ephemeral key looks like. Every key that reaches a
// page passes it: the key endpoint's answer (parse_key_response) and the key a
// page's own function gives attach (the binding's checkKey).
//
// OpenAI's ephemeral keys are "ek_" and 32 hex digits (client_secrets' `value`).
// Accepted: "ek_" followed by 1 to kMaxKeyLength - 3 characters from
// [A-Za-z0-9_-], with no API-key marker (kApiKeyMarkers) anywhere, in any case.
// Everything else is refused as a possible secret: a master key, a key wrapped in
// quotes, JSON or a header ("Bearer:sk-..."), or a key of a scheme the page
// cannot tell from a secret (an Azure key is 32 bare hex digits).
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "keys/errors.hpp"

namespace rc::keys {

inline constexpr std::string_view kEphemeralKeyPrefix = "ek_";
inline constexpr std::size_t kMaxKeyLength = 256;  // OpenAI's are 35 characters

// Standard API keys (sk-, sk-proj-, sk-svcacct-, sk-admin-, sk-None-, sk-ant-),
// look-alike secret-key schemes (sk_live_) and ChatGPT session tokens (sess-).
// Hex digits hold no 's', so no key OpenAI issues contains one of these.
inline constexpr std::array<std::string_view, 3> kApiKeyMarkers = {"sk-", "sk_", "sess-"};

// none, invalid_key_response (empty) or master_key_refused (anything else that
// is not shaped like an ephemeral key). `detail` says which rule, never the value.
KeyError check_key_value(std::string_view value, std::string& detail);

// A key from a page's own key function (attach): the value's shape, then its
// expiry if it has one (`expiresAtSec`, epoch seconds): key_expired_on_arrival
// if it has passed at `nowMs`, invalid_key_response if it is further away than
// a key can live plus the largest believed clock skew.
KeyError check_key(std::string_view value, std::optional<double> expiresAtSec, double nowMs, std::string& detail);

}  // namespace rc::keys
