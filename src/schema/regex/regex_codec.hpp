#pragma once
// A compiled Regex in the compiled tool set's binary form: the Pike VM's
// programs and character classes, so that a browser core can match without
// the pattern parser and its Unicode tables.
#include "binary/bytes.hpp"
#include "schema/regex/regex.hpp"

namespace rc::schema::regex {

void write_regex(const Regex& re, binary::ByteWriter& out);

// Reads what write_regex wrote. Every instruction is checked against what the
// VM assumes (jump targets inside their program, class indexes that exist, a
// lookahead only into a later program, no deeper than the parser allows), so
// a tampered set cannot make the VM read out of bounds or recurse for ever.
// On failure marks `in` failed and returns false.
bool read_regex(binary::ByteReader& in, Regex& re);

}  // namespace rc::schema::regex
