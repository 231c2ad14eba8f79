#include "keys/key_response.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "json/document.hpp"

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

bool is_null(const IValue* v) { return !v || v->type == IValue::Null; }

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
bool read_model(const IDocument& body, const IValue& holder, const IValue* outer, std::string& model, std::string& detail) {
  const IValue* m = body.member(holder, "model");
  if (is_null(m) && outer) m = body.member(*outer, "model");
  if (is_null(m)) {
    if (const IValue* session = body.member(holder, "session")) m = body.member(*session, "model");
  }
  if (is_null(m)) return true;
  if (m->type != IValue::String || !valid_model_name(m->str())) {
    detail = "`model` must be a model name: 1 to " + std::to_string(kMaxModelLength) +
             " lowercase letters, digits, '.', '-' or '_', the first a letter or digit (e.g. gpt-realtime)";
    return false;
  }
  model = std::string(m->str());
  return true;
}

// Reads {value, expires_at[, model][, session]} from `object` (`outer`: the
// object holding it, for the beta client_secret shape).
KeyResponse from_value_object(const IDocument& body, const IValue& object, KeyShape shape, const IValue* outer = nullptr) {
  const IValue* value = body.member(object, "value");
  if (!value || value->type != IValue::String)
    return fail(KeyError::invalid_key_response, "`value` must be a string");
  KeyResponse r;
  r.shape = shape;
  // The value's shape is judged first: a master key is refused as such,
  // whatever else is wrong with the response.
  const std::string_view v = value->str();
  r.error = check_key_value(v, r.detail);
  if (r.error != KeyError::none) return r;
  if (const IValue* exp = body.member(object, "expires_at"); !is_null(exp)) {
    if (!exp->is_number())
      return fail(KeyError::invalid_key_response, "`expires_at` must be a number (epoch seconds)");
    const double sec = exp->number();
    // 1e11 s is the year 5138; a larger value is almost surely milliseconds.
    if (!std::isfinite(sec) || sec <= 0 || sec >= 1e11)
      return fail(KeyError::invalid_key_response, "`expires_at` must be epoch seconds (it looks like milliseconds or garbage)");
    r.expiresAtSec = sec;
  }
  r.hasSession = body.member(object, "session") != nullptr;
  if (std::string detail; !read_model(body, object, outer, r.model, detail)) return fail(KeyError::invalid_key_response, detail);
  r.value = Secret(v);
  return r;
}

KeyResponse from_document(const IDocument& body) {
  const IValue& doc = body.root();
  if (doc.type == IValue::String) {
    KeyResponse r;
    r.shape = KeyShape::json_string;
    const std::string_view v = doc.str();
    r.error = check_key_value(v, r.detail);
    if (r.error == KeyError::none) r.value = Secret(v);
    return r;
  }
  if (doc.type != IValue::Object)
    return fail(KeyError::invalid_key_response, "the JSON body must be a string or an object");
  if (body.member(doc, "value")) return from_value_object(body, doc, KeyShape::value_object);
  if (const IValue* cs = body.member(doc, "client_secret")) {
    if (cs->type != IValue::Object)
      return fail(KeyError::invalid_key_response, "`client_secret` must be an object {value, expires_at}");
    return from_value_object(body, *cs, KeyShape::client_secret, &doc);
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

// The JavaScript copy of this rule is MODEL_NAME in common/realtime-ga.js (the
// server's option and answer checks); tests/keys/key-rules-agree.test.mjs
// holds both to every boundary character.
bool valid_model_name(std::string_view m) noexcept {
  if (m.empty() || m.size() > kMaxModelLength) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(m.front())) return false;
  for (char c : m)
    if (!(alnum(c) || c == '.' || c == '-' || c == '_')) return false;
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
  IDocument document;
  std::string error;
  if (!document.parse(text, kDefaultMaxDepth, error)) {
    document.wipe();
    return fail(KeyError::invalid_key_response, "the body is not valid JSON");
  }
  KeyResponse r = from_document(document);
  document.wipe();  // a key value with escapes was decoded into the document's own buffer
  return r;
}

}  // namespace rc::keys
