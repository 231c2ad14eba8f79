#include "keys/errors.hpp"

namespace rc::keys {

std::string_view to_string(KeyError e) noexcept {
  switch (e) {
    case KeyError::none: return "none";
    case KeyError::key_fetch_failed: return "key_fetch_failed";
    case KeyError::key_endpoint_timeout: return "key_endpoint_timeout";
    case KeyError::invalid_key_response: return "invalid_key_response";
    case KeyError::master_key_refused: return "master_key_refused";
    case KeyError::key_expired_on_arrival: return "key_expired_on_arrival";
    case KeyError::key_reused: return "key_reused";
    case KeyError::key_queue_timeout: return "key_queue_timeout";
    case KeyError::invalid_options: return "invalid_options";
    case KeyError::disposed: return "disposed";
  }
  return "unknown";
}

std::string_view describe(KeyError e) noexcept {
  switch (e) {
    case KeyError::none: return "No error.";
    case KeyError::key_fetch_failed:
      return "The key endpoint failed (see httpStatus; 0 means a network error). Check the backend and keyEndpoint.";
    case KeyError::key_endpoint_timeout:
      return "The key endpoint did not answer in time (fetchTimeoutMs), after retries.";
    case KeyError::invalid_key_response:
      return "The key endpoint answered, but not with a key: expected plain text, a JSON string, {value, expires_at, model}, "
             "{client_secret: {value, expires_at}} or {value, expires_at, session}, at most 256 KiB, with expires_at in "
             "epoch seconds at most 4 hours away and model a short lowercase model name.";
    case KeyError::master_key_refused:
      return "The key endpoint returned something that is not an ephemeral key (ek_ and letters, digits, _ or -; "
             "never an API key such as sk-...). It was refused and dropped unseen: the backend is misconfigured and "
             "must return an ephemeral client secret, never the API key.";
    case KeyError::key_expired_on_arrival:
      return "The key endpoint returned a key that expires (by the server's clock) within minValidityMs.";
    case KeyError::key_reused:
      return "The key endpoint returned a key it had returned before (a cache in front of it?). A key is handed out "
             "once; the endpoint must mint a new one for every request (Cache-Control: no-store).";
    case KeyError::key_queue_timeout:
      return "No key came within queueTimeoutMs: too many starts at once, or the key endpoint asked to wait "
             "(Retry-After).";
    case KeyError::invalid_options:
      return "The keys options are invalid.";
    case KeyError::disposed:
      return "The companion was disposed.";
  }
  return "Unknown error.";
}

}  // namespace rc::keys
