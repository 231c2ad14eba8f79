#pragma once
// A CompiledSchema in the compiled tool set's binary form: its nodes, with
// `$ref`s already resolved to node indexes and its regexes compiled, so that
// a browser core validates without the schema compiler or any metaschema.
#include <string>

#include "binary/bytes.hpp"
#include "schema/validator.hpp"

namespace rc::schema {

// `schema` must be usable.
void write_schema(const CompiledSchema& schema, binary::ByteWriter& out);

// Reads what write_schema wrote, evaluated with `options` (its maxErrors and
// limits). Everything the evaluator relies on is checked rather than trusted:
// node indexes, the subschemas each keyword needs, divisors above zero, and
// the fast-path flags, which are derived again here. On failure marks `in`
// failed and returns false.
bool read_schema(binary::ByteReader& in, const EvaluationOptions& options, CompiledSchema& out);

}  // namespace rc::schema
