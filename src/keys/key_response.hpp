#pragma once
// What a key endpoint's 2xx body means: which shape, the key, its expiry; and
// the refusal of anything that is not an ephemeral key.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "keys/errors.hpp"
#include "keys/key_shape.hpp"
#include "keys/secret.hpp"

namespace rc::keys {

inline constexpr std::size_t kMaxBodyBytes = 256 * 1024;  // a GA response with a large `session` still fits
inline constexpr std::size_t kMaxModelLength = 64;        // "gpt-realtime-2.1-mini" is 21

enum class KeyShape : std::uint8_t {
  none = 0,
  plain_text,     // the key as the whole body (surrounding blanks trimmed)
  json_string,    // "ek_..."
  value_object,   // { value, expires_at[, model] } (our key endpoint; a FastAPI client_secret endpoint); also GA
                  // { value, expires_at, session }
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
  std::string model;                   // the key's model (`model`, else `session.model`); empty if none
};

// A model name as OpenAI spells them ("gpt-realtime", "gpt-realtime-2.1-mini"):
// 1 to kMaxModelLength of [a-z0-9._-], the first a letter or digit. OpenAI
// documents no pattern (openapi.yaml types `model` as any string beside its
// list of names, every one starting with a letter), so this is the stricter of
// the two rules once written here and in JavaScript.
bool valid_model_name(std::string_view model) noexcept;

// Parses a 2xx body. The value must pass check_key_value (keys/key_shape.hpp);
// a `model` that is present must be a valid_model_name (null counts as absent).
// Bodies that start with '{', '[' or '"', or whose content
// type mentions json, are JSON; HTML is refused; anything else is plain text.
// The caller still owns `body` (and should wipe it); every copy made here is
// wiped before returning.
KeyResponse parse_key_response(std::string_view contentType, std::string_view body);

}  // namespace rc::keys
