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
  invalid_key_response,   // 2xx, but the body is none of the accepted shapes (or HTML, empty, too large,
                          // expires_at not epoch seconds)
  master_key_refused,     // the value looks like a standard API key (sk-, sk-proj-, sk-svcacct-, sk-admin-, ...),
                          // holds whitespace/control/non-ASCII characters, or is absurdly long: the backend is
                          // misconfigured; the value was dropped unseen
  key_expired_on_arrival, // the key expires (by the server's clock) within minValidityMs of arriving
  invalid_options,        // the `keys` options are malformed (see parse_options' message)
  disposed,               // the companion was disposed before a key could be handed out
};

// Stable snake_case name of `e` (the `code` of the JavaScript error).
std::string_view to_string(KeyError e) noexcept;

// One sentence for the page author: what went wrong and what to check.
std::string_view describe(KeyError e) noexcept;

}  // namespace rc::keys
