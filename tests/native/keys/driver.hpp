#pragma once
// A discrete-event fake world for the key manager: true time, a client clock
// that is `skewMs` off, one timer, and a backend answering each fetch after a
// latency. What the shell would do with each command, done synchronously.
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness.hpp"

namespace rc::keys::test {

struct Answer {
  enum Kind { ok, network_error, never } kind = ok;
  int status = 200;
  std::string body;
  std::string contentType = "application/json";
  bool withDate = true;
  double upMs = 50;    // client -> server
  double downMs = 50;  // server -> client
};

// Mints one-minute (or `lifetimeSec`) keys stamped by the server's (true) clock.
struct MintingBackend {
  double lifetimeSec = 60;
  std::uint64_t minted = 0;
  std::map<std::string, double> expiryMs;  // key -> true expiry
  Answer operator()(double serverNowMs) {
    Answer a;
    const std::string key = "ek_" + std::to_string(++minted) + "_" + std::to_string(static_cast<long long>(serverNowMs));
    const double exp = std::floor(serverNowMs / 1000) + lifetimeSec;
    expiryMs[key] = exp * 1000;
    a.body = value_body(key, exp);
    return a;
  }
};

class Driver {
 public:
  using BackendFn = std::function<Answer(std::uint32_t fetchId, double serverNowMs)>;

  Driver(const KeyOptions& o, double trueStartMs, double skewMs, BackendFn backend, std::uint64_t seed = 7)
      : trueNow(trueStartMs), skew(skewMs), backend_(std::move(backend)), m(o, trueStartMs + skewMs, seed) {
    process();
  }

  double local() const { return trueNow + skew; }

  std::uint32_t request() {
    const auto id = m.requestKey(local());
    process();
    return id;
  }

  // Advances true time to `t`, delivering answers and timer wake-ups on the way.
  void runUntil(double t) {
    constexpr double kInf = 1e300;
    for (;;) {
      const double nextAnswer = pending_.empty() ? kInf : pending_.begin()->first;
      const double nextTimer = timerTrue_ ? *timerTrue_ : kInf;
      const double next = std::min(nextAnswer, nextTimer);
      if (next > t) break;
      trueNow = std::max(trueNow, next);
      if (nextTimer <= nextAnswer) {
        timerTrue_.reset();
        ++timerFirings;
        m.onTimer(local());
      } else {
        auto it = pending_.begin();
        auto [fetchId, answer] = it->second;
        pending_.erase(it);
        if (answer.kind == Answer::network_error) {
          m.onFetchFailed(fetchId, local());
        } else {
          const std::string date = answer.withDate ? date_header(serverTimeOf_[fetchId]) : std::string();
          m.onFetchResponse(fetchId, answer.status, date, answer.contentType, answer.body, local());
        }
      }
      process();
    }
    trueNow = std::max(trueNow, t);
  }

  void process() {
    for (Rec& r : drain(m)) {
      switch (r.kind) {
        case CommandKind::start_fetch: {
          ++fetchesStarted;
          // The server answers at true time now + up; the answer lands at + down.
          Answer probe = backend_(r.id, trueNow);  // latency decided by the backend too
          const double serverAt = trueNow + probe.upMs;
          serverTimeOf_[r.id] = serverAt;
          if (probe.kind != Answer::never) pending_.insert({serverAt + probe.downMs, {r.id, probe}});
          break;
        }
        case CommandKind::abort_fetch:
          ++aborts;
          for (auto it = pending_.begin(); it != pending_.end(); ++it)
            if (it->second.first == r.id) {
              pending_.erase(it);
              break;
            }
          break;
        case CommandKind::set_timer: timerTrue_ = r.atMs - skew; break;
        case CommandKind::clear_timer: timerTrue_.reset(); break;
        case CommandKind::resolve: resolved[r.id] = {r.key, trueNow}; break;
        case CommandKind::reject:
          rejected[r.id] = r;
          rejectedAt[r.id] = trueNow;
          break;
        default: break;
      }
      log.push_back(std::move(r));
    }
  }

  std::size_t count(EventKind e) const {
    std::size_t n = 0;
    for (const auto& r : log) n += r.kind == CommandKind::event && r.event == e;
    return n;
  }

  double trueNow;
  double skew;
  std::uint64_t fetchesStarted = 0;
  std::uint64_t aborts = 0;
  std::uint64_t timerFirings = 0;
  struct Resolution {
    std::string key;
    double atTrueMs;
  };
  std::map<std::uint32_t, Resolution> resolved;
  std::map<std::uint32_t, Rec> rejected;
  std::map<std::uint32_t, double> rejectedAt;  // true time
  std::vector<Rec> log;

 private:
  BackendFn backend_;
  std::multimap<double, std::pair<std::uint32_t, Answer>> pending_;
  std::map<std::uint32_t, double> serverTimeOf_;
  std::optional<double> timerTrue_;

 public:
  KeyManager m;  // last: built after the members it reports into
};

}  // namespace rc::keys::test
