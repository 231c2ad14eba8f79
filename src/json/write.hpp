#pragma once
// Writing JSON text by hand where building an nlohmann tree first would cost
// more than the work itself (the router's per-call output).
#include <string>
#include <string_view>

namespace rc {

// Appends `text` as a JSON string literal (quotes included). `text` must be
// valid UTF-8; only '"', '\\' and control characters are escaped, as
// JSON.stringify does.
void append_json_string(std::string& out, std::string_view text);

}  // namespace rc
