#pragma once
// The one list of failure codes a tool call can end with. Each becomes
// `{ error: { code, message, tool, ... } }`, handed to the model instead of an
// exception, because DeepChat ends the voice session on a throw.
#include <optional>
#include <string_view>

namespace rc {

enum class ErrorCode {
  unknown_tool,         // the name is not a declared tool (or not a valid name); nothing was fetched
  invalid_arguments,    // not JSON, not an object, or against the tool's schema; nothing was fetched
  arguments_too_complex,  // the arguments cost more to check than the budget allows (docs/validator.md); nothing was fetched
  http_error,           // the backend answered outside 2xx (carries `status` and the start of the body)
  timeout,              // the backend did not answer within the tool's timeoutMs; the request was aborted
  network_error,        // the request could not be made or the connection broke
  response_too_large,   // the answer exceeded maxResponseBytes; reading stopped there
  invalid_response,     // the answer could not be understood (bad JSON, unsupported content type)
  blocked_destination,  // the backend redirected away from the base URL's origin; not followed
  internal_error,       // a bug in realtime-companion; reported instead of thrown
  declined,             // the tool needs approval and the user declined (or no one could be asked); nothing was run
};

std::string_view to_string(ErrorCode code);
std::optional<ErrorCode> error_code_from_string(std::string_view name);

}  // namespace rc
