// Tool definitions and configuration: any JSON must be accepted or refused
// with a message, and an accepted router must plan without a crash.
#include "json/parse.hpp"
#include "router/router.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const rc::ParseResult parsed = rc::parse_json(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed.ok) return 0;
  std::string error;
  const auto router = rc::Router::create(parsed.value, error);
  if (!router) {
    if (error.empty()) __builtin_trap();
    return 0;
  }
  const rc::json publicTools = rc::json::parse(router->public_tools(), nullptr, false);
  if (!publicTools.is_array()) __builtin_trap();
  for (const auto& tool : publicTools) {
    const auto name = tool.find("name");
    if (name != tool.end() && name->is_string()) (void)router->plan(name->get<std::string>(), "{\"a\":1}");
  }
  return 0;
}
