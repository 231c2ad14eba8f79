#pragma once
// The key piece's layouts, declared once (see bindings/browser/wire.hpp for
// the wire itself): what its C exports (bindings/keys/exports.txt) return,
// each field's offset and type exported by bindings/keys/wire_declaration.cpp.
#include <cstdint>

#include "../browser/wire.hpp"

namespace rc::wire {

// A key manager's command (rc::keys::Command): every field is there; each kind reads its own.
struct KeyCommand {
  double atMs;
  double expiresAtMs;
  double ttlMs;
  double clockSkewMs;
  std::uint32_t kind;   // rc::keys::CommandKind
  std::uint32_t id;
  std::uint32_t error;  // rc::keys::KeyError
  std::int32_t httpStatus;
  std::uint32_t event;  // rc::keys::EventKind
  std::int32_t attempts;
  Text key;
  Text model;
  Text keyId;
  Text previousKeyId;
  Text detail;
};

// A key manager's status (rc::keys::KeyStatus); the counters as doubles (exact to 2^53).
struct KeyStatus {
  double expiresAt;
  double ttlMs;
  double clockSkewMs;
  double keysFetched;
  double keysHandedOut;
  double fetchesStarted;
  std::uint32_t state;  // rc::keys::KeyState
  std::uint32_t mode;   // rc::keys::KeyMode
  std::int32_t readyKeys;
  std::int32_t fetchesInFlight;
  std::int32_t waiters;
  std::uint32_t prefetching;  // 0 or 1
  std::uint32_t lastError;    // rc::keys::KeyError
  std::int32_t lastHttpStatus;
  Text keyId;
};

// Why a key from a page's own key function may not be used (keys/key_shape.hpp);
// error is none when it may.
struct KeyCheck {
  std::uint32_t error;  // rc::keys::KeyError
  Text detail;
};

}  // namespace rc::wire
