#include "keys/key_response.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "json/parse.hpp"

namespace rc::keys {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

bool contains_ci(std::string_view s, std::string_view needle) {
  if (needle.size() > s.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= s.size(); ++i)
    if (starts_with_ci(s.substr(i), needle)) return true;
  return false;
}

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// Overwrites every string in a parsed document before it is freed.
void wipe_strings(json& j) {
  if (j.is_string()) {
    if (auto* s = j.get_ptr<std::string*>()) wipe(*s);
  } else if (j.is_structured()) {
    for (auto& child : j) wipe_strings(child);
  }
}

const json* member(const json& object, const char* name) {
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

KeyResponse fail(KeyError e, std::string detail) {
  KeyResponse r;
  r.error = e;
  r.detail = std::move(detail);
  return r;
}

// The key's model: `model` where the value is (our endpoint's { value,
// expires_at, model }) or beside client_secret (the beta response), else
// `session.model` (GA client_secrets passed through). Present but malformed
// refuses the key: a page must not start a session for a model it misread.
bool read_model(const json& holder, const json* outer, std::string& model, std::string& detail) {
  const json* m = member(holder, "model");
  if ((!m || m->is_null()) && outer) m = member(*outer, "model");
  if (!m || m->is_null()) {
    const json* session = member(holder, "session");
    if (session && session->is_object()) m = member(*session, "model");
  }
  if (!m || m->is_null()) return true;
  if (!m->is_string() || !valid_model_name(m->get_ref<const std::string&>())) {
    detail = "`model` must be a model name: 1 to " + std::to_string(kMaxModelLength) +
             " lowercase letters, digits, '.', '-' or '_' (e.g. gpt-realtime)";
    return false;
  }
  model = m->get<std::string>();
  return true;
}

// Reads {value, expires_at[, model][, session]} from `object` (`outer`: the
// object holding it, for the beta client_secret shape).
KeyResponse from_value_object(const json& object, KeyShape shape, const json* outer = nullptr) {
  const json* value = member(object, "value");
  if (!value || !value->is_string())
    return fail(KeyError::invalid_key_response, "`value` must be a string");
  KeyResponse r;
  r.shape = shape;
  // The value's shape is judged first: a master key is refused as such,
  // whatever else is wrong with the response.
  const std::string& v = value->get_ref<const std::string&>();
  r.error = check_key_value(v, r.detail);
  if (r.error != KeyError::none) return r;
  if (const json* exp = member(object, "expires_at"); exp && !exp->is_null()) {
    if (!exp->is_number()) return fail(KeyError::invalid_key_response, "`expires_at` must be a number (epoch seconds)");
    const double sec = exp->get<double>();
    // 1e11 s is the year 5138; a larger value is almost surely milliseconds.
    if (!std::isfinite(sec) || sec <= 0 || sec >= 1e11)
      return fail(KeyError::invalid_key_response, "`expires_at` must be epoch seconds (it looks like milliseconds or garbage)");
    r.expiresAtSec = sec;
  }
  r.hasSession = member(object, "session") != nullptr;
  if (std::string detail; !read_model(object, outer, r.model, detail)) return fail(KeyError::invalid_key_response, detail);
  r.value = Secret(v);
  return r;
}

KeyResponse from_json(json& doc) {
  if (doc.is_string()) {
    KeyResponse r;
    r.shape = KeyShape::json_string;
    const std::string& v = doc.get_ref<const std::string&>();
    r.error = check_key_value(v, r.detail);
    if (r.error == KeyError::none) r.value = Secret(v);
    return r;
  }
  if (!doc.is_object())
    return fail(KeyError::invalid_key_response, "the JSON body must be a string or an object");
  if (member(doc, "value")) return from_value_object(doc, KeyShape::value_object);
  if (const json* cs = member(doc, "client_secret")) {
    if (!cs->is_object())
      return fail(KeyError::invalid_key_response, "`client_secret` must be an object {value, expires_at}");
    return from_value_object(*cs, KeyShape::client_secret, &doc);
  }
  return fail(KeyError::invalid_key_response, "the JSON object has neither `value` nor `client_secret`");
}

}  // namespace

std::string_view to_string(KeyShape s) noexcept {
  switch (s) {
    case KeyShape::none: return "none";
    case KeyShape::plain_text: return "plain_text";
    case KeyShape::json_string: return "json_string";
    case KeyShape::value_object: return "value_object";
    case KeyShape::client_secret: return "client_secret";
  }
  return "none";
}

bool valid_model_name(std::string_view m) noexcept {
  if (m.empty() || m.size() > kMaxModelLength) return false;
  for (char c : m)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) return false;
  return true;
}

KeyResponse parse_key_response(std::string_view contentType, std::string_view body) {
  if (body.size() > kMaxBodyBytes)
    return fail(KeyError::invalid_key_response, "the body is larger than " + std::to_string(kMaxBodyBytes) + " bytes");
  const std::string_view text = trim(body);
  if (text.empty()) return fail(KeyError::invalid_key_response, "the body is empty");
  if (contains_ci(contentType, "html") || text.front() == '<')
    return fail(KeyError::invalid_key_response, "the body is HTML (a login page or an SPA fallback?), not a key");
  const bool isJson = text.front() == '{' || text.front() == '[' || text.front() == '"' || contains_ci(contentType, "json");
  if (!isJson) {
    KeyResponse r;
    r.shape = KeyShape::plain_text;
    r.error = check_key_value(text, r.detail);
    if (r.error == KeyError::none) r.value = Secret(text);
    return r;
  }
  ParseResult parsed = parse_json(text);
  if (!parsed.ok) {
    wipe(parsed.error);  // nlohmann's message quotes the text it last read
    return fail(KeyError::invalid_key_response, "the body is not valid JSON");
  }
  KeyResponse r = from_json(parsed.value);
  wipe_strings(parsed.value);
  return r;
}

}  // namespace rc::keys
