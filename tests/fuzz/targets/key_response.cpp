// What a key endpoint returns: any body, content type, status and Date header
// must be accepted as a key or refused, and a refused value must never show up
// in the detail, an event or the status.
#include <cstring>

#include "keys/key_manager.hpp"
#include "keys/key_response.hpp"

namespace {
std::pair<std::string, std::string> split(const std::string& input) {
  const auto cut = input.find('\0');
  if (cut == std::string::npos) return {input, ""};
  return {input.substr(0, cut), input.substr(cut + 1)};
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto [contentType, rest] = split(input);
  const auto [dateHeader, body] = split(rest);

  const rc::keys::KeyResponse parsed = rc::keys::parse_key_response(contentType, body);
  // A refused master key must not leak into the message. (Checked on the key's
  // shape: the body itself may be any substring of a fixed message.)
  if (const auto at = body.find("sk-"); parsed.error == rc::keys::KeyError::master_key_refused &&
                                        at != std::string::npos && body.size() >= at + 11 &&
                                        parsed.detail.find(body.substr(at, 11)) != std::string::npos)
    __builtin_trap();

  using namespace rc::keys;
  KeyOptions options;
  options.prefetchOnCreate = false;
  const double t0 = 1764000000000;
  KeyManager manager(options, t0, data[0]);
  manager.requestKey(t0);
  std::uint32_t fetchId = 0;
  for (Command c = manager.nextCommand(); c.kind != CommandKind::none; c = manager.nextCommand())
    if (c.kind == CommandKind::start_fetch) fetchId = c.id;
  std::string bodyCopy = body;
  const int status = 100 + data[0] * 2;
  manager.onFetchResponse(fetchId, status, dateHeader, contentType, bodyCopy, t0 + 50);
  if (!bodyCopy.empty()) __builtin_trap();  // the body is consumed (wiped)
  for (Command c = manager.nextCommand(); c.kind != CommandKind::none; c = manager.nextCommand()) {
    if (c.kind == CommandKind::event && c.event == EventKind::refused && !c.keyId.empty()) __builtin_trap();
  }
  manager.onTimer(t0 + 3600000);
  while (manager.nextCommand().kind != CommandKind::none) {
  }
  (void)manager.status(t0 + 3600000);
  return 0;
}
