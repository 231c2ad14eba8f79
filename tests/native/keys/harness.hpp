#pragma once
// A fake shell for the key manager: drains commands into plain records (the
// key copied out, as JavaScript would) and answers fetches on demand.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "keys/http_date.hpp"
#include "keys/key_manager.hpp"

namespace rc::keys::test {

// The tests' true time at the start: 2025-11-24T16:00:00Z.
inline constexpr double kT0 = 1764000000000;

// Options under which nothing is fetched until someone asks for a key.
inline KeyOptions no_warmup() {
  KeyOptions o;
  o.prefetchOnCreate = false;
  return o;
}

struct Rec {
  CommandKind kind = CommandKind::none;
  std::uint32_t id = 0;
  double atMs = 0;
  std::string key;
  std::string model;
  KeyError error = KeyError::none;
  int httpStatus = 0;
  EventKind event = EventKind::none;
  std::string keyId, previousKeyId, detail;
  double expiresAtMs = 0, ttlMs = 0;
  int attempts = 0;
};

inline std::vector<Rec> drain(KeyManager& m) {
  std::vector<Rec> out;
  for (Command c = m.nextCommand(); c.kind != CommandKind::none; c = m.nextCommand()) {
    Rec r;
    r.kind = c.kind;
    r.id = c.id;
    r.atMs = c.atMs;
    r.key = std::string(c.key);
    r.model = c.model;
    r.error = c.error;
    r.httpStatus = c.httpStatus;
    r.event = c.event;
    r.keyId = c.keyId;
    r.previousKeyId = c.previousKeyId;
    r.detail = c.detail;
    r.expiresAtMs = c.expiresAtMs;
    r.ttlMs = c.ttlMs;
    r.attempts = c.attempts;
    out.push_back(std::move(r));
  }
  return out;
}

inline std::vector<Rec> only(const std::vector<Rec>& v, CommandKind k) {
  std::vector<Rec> out;
  for (const auto& r : v)
    if (r.kind == k) out.push_back(r);
  return out;
}

inline std::vector<Rec> events(const std::vector<Rec>& v, EventKind e) {
  std::vector<Rec> out;
  for (const auto& r : v)
    if (r.kind == CommandKind::event && r.event == e) out.push_back(r);
  return out;
}

inline std::string date_header(double epochMs) {
  char buf[30];
  return std::string(format_http_date(static_cast<std::int64_t>(epochMs), buf));
}

// {"value": key, "expires_at": sec}
inline std::string value_body(const std::string& key, double expiresAtSec) {
  return "{\"value\":\"" + key + "\",\"expires_at\":" + std::to_string(static_cast<long long>(expiresAtSec)) + "}";
}

inline void answer(KeyManager& m, std::uint32_t fetchId, const std::string& key, double serverNowMs, double lifetimeSec,
                   double localNowMs) {
  std::string body = value_body(key, std::floor(serverNowMs / 1000) + lifetimeSec);
  m.onFetchResponse(fetchId, 200, date_header(serverNowMs), "application/json", body, localNowMs);
}

}  // namespace rc::keys::test
