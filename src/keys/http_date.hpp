#pragma once
// The HTTP Date header (RFC 7231 IMF-fixdate), the server's clock reading.
#include <cstdint>
#include <optional>
#include <string_view>

namespace rc::keys {

// "Sun, 06 Nov 1994 08:49:37 GMT" -> milliseconds since the Unix epoch.
// Anything else (the obsolete RFC 850 and asctime forms included, an absent
// header, garbage, an impossible date) -> nullopt: the caller then trusts the
// client clock.
std::optional<std::int64_t> parse_http_date(std::string_view text) noexcept;

// Milliseconds since the epoch -> IMF-fixdate (for tests and simulated servers).
std::string_view format_http_date(std::int64_t epochMs, char (&out)[30]) noexcept;

}  // namespace rc::keys
