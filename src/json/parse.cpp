#include "json/parse.hpp"

namespace rc {
namespace {

// nlohmann's DOM builder plus a depth gate. Returning false from a SAX event
// stops the parse at once, so a hostile 100,000-deep document costs nothing.
class DepthLimitedBuilder {
 public:
  DepthLimitedBuilder(json& root, std::size_t maxDepth) : dom_(root, false), maxDepth_(maxDepth) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const std::string& s) { return dom_.number_float(v, s); }
  bool string(std::string& v) { return dom_.string(v); }
  bool binary(json::binary_t& v) { return dom_.binary(v); }
  bool key(std::string& v) { return dom_.key(v); }
  bool start_object(std::size_t n) { return enter() && dom_.start_object(n); }
  bool end_object() { --depth_; return dom_.end_object(); }
  bool start_array(std::size_t n) { return enter() && dom_.start_array(n); }
  bool end_array() { --depth_; return dom_.end_array(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    error_ = e.what();
    position_ = position;
    return false;
  }

  bool tooDeep() const { return tooDeep_; }
  const std::string& error() const { return error_; }

 private:
  bool enter() {
    if (++depth_ > maxDepth_) {
      tooDeep_ = true;
      return false;
    }
    return true;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::size_t maxDepth_;
  std::size_t depth_ = 0;
  bool tooDeep_ = false;
  std::string error_;
  std::size_t position_ = 0;
};

}  // namespace

ParseResult parse_json(std::string_view text, std::size_t maxDepth) {
  ParseResult result;
  DepthLimitedBuilder builder(result.value, maxDepth);
  const bool ok = json::sax_parse(text.begin(), text.end(), &builder);
  if (ok) {
    result.ok = true;
    return result;
  }
  result.value = json();
  if (builder.tooDeep()) {
    result.error = "JSON nesting is deeper than " + std::to_string(maxDepth) + " levels";
  } else {
    // nlohmann's messages read "[json.exception.parse_error.101] parse error at
    // line 1, column 5: ..."; the bracketed id helps no reader.
    std::string message = builder.error();
    if (const auto close = message.find("] "); message.rfind("[json.exception", 0) == 0 && close != std::string::npos)
      message.erase(0, close + 2);
    result.error = message.empty() ? "invalid JSON" : "invalid JSON: " + message;
  }
  return result;
}

std::string to_json_text(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace rc
