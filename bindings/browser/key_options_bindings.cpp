// The `keys` options' check, in the browser core: createCompanion refuses bad
// options at set-up, before the key piece (bindings/keys/, loaded later) runs
// them. One reader (keys/options.hpp) serves both, so the rule is the same.
#include <cstdint>
#include <string>
#include <string_view>

#include "keys/options.hpp"
#include "wire.hpp"

// Why the options (JSON text) are refused, or empty text; valid until the next check.
extern "C" const rc::wire::Text* rc_key_options_error(const char* options, std::uint32_t optionsLength) {
  static std::string error;
  static rc::wire::Text out;
  error = rc::keys::parse_options_text(std::string_view(options, optionsLength)).error;
  out = rc::wire::text_of(error);
  return &out;
}
