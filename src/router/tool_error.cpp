#include "router/tool_error.hpp"

namespace rc {

std::string printable_tool_name(std::string_view name) {
  constexpr std::size_t kMax = 64;
  if (name.size() <= kMax) return std::string(name);
  std::size_t cut = kMax;
  // Do not split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  return std::string(name.substr(0, cut)) + "…";
}

ToolError::ToolError(ErrorCode code, std::string_view tool, std::string_view message, std::size_t room) {
  if (room > text_.capacity()) text_.reserve(room);
  writer_.string("code", to_string(code)).string("message", message).string("tool", printable_tool_name(tool));
}

std::string ToolError::text() {
  writer_.close();
  text_ += '}';
  return std::move(text_);
}

}  // namespace rc
