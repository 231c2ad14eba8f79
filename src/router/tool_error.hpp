#pragma once
// Writes the `{ error: { code, message, tool, ... } }` object that replaces an
// exception: DeepChat passes it to the model, which can retry or tell the user.
// Written as text: the browser core builds no JSON tree.
#include <cstdint>
#include <string>
#include <string_view>

#include "json/write.hpp"
#include "router/error_code.hpp"

namespace rc {

// ToolError(code, tool, message).number("status", 404).text(): members after
// code, message and tool are the error's details.
class ToolError {
 public:
  // `room`: the bytes the whole text will take, when known (reserved once, not grown step by step).
  ToolError(ErrorCode code, std::string_view tool, std::string_view message, std::size_t room = 0);
  ToolError& number(std::string_view name, std::int64_t value) { return writer_.number(name, value), *this; }
  ToolError& string(std::string_view name, std::string_view value) { return writer_.string(name, value), *this; }
  ToolError& raw(std::string_view name, std::string_view jsonText) { return writer_.raw(name, jsonText), *this; }
  std::string text();

 private:
  std::string text_ = "{\"error\":";
  ObjectWriter writer_{text_};
};

inline std::string tool_error(ErrorCode code, std::string_view tool, std::string_view message) {
  return ToolError(code, tool, message).text();
}

// A name from the model, shortened so that no hostile name bloats a message.
std::string printable_tool_name(std::string_view name);

}  // namespace rc
