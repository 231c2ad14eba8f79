#pragma once
// Every way getting a key can fail, as one enum. The JavaScript layer maps a
// code to its typed error through one function; messages never hold a key.
#include <cstdint>
#include <string_view>

namespace rc::keys {

enum class KeyError : std::uint8_t {
  none = 0,               // no error
  key_fetch_failed,       // the key endpoint answered a non-2xx status (httpStatus says which; 401/403 are not
                          // retried) or the request failed at the network level (httpStatus 0), after retries
  key_endpoint_timeout,   // the key endpoint did not answer within fetchTimeoutMs, after retries
  invalid_key_response,   // 2xx, but the body is none of the accepted shapes (or HTML, empty, larger than
                          // 256 KiB, expires_at not epoch seconds or more than 4 h away, a malformed model)
  master_key_refused,     // the value is not shaped like an ephemeral key (keys/key_shape.hpp): an API-key mark
                          // (sk-, sk_, sess-) anywhere, no ek_ prefix, a character outside [A-Za-z0-9_-], or too
                          // long. The backend is misconfigured; the value was dropped unseen
  key_expired_on_arrival, // the key expires (by the server's clock) within minValidityMs of arriving
  key_reused,             // the endpoint (or a cache in front of it) returned a key it had returned before
  key_queue_timeout,      // the caller waited queueTimeoutMs (behind other callers, or a Retry-After) for a key
  invalid_options,        // the `keys` options are malformed (see parse_options' message)
  disposed,               // the companion was disposed before a key could be handed out (stays last: the
                          // bindings list every code up to it)
};

// Stable snake_case name of `e` (the `code` of the JavaScript error).
std::string_view to_string(KeyError e) noexcept;

// One sentence for the page author: what went wrong and what to check.
std::string_view describe(KeyError e) noexcept;

}  // namespace rc::keys
