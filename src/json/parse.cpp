#include "json/parse.hpp"

#include <cmath>
#include <vector>

namespace rc {
namespace {

// Builds the document from nlohmann's SAX events with three gates nlohmann's
// own builder lacks: nesting depth (checked before descending, so a hostile
// 100,000-deep document costs nothing), repeated member names, and numbers
// that overflow a double. Returning false from an event stops the parse.
class GuardedBuilder {
 public:
  GuardedBuilder(json& root, std::size_t maxDepth, DuplicateKeys duplicates)
      : root_(root), maxDepth_(maxDepth), duplicates_(duplicates) {}

  bool null() { return place(nullptr); }
  bool boolean(bool v) { return place(v); }
  bool number_integer(json::number_integer_t v) { return place(v); }
  bool number_unsigned(json::number_unsigned_t v) { return place(v); }
  bool number_float(json::number_float_t v, const std::string&) {
    if (!std::isfinite(v)) return refuse("a number is out of range");
    return place(v);
  }
  bool string(std::string& v) { return place(std::move(v)); }
  bool binary(json::binary_t&) { return refuse("binary values are not JSON"); }

  bool key(std::string& name) {
    auto& members = stack_.back()->get_ref<json::object_t&>();
    auto [member, inserted] = members.try_emplace(std::move(name));
    if (!inserted && duplicates_ == DuplicateKeys::reject)
      return refuse("the member \"" + member->first.substr(0, 64) + "\" appears twice");
    pendingMember_ = &member->second;  // a repeated name: the last value wins
    return true;
  }

  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    if (error_.empty()) {
      // nlohmann's messages read "[json.exception.parse_error.101] parse error at
      // line 1, column 5: ..."; the bracketed id helps no reader.
      std::string message = e.what();
      if (const auto close = message.find("] "); message.rfind("[json.exception", 0) == 0 && close != std::string::npos)
        message.erase(0, close + 2);
      error_ = message;
    }
    return false;
  }

  const std::string& error() const { return error_; }
  bool refusedByGate() const { return refusedByGate_; }

 private:
  // Puts a value where the document expects the next one; returns where it went.
  json* slot() {
    if (stack_.empty()) return &root_;
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(nullptr);
      return &parent.back();
    }
    return pendingMember_;
  }

  template <typename Value>
  bool place(Value&& value) {
    *slot() = std::forward<Value>(value);
    return true;
  }

  bool open(json&& container) {
    if (stack_.size() >= maxDepth_) return refuse("JSON nesting is deeper than " + std::to_string(maxDepth_) + " levels");
    json* target = slot();
    *target = std::move(container);
    stack_.push_back(target);
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  bool refuse(std::string why) {
    error_ = std::move(why);
    refusedByGate_ = true;
    return false;
  }

  json& root_;
  std::size_t maxDepth_;
  DuplicateKeys duplicates_;
  std::vector<json*> stack_;  // pointers stay valid: a container only grows at its end while it is open
  json* pendingMember_ = nullptr;
  std::string error_;
  bool refusedByGate_ = false;
};

}  // namespace

ParseResult parse_json(std::string_view text, std::size_t maxDepth, DuplicateKeys duplicates) {
  ParseResult result;
  // nlohmann's lexer takes a NUL byte for the end of the input, so "{}\0junk"
  // would parse. No valid JSON text holds a raw NUL (in strings it must be
  // escaped), so one is refused outright.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    result.error = "invalid JSON: a NUL byte at offset " + std::to_string(nul);
    return result;
  }
  GuardedBuilder builder(result.value, maxDepth, duplicates);
  if (json::sax_parse(text.begin(), text.end(), &builder)) {
    result.ok = true;
    return result;
  }
  result.value = json();
  if (builder.refusedByGate()) {
    result.error = builder.error();
  } else {
    result.error = builder.error().empty() ? "invalid JSON" : "invalid JSON: " + builder.error();
  }
  return result;
}

std::string to_json_text(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace rc
