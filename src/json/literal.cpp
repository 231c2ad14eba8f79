#include "json/literal.hpp"

namespace rc {

bool JsonLiteral::assign(std::string text, std::size_t maxDepth, std::string& error) {
  auto data = text::Shared<Data>::make();
  data->text = std::move(text);
  if (!data->document.parse(data->text, maxDepth, error)) return false;
  data_ = std::move(data);
  return true;
}

}  // namespace rc
