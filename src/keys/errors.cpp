#include "keys/errors.hpp"

#include <cstddef>
#include <iterator>

namespace rc::keys {

namespace {

// Each key error once: its name (the JavaScript error's `code`) and its
// sentence for the page author, in the enum's order (checked below), so both
// lookups index the one table.
struct KeyErrorEntry {
  KeyError code;
  std::string_view name;
  std::string_view message;
};

constexpr KeyErrorEntry kKeyErrors[] = {
    {KeyError::none, "none", "No error."},
    {KeyError::key_fetch_failed, "key_fetch_failed",
     "The key endpoint failed (see httpStatus; 0 means a network error). Check the backend and keyEndpoint."},
    {KeyError::key_endpoint_timeout, "key_endpoint_timeout",
     "The key endpoint did not answer in time (fetchTimeoutMs), after retries."},
    {KeyError::invalid_key_response, "invalid_key_response",
     "The key endpoint answered, but not with a key: expected plain text, a JSON string, {value, expires_at, model}, "
     "{client_secret: {value, expires_at}} or {value, expires_at, session}, at most 256 KiB, with expires_at in "
     "epoch seconds at most 4 hours away and model a short lowercase model name."},
    {KeyError::master_key_refused, "master_key_refused",
     "The key endpoint returned something that is not an ephemeral key (ek_ and letters, digits, _ or -; "
     "never an API key such as sk-...). It was refused and dropped unseen: the backend is misconfigured and "
     "must return an ephemeral client secret, never the API key."},
    {KeyError::key_expired_on_arrival, "key_expired_on_arrival",
     "The key endpoint returned a key that expires (by the server's clock) within minValidityMs."},
    {KeyError::key_reused, "key_reused",
     "The key endpoint returned a key it had returned before (a cache in front of it?). A key is handed out "
     "once; the endpoint must mint a new one for every request (Cache-Control: no-store)."},
    {KeyError::key_queue_timeout, "key_queue_timeout",
     "No key came within queueTimeoutMs: too many starts at once, or the key endpoint asked to wait "
     "(Retry-After)."},
    {KeyError::invalid_options, "invalid_options", "The keys options are invalid."},
    {KeyError::disposed, "disposed", "The companion was disposed."},
};

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < std::size(kKeyErrors); ++i)
    if (static_cast<std::size_t>(kKeyErrors[i].code) != i) return false;
  return static_cast<std::size_t>(KeyError::disposed) + 1 == std::size(kKeyErrors);
}
static_assert(in_enum_order(), "kKeyErrors lists every KeyError once, in the enum's order");

const KeyErrorEntry* entry(KeyError e) noexcept {
  const auto i = static_cast<std::size_t>(e);
  return i < std::size(kKeyErrors) ? &kKeyErrors[i] : nullptr;
}

}  // namespace

std::string_view to_string(KeyError e) noexcept {
  const KeyErrorEntry* found = entry(e);
  return found ? found->name : "unknown";
}

std::string_view describe(KeyError e) noexcept {
  const KeyErrorEntry* found = entry(e);
  return found ? found->message : "Unknown error.";
}

}  // namespace rc::keys
