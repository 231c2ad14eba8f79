#include "keys/options.hpp"

#include <cmath>

#include "json/document.hpp"
#include "keys/openai_limits.hpp"

namespace rc::keys {
namespace {

bool read_ms(const IValue& v, const char* name, double lo, double hi, double& out, std::string& error) {
  if (!v.is_number() || !std::isfinite(v.number()) || v.number() < lo || v.number() > hi) {
    error = std::string("keys.") + name + " must be a number of milliseconds from " + std::to_string(static_cast<long long>(lo)) +
            " to " + std::to_string(static_cast<long long>(hi));
    return false;
  }
  out = v.number();
  return true;
}

bool read_int(const IValue& v, const char* name, int lo, int hi, int& out, std::string& error) {
  if (v.type != IValue::Int || v.i < lo || v.i > hi) {
    error = std::string("keys.") + name + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    return false;
  }
  out = static_cast<int>(v.i);
  return true;
}

bool read_bool(const IValue& v, const char* name, bool& out, std::string& error) {
  if (v.type != IValue::Bool) {
    error = std::string("keys.") + name + " must be true or false";
    return false;
  }
  out = v.boolean;
  return true;
}

constexpr double kHour = 3600000;

}  // namespace

OptionsResult parse_options_text(std::string_view jsonText) {
  OptionsResult r;
  IDocument document;
  if (jsonText.empty() || (document.parse(jsonText, 8, r.error) && document.root().type == IValue::Null)) {
    r.error.clear();
    r.ok = true;
    return r;
  }
  if (!document.parsed()) {
    r.error = "keys options: " + r.error;
    return r;
  }
  const IValue& keys = document.root();
  if (keys.type != IValue::Object) {
    r.error = "keys must be an object";
    return r;
  }
  KeyOptions& o = r.options;
  std::string& e = r.error;
  // In the order written; a repeated member: the last wins, as JSON.parse reads it.
  for (const IValue* member = document.begin(keys); member != document.end(keys); ++member) {
    const std::string k(member->key());
    const IValue& v = *member;
    if (v.type == IValue::Null) continue;
    bool ok = true;
    if (k == "mode") {
      const auto mode = v.type == IValue::String ? value_named<KeyMode>(kKeyModeNames, v.str()) : std::nullopt;
      if (mode) o.mode = *mode;
      else { e = "keys.mode must be \"per-session\" or \"reuse\""; ok = false; }
    }
    else if (k == "minValidityMs") ok = read_ms(v, "minValidityMs", 0, 600000, o.minValidityMs, e);
    else if (k == "defaultLifetimeMs") ok = read_ms(v, "defaultLifetimeMs", 1000, kMaxKeyLifetimeMs, o.defaultLifetimeMs, e);
    else if (k == "fetchTimeoutMs") ok = read_ms(v, "fetchTimeoutMs", 100, 300000, o.fetchTimeoutMs, e);
    else if (k == "maxAttempts") ok = read_int(v, "maxAttempts", 1, 10, o.maxAttempts, e);
    else if (k == "retryBudgetMs") ok = read_ms(v, "retryBudgetMs", 0, 600000, o.retryBudgetMs, e);
    else if (k == "backoffBaseMs") ok = read_ms(v, "backoffBaseMs", 1, 60000, o.backoffBaseMs, e);
    else if (k == "backoffMaxMs") ok = read_ms(v, "backoffMaxMs", 1, 600000, o.backoffMaxMs, e);
    else if (k == "idleTimeoutMs") ok = read_ms(v, "idleTimeoutMs", 0, 24 * kHour, o.idleTimeoutMs, e);
    else if (k == "prefetch") ok = read_bool(v, "prefetch", o.prefetch, e);
    else if (k == "prefetchOnCreate") ok = read_bool(v, "prefetchOnCreate", o.prefetchOnCreate, e);
    else if (k == "poolSize") ok = read_int(v, "poolSize", 1, 4, o.poolSize, e);
    else if (k == "maxRefreshLeadMs") ok = read_ms(v, "maxRefreshLeadMs", 2000, kHour, o.maxRefreshLeadMs, e);
    else if (k == "maxConcurrentFetches") ok = read_int(v, "maxConcurrentFetches", 1, 16, o.maxConcurrentFetches, e);
    else if (k == "queueTimeoutMs") ok = read_ms(v, "queueTimeoutMs", 100, 600000, o.queueTimeoutMs, e);
    else { e = "keys." + k + " is not an option"; ok = false; }
    if (!ok) return r;
  }
  if (o.minValidityMs >= o.defaultLifetimeMs) {
    e = "keys.minValidityMs must be shorter than keys.defaultLifetimeMs";
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace rc::keys
