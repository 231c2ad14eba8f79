#pragma once
// The ephemeral-key lifecycle as a sans-I/O state machine. The shell reports
// what happened (calls below, with the local time) and then drains
// nextCommand() until it returns kind none, doing what each command says.
// Nothing here reads a clock, does I/O or draws randomness: the jitter comes
// from a generator seeded at construction.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "keys/commands.hpp"
#include "keys/errors.hpp"
#include "keys/options.hpp"
#include "keys/secret.hpp"
#include "keys/seen_keys.hpp"

namespace rc::keys {

// Where the manager stands (its table: keys/key_states.def).
enum class KeyState : std::uint8_t {
#define RC_ENUM_ROW(id, name, message) id,
#include "keys/key_states.def"
};
inline constexpr std::string_view kKeyStateNames[] = {
#define RC_ENUM_ROW(id, name, message) name,
#include "keys/key_states.def"
};
#define RC_ENUM_ROW(id, name, message) static_assert(spells(#id, name), "KeyState: " #id);
#include "keys/key_states.def"

constexpr std::string_view to_string(KeyState s) noexcept { return column_of(kKeyStateNames, s, "empty"); }

struct KeyStatus {
  KeyState state = KeyState::empty;
  KeyMode mode = KeyMode::per_session;
  double expiresAtMs = 0;   // expiry (local clock, skew corrected) of the next key to hand out; 0 if none
  double ttlMs = 0;         // expiresAtMs - now; 0 if none
  std::string keyId;        // id of that key; empty if none
  int readyKeys = 0;
  int fetchesInFlight = 0;
  int waiters = 0;
  bool prefetching = false; // background fetching active (visible, not idle, not in a session, no failure pause)
  double clockSkewMs = 0;   // last server - local estimate
  KeyError lastError = KeyError::none;
  int lastHttpStatus = 0;
  std::uint64_t keysFetched = 0;     // keys accepted (minted by the backend)
  std::uint64_t keysHandedOut = 0;
  std::uint64_t fetchesStarted = 0;  // backend requests, retries included
};

// What the shell read of a key endpoint's answer, besides the body.
struct FetchAnswer {
  int httpStatus = 0;
  std::string_view dateHeader;    // may be empty
  std::string_view contentType;   // may be empty
  std::string_view retryAfter;    // may be empty; honoured on retryable statuses (429, 503, ...)
  bool bodyTooLarge = false;      // the shell stopped reading past kMaxBodyBytes; the body is empty
};

class KeyManager {
 public:
  // `nowMs`: local time, ms since the epoch (performance.timeOrigin +
  // performance.now() is steadier than Date.now()). `seed`: for the backoff
  // jitter (crypto.getRandomValues in the shell, fixed in tests).
  KeyManager(const KeyOptions& options, double nowMs, std::uint64_t seed);
  KeyManager(const KeyManager&) = delete;
  KeyManager& operator=(const KeyManager&) = delete;
  ~KeyManager();

  // --- What happened (the shell's reports) ---
  // A caller wants a key (fetchEphemeralKey()). Returns its waiter id; when a
  // key is ready the resolve command is already queued (no network wait).
  std::uint32_t requestKey(double nowMs);
  // The caller gave up (e.g. an AbortSignal); its fetch, if any, feeds the pool.
  void cancelRequest(std::uint32_t waiterId, double nowMs);
  // Fetch `fetchId` got an HTTP answer. `body` is consumed: overwritten and
  // emptied before returning.
  void onFetchResponse(std::uint32_t fetchId, const FetchAnswer& answer, std::string& body, double nowMs);
  // The same, for an answer without Retry-After whose body was read whole.
  void onFetchResponse(std::uint32_t fetchId, int httpStatus, std::string_view dateHeader, std::string_view contentType,
                       std::string& body, double nowMs) {
    onFetchResponse(fetchId, FetchAnswer{httpStatus, dateHeader, contentType, {}, false}, body, nowMs);
  }
  // Fetch `fetchId` failed below HTTP (network error, CORS, offline).
  void onFetchFailed(std::uint32_t fetchId, double nowMs);
  // The timer set by set_timer fired (early or late calls are harmless).
  void onTimer(double nowMs);
  // document.visibilityState changed. Hidden pauses pre-fetching; shown counts as a use.
  void setVisible(bool visible, double nowMs);
  // A voice session started (true) or ended (false): DeepChat's
  // 'sts-session-started' / 'sts-session-stopped' DOM events. While one runs nothing is pre-fetched (no second
  // start can come before it ends); its end counts as a use. Optional: a shell
  // that never calls it gets continuous pre-fetching.
  void setSessionActive(bool active, double nowMs);
  // Rejects waiters (disposed), aborts fetches, clears the timer, wipes every key.
  void dispose();

