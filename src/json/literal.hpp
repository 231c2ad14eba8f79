#pragma once
// A JSON value written in a schema (a const, an enum, a limit), kept as its
// text and the flat document parsed from it: the evaluator compares instance
// values with it document to document, and an error quotes its text. The
// browser core reads schemas from compiled sets, and this is how they hold
// values without an nlohmann tree.
#include <string>
#include <string_view>

#include "json/document.hpp"
#include "text/shared.hpp"

namespace rc {

class JsonLiteral {
 public:
  JsonLiteral() = default;

  // Parses `text` (at most `maxDepth` deep); false with `error` if it is not JSON.
  bool assign(std::string text, std::size_t maxDepth, std::string& error);

  bool empty() const { return !data_; }
  // Only when !empty().
  const std::string& text() const { return data_->text; }
  const IDocument& document() const { return data_->document; }
  const IValue& root() const { return data_->document.root(); }

 private:
  // Together and never moved: the document's strings are views into the text.
  struct Data {
    std::string text;
    IDocument document;
  };
  text::Shared<Data> data_;  // never changed once assigned
};

}  // namespace rc
