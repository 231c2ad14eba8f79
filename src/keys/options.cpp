#include "keys/options.hpp"

#include <cmath>

#include "keys/openai_limits.hpp"

namespace rc::keys {
namespace {

bool read_ms(const json& v, const char* name, double lo, double hi, double& out, std::string& error) {
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < lo || v.get<double>() > hi) {
    error = std::string("keys.") + name + " must be a number of milliseconds from " + std::to_string(static_cast<long long>(lo)) +
            " to " + std::to_string(static_cast<long long>(hi));
    return false;
  }
  out = v.get<double>();
  return true;
}

bool read_int(const json& v, const char* name, int lo, int hi, int& out, std::string& error) {
  if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi) {
    error = std::string("keys.") + name + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    return false;
  }
  out = static_cast<int>(v.get<long long>());
  return true;
}

bool read_bool(const json& v, const char* name, bool& out, std::string& error) {
  if (!v.is_boolean()) {
    error = std::string("keys.") + name + " must be true or false";
    return false;
  }
  out = v.get<bool>();
  return true;
}

constexpr double kHour = 3600000;

}  // namespace

std::string_view to_string(KeyMode m) noexcept { return m == KeyMode::reuse ? "reuse" : "per-session"; }

OptionsResult parse_options(const json& keys) {
  OptionsResult r;
  if (keys.is_null()) {
    r.ok = true;
    return r;
  }
  if (!keys.is_object()) {
    r.error = "keys must be an object";
    return r;
  }
  KeyOptions& o = r.options;
  std::string& e = r.error;
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (v.is_null()) continue;
    bool ok = true;
    if (k == "mode") {
      if (v.is_string() && v.get_ref<const std::string&>() == "per-session") o.mode = KeyMode::per_session;
      else if (v.is_string() && v.get_ref<const std::string&>() == "reuse") o.mode = KeyMode::reuse;
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

OptionsResult parse_options_text(std::string_view jsonText) {
  if (jsonText.empty()) return parse_options(json());
  ParseResult parsed = parse_json(jsonText, 8);
  if (!parsed.ok) {
    OptionsResult r;
    r.error = "keys options: " + parsed.error;
    return r;
  }
  return parse_options(parsed.value);
}

}  // namespace rc::keys