  // --- What to do (drain after every report) ---
  Command nextCommand();
  bool hasCommands() const noexcept { return !queue_.empty(); }

  KeyStatus status(double nowMs) const;
  const KeyOptions& options() const noexcept { return options_; }

 private:
  struct Key {
    Secret value;
    std::string id;
    std::string model;
    double receivedAt = 0;
    double expiresAt = 0;    // local clock
    double usableUntil = 0;  // expiresAt - minValidityMs
    double refreshAt = 0;    // when a replacement is fetched (if pre-fetching)
  };
  struct Job {
    std::uint32_t fetchId = 0;  // 0 while waiting to retry
    int attempts = 0;
    double startedAt = 0;       // first try
    double sentAt = 0;          // current try
    double deadline = 0;        // current try times out
    double retryAt = 0;
    KeyError lastError = KeyError::none;
    int lastStatus = 0;
  };
  struct Waiter {
    std::uint32_t id = 0;
    double deadline = 0;  // key_queue_timeout then
  };
  struct Pending {
    Command command;
    Secret key;  // resolve only
  };

  void pump(double now);
  // What is due when (key_schedule.cpp).
  void handleClockJump(double now);
  void expireKeys(double now);
  void ensureSupply(double now);
  void updateTimer(double now);
  bool prefetchActive(double now) const;
  // Callers waiting for a key (key_waiters.cpp).
  void expireWaiters(double now);
  void serveWaiters(double now);
  // Fetch jobs: send, time out, retry, give up (key_fetch_jobs.cpp).
  void checkJobs(double now);
  void startJob(double now);
  void sendTry(Job& job, double now);
  void failTry(std::size_t jobIndex, KeyError error, int status, std::string detail, double now,
               std::optional<double> retryAfterMs = std::nullopt);
  static bool retryable(KeyError error, int status) noexcept;
  std::size_t findJob(std::uint32_t fetchId) const;
  double nextRandom();  // [0, 1)
  // A 2xx answer with a well-formed key (key_acceptance.cpp), in steps:
  void acceptKey(std::size_t jobIndex, const struct KeyResponse& response, std::string_view dateHeader, double now);
  void refuseRepeatedKey(std::size_t jobIndex, const struct KeyResponse& response, double now);
  Key newKey(const struct KeyResponse& response, double expiresAt, double now) const;
  void announceFetched(const Key& key, struct KeyExpiry expiry, int attempts, double now);
  void addKey(Key key, double now);
  bool isFresh(const Key& k, double now) const { return now < k.refreshAt; }
  // The command queue the shell drains.
  void push(Command c);
  void pushEvent(EventKind kind, const Key* key, double now);

  KeyOptions options_;
  std::uint64_t rng_;
  std::vector<Key> keys_;      // per-session: the pool; reuse: at most one current key (plus none)
  std::vector<Job> jobs_;
  std::deque<Waiter> waiters_;  // oldest first: deadlines in order
  std::deque<Pending> queue_;
  Secret handover_;            // the key of the last popped resolve command
  SeenKeys seen_;              // every key accepted: a repeat is refused (key_reused)
  double holdUntil_ = 0;       // no key request starts before this (a 429 or a Retry-After)
  std::uint32_t nextFetchId_ = 1;
  std::uint32_t nextWaiterId_ = 1;
  double lastActivity_ = 0;
  double lastNow_ = 0;         // latest time seen: a clock that runs backwards is detected
  double timerAt_ = -1;        // last set_timer sent; -1: none; -2: unknown (resend)
  bool visible_ = true;
  bool inSession_ = false;
  bool failurePause_ = false;  // a job gave up: no background fetching until the next requestKey
  bool disposed_ = false;
  double clockSkewMs_ = 0;
  KeyError lastError_ = KeyError::none;
  int lastHttpStatus_ = 0;
  std::uint64_t keysFetched_ = 0;
  std::uint64_t keysHandedOut_ = 0;
  std::uint64_t fetchesStarted_ = 0;
};

}  // namespace rc::keys
