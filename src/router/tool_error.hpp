#pragma once
// Builds the `{ error: { code, message, tool, ... } }` object that replaces an
// exception: DeepChat passes it to the model, which can retry or tell the user.
#include <string>
#include <string_view>

#include "json/parse.hpp"
#include "router/error_code.hpp"

namespace rc {

// `extra` members (an object, or null) are merged into the error object.
json tool_error(ErrorCode code, std::string_view tool, std::string message, json extra = nullptr);

// A name from the model, shortened so that no hostile name bloats a message.
std::string printable_tool_name(std::string_view name);

}  // namespace rc
