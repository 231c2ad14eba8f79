// The compiled tool set's loader: any payload, sealed with a matching length
// and SHA-256 so that the fuzzer reaches the structure checks, is refused
// with a reason or loads into a router that plans calls; what loads writes
// back to a set that reads the same.
#include "keys/sha256.hpp"
#include "router/router.hpp"
#include "router/tool_set.hpp"

namespace {
std::string sealed(std::string_view payload) {
  std::string set(rc::kToolSetMagic);
  set.push_back(static_cast<char>(rc::kToolSetVersion));
  set.push_back(static_cast<char>(rc::kToolSetVersion >> 8));
  for (int i = 0; i < 4; ++i) set.push_back(static_cast<char>(payload.size() >> (8 * i)));
  const auto hash = rc::keys::sha256(payload);
  set.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  return set.append(payload);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes = sealed(std::string_view(reinterpret_cast<const char*>(data), size));
  rc::ToolSet set;
  std::string error;
  if (!rc::read_tool_set(bytes, set, error)) {
    if (error.empty()) __builtin_trap();  // a refusal always says why
    return 0;
  }
  // What loads writes back to a set that reads again to the same bytes
  // (the input itself may spell a number in more bytes than needed).
  const std::string written = rc::write_tool_set(set);
  rc::ToolSet again;
  if (!rc::read_tool_set(written, again, error) || rc::write_tool_set(again) != written) __builtin_trap();
  auto router = rc::Router::load(std::move(set), R"({"baseOrigin":"http://127.0.0.1:8080"})", error);
  if (!router) __builtin_trap();
  for (const auto& tool : rc::json::parse(router->public_tools())) {
    const std::string name = tool.value("name", "");
    router->plan(name, R"({"city":"Oslo","days":3,"code":"AB12","when":"2026-12-03","unit":"c","id":"x","seats":1.5})");
    router->plan(name, R"([1,{"a":[null,true,"x"]}])");
  }
  return 0;
}
