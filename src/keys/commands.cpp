#include "keys/commands.hpp"

namespace rc::keys {

std::string_view to_string(CommandKind k) noexcept {
  switch (k) {
    case CommandKind::none: return "none";
    case CommandKind::start_fetch: return "start_fetch";
    case CommandKind::abort_fetch: return "abort_fetch";
    case CommandKind::set_timer: return "set_timer";
    case CommandKind::clear_timer: return "clear_timer";
    case CommandKind::resolve: return "resolve";
    case CommandKind::reject: return "reject";
    case CommandKind::event: return "event";
  }
  return "none";
}

std::string_view to_string(EventKind k) noexcept {
  switch (k) {
    case EventKind::none: return "none";
    case EventKind::fetched: return "fetched";
    case EventKind::handed_out: return "handed_out";
    case EventKind::refreshed: return "refreshed";
    case EventKind::expired: return "expired";
    case EventKind::refused: return "refused";
    case EventKind::failed: return "failed";
  }
  return "none";
}

}  // namespace rc::keys
