#include "router/tool_set.hpp"

#include <algorithm>

#include "binary/bytes.hpp"
#include "json/document.hpp"
#include "keys/sha256.hpp"
#include "router/http_method.hpp"
#include "schema/schema_codec.hpp"
#include "text/count.hpp"
#include "text/rarely_run.hpp"

namespace rc {

namespace {

// The header: magic, version (2 bytes), payload length (4), SHA-256 of the payload.
constexpr std::size_t kHashOffset = 4 + 2 + 4;

void put_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}

std::uint64_t get_le(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return v;
}

// A tool's flags, after its route: who runs it, and whether the page asks first.
constexpr std::uint64_t kRunsInPage = 1;
constexpr std::uint64_t kNeedsApproval = 2;

std::size_t method_index(const std::string& method) {
  return static_cast<std::size_t>(http_method_from_string(method).value_or(HttpMethod::GET));
}

bool read_tool(binary::ByteReader& in, const schema::EvaluationOptions& options, ToolDefinition& tool) {
  tool.name = std::string(in.bytes(kMaxToolNameLength, "a tool name is too long"));
  if (!in.failed() && !is_valid_tool_name(tool.name)) return in.fail("a tool name breaks OpenAI's rule"), false;
  tool.route.method = kHttpMethodNames[in.bounded(kHttpMethodNames.size() - 1, "a route method is unknown")];
  const std::string path(in.bytes(kMaxRoutePathBytes, "a route path is too long"));
  tool.route.timeoutMs = static_cast<std::uint32_t>(in.bounded(kMaxRouteTimeoutMs, "a route timeout is too long"));
  tool.route.maxResponseBytes = in.bounded(kMaxResponseBytesCeiling, "a route's maxResponseBytes is too large");
  const std::uint64_t flags = in.bounded(kRunsInPage | kNeedsApproval, "a tool's flags are unknown");
  if (in.failed()) return false;
  tool.runsInPage = (flags & kRunsInPage) != 0;
  tool.needsApproval = (flags & kNeedsApproval) != 0;
  tool.route.argumentsInBody = sends_body(tool.route.method);
  std::string pathError;
  if (!tool.route.path.parse(path, pathError)) return in.fail("a route path is not a path template"), false;
  return schema::read_schema(in, options, tool.parameters);
}

// What is wrong with a set's header, checked before its hash: the cheap
// checks here, their wording out of line (header_refusal).
enum class HeaderFault { none, too_large, not_a_set, version, length, hash };

HeaderFault header_fault(std::string_view bytes) {
  if (bytes.size() > kMaxToolSetBytes) return HeaderFault::too_large;
  if (bytes.size() < kToolSetHeaderBytes || bytes.substr(0, 4) != kToolSetMagic) return HeaderFault::not_a_set;
  if (get_le(bytes, 4, 2) != kToolSetVersion) return HeaderFault::version;
  if (get_le(bytes, 6, 4) != bytes.size() - kToolSetHeaderBytes) return HeaderFault::length;
  return HeaderFault::none;
}

RC_RARELY_RUN std::string header_refusal(HeaderFault fault, std::string_view bytes) {
  switch (fault) {
    case HeaderFault::too_large: return "the compiled tool set is larger than " + std::to_string(kMaxToolSetBytes) + " bytes";
    case HeaderFault::not_a_set:
      return "this is not a compiled tool set (it does not start with \"RCTS\"): compile the tools with "
             "`npx realtime-companion compile` or createToolSetHandler";
    case HeaderFault::version:
      return "the compiled tool set has version " + std::to_string(get_le(bytes, 4, 2)) + ", and this core reads version " +
             std::to_string(kToolSetVersion) + ": compile the tools again with this version of realtime-companion";
    case HeaderFault::length:
      return "the compiled tool set is truncated or has bytes added (its length field says " +
             count_of(get_le(bytes, 6, 4), "byte", "bytes") + " of payload, it has " +
             std::to_string(bytes.size() - kToolSetHeaderBytes) + ")";
    default: return "the compiled tool set is damaged: its content does not match its SHA-256";
  }
}

RC_RARELY_RUN std::string malformed(const binary::ByteReader& in) {
  return "the compiled tool set is malformed: " + in.error();
}

bool appears_before(const std::vector<ToolDefinition>& tools, std::size_t i) {
  for (std::size_t j = 0; j < i; ++j)
    if (tools[j].name == tools[i].name) return true;
  return false;
}

}  // namespace

