#pragma once
// Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF),
// one definition for the writers that must emit valid JSON and the server
// side that refuses ill-formed %-escapes.
#include <cstddef>
#include <string>
#include <string_view>

namespace rc {

// The length (1 to 4) of the well-formed sequence that starts at `text[i]`, or 0.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// Whether `bytes` are well-formed UTF-8. "%C0%AE" decodes to bytes that some
// decoders read as '.', others replace, others refuse: the server side refuses them.
bool is_well_formed_utf8(std::string_view bytes);

// Appends `text` to `out` with each byte that starts no well-formed sequence
// replaced by U+FFFD (as TextDecoder and JSON writers read it); returns the
// UTF-16 length of what was appended.
std::size_t append_utf8_lossy(std::string& out, std::string_view text);

// The UTF-16 length of `text` from byte `from` on, after making that part
// well-formed the same way (a writer that appends pieces straight into one
// buffer settles each piece once).
std::size_t settle_utf8_tail(std::string& text, std::size_t from);

}  // namespace rc
