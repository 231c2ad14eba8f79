// Regression: Node truncates a fractional setTimeout delay, so the shell's
// timer fired up to 1 ms before the time the core asked for. The core saw
// "not due yet", did not re-send set_timer (it thought the timer was still
// armed), and a retry after a 500 never happened: the caller waited forever.
#include <catch2/catch.hpp>

#include <vector>

#include "keys/key_manager.hpp"

using namespace rc::keys;

namespace {
std::vector<Command> drain(KeyManager& m) {
  std::vector<Command> out;
  for (Command c = m.nextCommand(); c.kind != CommandKind::none; c = m.nextCommand()) out.push_back(c);
  return out;
}
const Command* find(const std::vector<Command>& commands, CommandKind kind) {
  for (const auto& c : commands)
    if (c.kind == kind) return &c;
  return nullptr;
}
}  // namespace

TEST_CASE("early timer: a timer that fires before its time is re-armed, and the retry happens", "[keys][regression]") {
  KeyOptions options;
  options.prefetchOnCreate = false;
  const double t0 = 1764000000000;
  KeyManager m(options, t0, 7);
  m.requestKey(t0);
  const auto first = drain(m);
  REQUIRE(find(first, CommandKind::start_fetch));
  std::string body = "boom";
  m.onFetchResponse(find(first, CommandKind::start_fetch)->id, 500, "", "text/plain", body, t0 + 10);
  const auto afterFailure = drain(m);
  const Command* timer = find(afterFailure, CommandKind::set_timer);
  REQUIRE(timer);
  const double due = timer->atMs;

  m.onTimer(due - 0.5);  // early
  const auto early = drain(m);
  const Command* rearmed = find(early, CommandKind::set_timer);
  REQUIRE(rearmed);
  CHECK(rearmed->atMs == due);
  CHECK_FALSE(find(early, CommandKind::start_fetch));

  m.onTimer(due);
  CHECK(find(drain(m), CommandKind::start_fetch));
}