std::string write_tool_set(const ToolSet& set) {
  binary::ByteWriter payload;
  payload.varint(set.maxErrors);
  payload.bytes(set.publicToolsText);
  payload.bytes(set.warningsText);
  payload.varint(set.tools.size());
  for (const ToolDefinition& tool : set.tools) {
    payload.bytes(tool.name);
    payload.varint(method_index(tool.route.method));
    payload.bytes(tool.route.path.source());
    payload.varint(tool.route.timeoutMs);
    payload.varint(tool.route.maxResponseBytes);
    payload.varint((tool.runsInPage ? kRunsInPage : 0) | (tool.needsApproval ? kNeedsApproval : 0));
    schema::write_schema(tool.parameters, payload);
  }
  const std::string& body = payload.data();
  std::string out(kToolSetMagic);
  put_le(out, kToolSetVersion, 2);
  put_le(out, body.size(), 4);
  const auto hash = keys::sha256(body);
  out.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  out += body;
  return out;
}

bool read_tool_set(std::string_view bytes, ToolSet& out, std::string& error) {
  const HeaderFault fault = header_fault(bytes);
  if (fault != HeaderFault::none) return error = header_refusal(fault, bytes), false;
  const std::string_view body = bytes.substr(kToolSetHeaderBytes);
  const auto hash = keys::sha256(body);
  if (!std::equal(hash.begin(), hash.end(), reinterpret_cast<const unsigned char*>(bytes.data() + kHashOffset)))
    return error = header_refusal(HeaderFault::hash, bytes), false;
  ToolSet set;
  set.hash = hash;
  binary::ByteReader in(body);
  set.maxErrors = static_cast<std::size_t>(in.varint());
  if (!in.failed() && (set.maxErrors < 1 || set.maxErrors > kMaxToolSetMaxErrors)) {
    in.fail("maxErrors is outside 1 to 1000");
  }
  schema::EvaluationOptions options;
  options.maxErrors = set.maxErrors;
  set.publicToolsText = std::string(in.bytes(kMaxToolSetTextBytes, "the public tool list is too long"));
  set.warningsText = std::string(in.bytes(kMaxToolSetTextBytes, "the warnings are too long"));
  set.tools.resize(in.count(kMaxToolSetTools, "the set has more tools than OpenAI accepts"));
  for (std::size_t i = 0; i < set.tools.size(); ++i) {
    if (!read_tool(in, options, set.tools[i])) break;
    // At most kMaxToolSetTools names: comparing with each earlier one is cheap, and needs no tree.
    if (appears_before(set.tools, i)) {
      in.fail("a tool name appears twice");
      break;
    }
  }
  if (!in.failed() && in.remaining() != 0) in.fail("bytes follow the last tool");
  // The JSON parts are checked too: the page hands them to DeepChat.
  if (!in.failed()) {
    IDocument document;
    std::string parseError;
    const auto is_array = [&](const std::string& text) {
      return document.parse(text, kDefaultMaxDepth, parseError) && document.root().type == IValue::Array;
    };
    if (!is_array(set.publicToolsText) || document.root().len != set.tools.size()) in.fail("the public tool list is malformed");
    else if (!is_array(set.warningsText)) in.fail("the warnings are malformed");
  }
  if (in.failed()) return error = malformed(in), false;
  out = std::move(set);
  return true;
}

std::array<std::uint8_t, 32> written_hash(std::string_view writtenSet) {
  std::array<std::uint8_t, 32> hash{};
  if (writtenSet.size() >= kToolSetHeaderBytes) std::copy_n(writtenSet.data() + kHashOffset, hash.size(), hash.begin());
  return hash;
}

}  // namespace rc
