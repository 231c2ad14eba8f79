#pragma once
// What a key endpoint's 2xx body means: which shape, the key, its expiry; and
// the refusal of anything that is not an ephemeral key.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "keys/errors.hpp"
#include "keys/secret.hpp"

namespace rc::keys {

inline constexpr std::size_t kMaxBodyBytes = 256 * 1024;  // a GA response with a large `session` still fits
inline constexpr std::size_t kMaxKeyLength = 2048;        // "absurdly long": real ephemeral keys are ~50 chars

enum class KeyShape : std::uint8_t {
  none = 0,
  plain_text,     // the key as the whole body (surrounding blanks trimmed)
  json_string,    // "ek_..."
  value_object,   // { value, expires_at } (the seed's FastAPI client_secret); also GA { value, expires_at, session }
  client_secret,  // { client_secret: { value, expires_at } } (OpenAI's beta sessions response passed through)
};

std::string_view to_string(KeyShape s) noexcept;

struct KeyResponse {
  KeyError error = KeyError::none;     // none, invalid_key_response or master_key_refused
  std::string detail;                  // why, for the page author; never any part of the value
  KeyShape shape = KeyShape::none;
  Secret value;                        // the key when error == none
  std::optional<double> expiresAtSec;  // absent: the caller assumes the default lifetime
  bool hasSession = false;             // the GA shape's `session` was present
};

// Checks one candidate value: none, invalid_key_response (empty) or
// master_key_refused (API-key shape, a byte outside printable ASCII, or longer
// than kMaxKeyLength). `detail` says which rule, never the value.
KeyError check_key_value(std::string_view value, std::string& detail);

// Parses a 2xx body. Bodies that start with '{', '[' or '"', or whose content
// type mentions json, are JSON; HTML is refused; anything else is plain text.
// The caller still owns `body` (and should wipe it); every copy made here is
// wiped before returning.
KeyResponse parse_key_response(std::string_view contentType, std::string_view body);

}  // namespace rc::keys
