#pragma once
// The per-call report's layout. Plans and verdicts reach JavaScript through a
// report in WASM memory rather than as JSON text: embind's std::string return
// scans the text byte by byte in JavaScript, and the JSON round trip (escape
// here, JSON.parse there) cost more than the rest of a small call.
// wire_bindings.cpp exports every field's offset, and web/wire.js reads the
// report by those offsets alone, so the layout is written down only here.
#include <cstdint>
#include <string>

#include "keys/errors.hpp"

namespace rc::wire {

// What a report holds; the call's return value, so the report does not repeat it.
// The verdict kinds say how JavaScript builds the result from the answer it
// holds (see rc::Interpretation::Use).
enum class ReportKind : std::uint32_t { request, result, use_body, use_response, use_text };

// Where a request's body is.
enum class ReportBody : std::uint32_t {
  none,          // no body (GET, DELETE)
  in_memory,     // at bodyAddress, bodyLength bytes
  is_arguments,  // the model's arguments text, unchanged: JavaScript still holds it
  as_before,     // a redirect repeats the request: the previous body
};

struct Report {
  double maxResponseBytes;
  std::uint32_t method;       // rc::HttpMethod
  std::uint32_t textAddress;  // the URL, or the result's JSON text
  std::uint32_t textLength;
  std::uint32_t bodyAddress;
  std::uint32_t bodyLength;
  std::uint32_t body;         // ReportBody
  std::uint32_t timeoutMs;
};

// Why a key from a page's own key function may not be used (keys/key_shape.hpp);
// error is none when it may.
struct KeyCheck {
  keys::KeyError error = keys::KeyError::none;
  std::string detail;
};

}  // namespace rc::wire
