// The key manager of the key piece (bindings/keys/key_bindings.cpp) behind its
// C handle, and its key-shape check. Commands and status are records
// read by the marshal (common/marshal.js); delete() frees the manager.
import { readRecord, textAt, wireOf, withInputs } from '../common/marshal.js';

export class CoreKeyManager {
  /** @param {string} optionsText the `keys` options as JSON text */
  constructor(module, optionsText, nowMs, seedHigh, seedLow) {
    this.module = module;
    this.handle = withInputs(module, [optionsText], (at, bytes) => module._rc_keys_new(at, bytes, nowMs, seedHigh, seedLow));
  }

  /** Why the options were refused, or ''. */
  error() { return textAt(this.module, this.module._rc_keys_error(this.handle)); }
  requestKey(now) { return this.module._rc_keys_request_key(this.handle, now); }
  cancelRequest(id, now) { this.module._rc_keys_cancel_request(this.handle, id, now); }
  onFetchResponse(id, status, date, contentType, retryAfter, bodyTooLarge, body, now) {
    withInputs(this.module, [date, contentType, retryAfter, body], (...texts) =>
      this.module._rc_keys_on_fetch_response(this.handle, id, status, texts[0], texts[1], texts[2], texts[3], texts[4],
        texts[5], bodyTooLarge ? 1 : 0, texts[6], texts[7], now));
  }
  onFetchFailed(id, now) { this.module._rc_keys_on_fetch_failed(this.handle, id, now); }
  onTimer(now) { this.module._rc_keys_on_timer(this.handle, now); }
  setVisible(visible, now) { this.module._rc_keys_set_visible(this.handle, visible ? 1 : 0, now); }
  setSessionActive(active, now) { this.module._rc_keys_set_session_active(this.handle, active ? 1 : 0, now); }
  dispose() { this.module._rc_keys_dispose(this.handle); }

  /** The next command (KeyCommand in wire.hpp), enums by name, with the error's `message` ('' for none). */
  nextCommand() {
    const command = readRecord(this.module, 'KeyCommand', this.module._rc_keys_next_command(this.handle));
    command.message = messageOf(this.module, command.error);
    return command;
  }
  /** The manager's status (KeyStatus in wire.hpp), enums by name. */
  status(now) { return readRecord(this.module, 'KeyStatus', this.module._rc_keys_status(this.handle, now)); }

  delete() {
    if (this.handle) this.module._rc_keys_delete(this.handle);
    this.handle = 0;
  }
}

/**
 * The core's key-shape rule (keys/key_shape.hpp): `{ error, message, detail }`, error 'none' when
 * the key may be used. `value` is cut by the caller (at most maxKeyLength + 1 units cross).
 */
export function checkKeyShape(module, value, expiresAtSec, nowMs) {
  const verdict = withInputs(module, [value], (at, bytes) =>
    readRecord(module, 'KeyCheck', module._rc_key_check(at, bytes, expiresAtSec, nowMs)));
  verdict.message = messageOf(module, verdict.error);
  return verdict;
}

const messageOf = (module, error) => wireOf(module).messages.KeyError[wireOf(module).codes.KeyError[error]] ?? '';
