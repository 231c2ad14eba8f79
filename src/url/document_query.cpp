#include "url/document_query.hpp"

#include "json/write.hpp"
#include "url/percent_encoding.hpp"
#include "json/number_text.hpp"

namespace rc::url {
namespace {

using rc::IValue;

bool is_scalar(const IValue& v) {
  return v.type == IValue::String || v.type == IValue::Bool || v.type == IValue::Int || v.type == IValue::UInt ||
         v.type == IValue::Float;
}

// The text of a scalar, percent-encoded.
void append_scalar(std::string& out, const IValue& v) {
  switch (v.type) {
    case IValue::String: append_percent_encoded(out, v.str()); break;
    case IValue::Bool: out += v.boolean ? "true" : "false"; break;
    case IValue::Int: out += std::to_string(v.i); break;
    case IValue::UInt: out += std::to_string(v.u); break;
    case IValue::Float: append_percent_encoded(out, number_text(v.d)); break;
    default: break;
  }
}

void append_pair(std::string& query, std::size_t start, std::string_view key, const IValue& value) {
  if (query.size() > start) query += '&';
  append_percent_encoded(query, key);
  query += '=';
  append_scalar(query, value);
}

// `scratch` holds the JSON text between calls so that its memory is reused.
void append_json_pair(std::string& query, std::size_t start, std::string_view key, const IDocument& document,
                      const IValue& value, std::string& scratch) {
  if (query.size() > start) query += '&';
  append_percent_encoded(query, key);
  query += '=';
  scratch.clear();
  append_json_value(scratch, document, value);
  append_percent_encoded(query, scratch);
}

// Appends the pairs to `query`, which holds `start` bytes before them (the
// separator goes between pairs only).
void append_pairs(std::string& query, std::size_t start, const IDocument& document, const IValue& object,
                  const text::Names& skip) {
  std::string scratch;
  if (object.type != IValue::Object) return;
  for (const IValue* member = document.begin(object); member != document.end(object); ++member) {
    const std::string_view key = member->key();
    if (member->type == IValue::Null || (!skip.empty() && text::contains(skip, key))) continue;
    if (is_scalar(*member)) {
      append_pair(query, start, key, *member);
    } else if (member->type == IValue::Array) {
      bool allScalars = true;
      for (const IValue* e = document.begin(*member); e != document.end(*member); ++e)
        allScalars = allScalars && (is_scalar(*e) || e->type == IValue::Null);
      if (allScalars) {
        for (const IValue* e = document.begin(*member); e != document.end(*member); ++e)
          if (e->type != IValue::Null) append_pair(query, start, key, *e);
      } else {
        append_json_pair(query, start, key, document, *member, scratch);
      }
    } else {
      append_json_pair(query, start, key, document, *member, scratch);
    }
  }
}

}  // namespace

void append_query(std::string& url, const IDocument& document, const IValue& object,
                  const text::Names& skip) {
  const std::size_t before = url.size();
  url += '?';
  append_pairs(url, before + 1, document, object, skip);
  if (url.size() == before + 1) url.resize(before);
}

PathTemplate::Argument path_argument(const IDocument& document, const IValue& object, const std::string& name) {
  const IValue* member = document.member(object, name);
  if (!member) return {};
  if (!is_scalar(*member)) return {PathTemplate::Argument::not_scalar, {}};
  switch (member->type) {
    case IValue::String: return {PathTemplate::Argument::scalar, std::string(member->str())};
    case IValue::Bool: return {PathTemplate::Argument::scalar, member->boolean ? "true" : "false"};
    case IValue::Int: return {PathTemplate::Argument::scalar, std::to_string(member->i)};
    case IValue::UInt: return {PathTemplate::Argument::scalar, std::to_string(member->u)};
    default: return {PathTemplate::Argument::scalar, number_text(member->d)};
  }
}

}  // namespace rc::url
