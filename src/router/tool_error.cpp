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

json tool_error(ErrorCode code, std::string_view tool, std::string message, json extra) {
  json error = {{"code", std::string(to_string(code))}, {"message", std::move(message)}, {"tool", printable_tool_name(tool)}};
  if (extra.is_object())
    for (auto& [key, value] : extra.items()) error[key] = std::move(value);
  return json{{"error", std::move(error)}};
}

}  // namespace rc
