// The key piece's wire declaration, read once by common/marshal.js when the
// module loads: the longest key JavaScript copies in, the key enums' names
// (and the key errors' sentences) from their tables (text/enum_table.hpp), and the records
// of key_wire.hpp with their offsets and types.
#include <cstddef>
#include <string_view>

#include "../browser/declaration_writer.hpp"
#include "key_wire.hpp"
#include "keys/commands.hpp"
#include "keys/errors.hpp"
#include "keys/key_manager.hpp"
#include "keys/key_shape.hpp"
#include "keys/options.hpp"

namespace {

constexpr void declare(rc::wire::DeclarationWriter& w) {
  w.open("constants");
  w.number("maxKeyLength", rc::keys::kMaxKeyLength);
  w.close();

  w.open("enums");
  w.names("KeyError", rc::keys::kKeyErrorNames);
  w.names("CommandKind", rc::keys::kCommandKindNames);
  w.names("EventKind", rc::keys::kEventKindNames);
  w.names("KeyState", rc::keys::kKeyStateNames);
  w.names("KeyMode", rc::keys::kKeyModeNames);
  w.close();

  w.open("messages");
  w.names("KeyError", rc::keys::kKeyErrorMessages);
  w.close();

  using rc::wire::KeyCheck;
  using rc::wire::KeyCommand;
  using rc::wire::KeyStatus;
  static_assert(alignof(KeyCommand) == 8 && alignof(KeyStatus) == 8, "common/marshal.js reads doubles through HEAPF64");
  w.open("layouts");
  w.open("KeyCommand");
  RC_FIELD(w, KeyCommand, atMs, "f64");
  RC_FIELD(w, KeyCommand, expiresAtMs, "f64");
  RC_FIELD(w, KeyCommand, ttlMs, "f64");
  RC_FIELD(w, KeyCommand, clockSkewMs, "f64");
  RC_FIELD(w, KeyCommand, kind, "CommandKind");
  RC_FIELD(w, KeyCommand, id, "u32");
  RC_FIELD(w, KeyCommand, error, "KeyError");
  RC_FIELD(w, KeyCommand, httpStatus, "i32");
  RC_FIELD(w, KeyCommand, event, "EventKind");
  RC_FIELD(w, KeyCommand, attempts, "i32");
  RC_FIELD(w, KeyCommand, key, "text");
  RC_FIELD(w, KeyCommand, model, "text");
  RC_FIELD(w, KeyCommand, keyId, "text");
  RC_FIELD(w, KeyCommand, previousKeyId, "text");
  RC_FIELD(w, KeyCommand, detail, "text");
  w.close();
  w.open("KeyStatus");
  RC_FIELD(w, KeyStatus, state, "KeyState");
  RC_FIELD(w, KeyStatus, mode, "KeyMode");
  RC_FIELD(w, KeyStatus, expiresAt, "f64");
  RC_FIELD(w, KeyStatus, ttlMs, "f64");
  RC_FIELD(w, KeyStatus, keyId, "text");
  RC_FIELD(w, KeyStatus, readyKeys, "i32");
  RC_FIELD(w, KeyStatus, fetchesInFlight, "i32");
  RC_FIELD(w, KeyStatus, waiters, "i32");
  RC_FIELD(w, KeyStatus, prefetching, "bool");
  RC_FIELD(w, KeyStatus, clockSkewMs, "f64");
  RC_FIELD(w, KeyStatus, lastError, "KeyError");
  RC_FIELD(w, KeyStatus, lastHttpStatus, "i32");
  RC_FIELD(w, KeyStatus, keysFetched, "f64");
  RC_FIELD(w, KeyStatus, keysHandedOut, "f64");
  RC_FIELD(w, KeyStatus, fetchesStarted, "f64");
  w.close();
  w.open("KeyCheck");
  RC_FIELD(w, KeyCheck, error, "KeyError");
  RC_FIELD(w, KeyCheck, detail, "text");
  w.close();
  rc::wire::declare_text_layout(w);
  w.close();
}

}  // namespace

// The declaration as JSON text.
extern "C" const rc::wire::Text* rc_wire_declaration() { return rc::wire::declaration_of<declare>(); }
