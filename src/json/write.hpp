#pragma once
// Writing JSON text by hand where building an nlohmann tree first would cost
// more than the work itself (the router's per-call output), and so that the
// browser core, which writes every answer for the model, links no nlohmann.
#include <cstdint>
#include <string>
#include <string_view>

#include "json/document.hpp"
#include "text/names.hpp"

namespace rc {

// Appends `text` as a JSON string literal (quotes included). `text` must be
// valid UTF-8; only '"', '\\' and control characters are escaped, as
// JSON.stringify does.
void append_json_string(std::string& out, std::string_view text);

// The same for text that may not be valid UTF-8 (a message quoting what it
// read): each ill-formed sequence becomes U+FFFD.
void append_json_string_lossy(std::string& out, std::string_view text);

// `value` (and what it holds) as JSON.stringify writes it: member order kept,
// numbers as JavaScript prints them. Members of the top object named in
// `skipMembers` are left out.
void append_json_value(std::string& out, const IDocument& document, const IValue& value,
                       const text::Names& skipMembers = {});

// An object written member by member: ObjectWriter(out).string("a", "x").number("n", 1).close().
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  ObjectWriter& string(std::string_view name, std::string_view value);  // lossy: any text is safe
  ObjectWriter& number(std::string_view name, std::int64_t value);
  // A value already written as JSON text.
  ObjectWriter& raw(std::string_view name, std::string_view jsonText);
  void close() { out_ += '}'; }

 private:
  void name(std::string_view name);
  std::string& out_;
  bool first_ = true;
};

}  // namespace rc
