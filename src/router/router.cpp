#include "router/router.hpp"

#include <algorithm>
#include <map>

#include "router/http_method.hpp"
#include "router/tool_error.hpp"
#include "schema/compile_options.hpp"
#include "schema/output.hpp"
#include "json/write.hpp"
#include "url/document_query.hpp"
#include "text/count.hpp"
#include "text/heap_sort.hpp"
#include "text/rarely_run.hpp"

namespace rc {
namespace {

constexpr std::size_t kBodyExcerptBytes = 512;
// Values the scratch document keeps between calls (2.5 MB, a 600 KB argument
// text): a larger document's memory goes back to the allocator, so one huge
// call does not hold its peak for the router's life.
constexpr std::size_t kScratchKeepValues = 1 << 16;

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// The first `limit` bytes of `text`, never splitting a UTF-8 sequence.
std::string excerpt(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

// "application/problem+json; charset=utf-8" -> "application/problem+json"
std::string media_type(std::string_view contentType) {
  std::string type(contentType.substr(0, contentType.find(';')));
  type.erase(std::remove_if(type.begin(), type.end(), [](char c) { return c == ' ' || c == '\t'; }), type.end());
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

bool is_json_type(const std::string& type) {
  return type == "application/json" || (type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0);
}

// The message of arguments the validator refused, from its record: it names
// the first three errors. Written into room made once: a string per error, for
// the summary and for each concatenation, was most of an invalid call's time.
// Compiled for size like the other error answers: allocations, not
// instructions, were its cost.
RC_RARELY_RUN std::string invalid_arguments_message(std::string_view tool, const schema::ErrorRecord& errors,
                                                    bool moreErrors) {
  const std::string name = printable_tool_name(tool);
  std::string message;
  message.reserve(96 + name.size() + errors.text.size());
  message.append("The arguments for \"").append(name).append("\" are not valid: ");
  const std::size_t summaryFrom = message.size();
  std::size_t listed = 0;
  schema::for_each_error(errors, [&](std::string_view instanceLocation, std::string_view, std::string_view error) {
    if (listed++ >= 3) return;
    if (message.size() > summaryFrom) message += "; ";
    if (!instanceLocation.empty()) message.append(instanceLocation).append(": ");
    message.append(error);
  });
  if (listed > 3 || moreErrors) message += "; …";
  message += ". Fix the arguments and call the tool again.";
  return message;
}

// The whole answer as JSON text, for those who take it as text (the
// compiler's matcher, the native tests, the fuzz target): the browser core
// hands the record over instead.
RC_RARELY_RUN std::string invalid_arguments_text(const InvalidArguments& invalid, std::string_view message) {
  std::string list;
  list.reserve(invalid.errors->text.size() + 64 * schema::error_count(*invalid.errors) + 2);
  schema::append_errors_json(list, *invalid.errors);
  return ToolError(invalid.code, invalid.tool, message, message.size() + list.size() + 96).raw("errors", list).text();
}

// One error at the root, for arguments refused before validation, written
// into `record` (the router's, whose room is kept from call to call).
RC_RARELY_RUN void one_error(schema::ErrorRecord& record, std::string_view reason) {
  schema::start_error_record(record);
  schema::add_error(record, "", "", reason);
}

// The arguments cost more to check than the validator's budget allows (a
// budget ran out: ValidationResult::tooComplex). Its own code, because
// fixing a field will not help: the model should send simpler arguments.
RC_RARELY_RUN std::string too_complex_message(std::string_view tool, const schema::ErrorRecord& errors) {
  std::string first = "budget exceeded";
  bool found = false;
  schema::for_each_error(errors, [&](std::string_view, std::string_view, std::string_view error) {
    if (!found) first.assign(error);
    found = true;
  });
  return "The arguments for \"" + printable_tool_name(tool) +
         "\" cost more to check than the budget allows, so they were not accepted (" + first +
         "). Nothing was fetched. Call the tool again with smaller or simpler arguments.";
}

// The answers judge() gives a backend's failure; seldom built, so kept off its path.
RC_RARELY_RUN std::string http_error(std::string_view name, const HttpAnswer& answer) {
  return ToolError(ErrorCode::http_error, name,
                   "The backend for \"" + printable_tool_name(name) + "\" answered HTTP " +
                       std::to_string(answer.status) + ". You may retry later or tell the user the service failed.")
      .number("status", answer.status)
      .string("body", excerpt(answer.body, kBodyExcerptBytes))
      .text();
}

RC_RARELY_RUN std::string not_json(std::string_view name, const std::string& error) {
  return tool_error(ErrorCode::invalid_response, name,
                    "The backend for \"" + printable_tool_name(name) + "\" sent an answer that is not valid JSON (" +
                        error + ").");
}

RC_RARELY_RUN std::string unreadable_type(std::string_view name, const std::string& type) {
  return tool_error(ErrorCode::invalid_response, name,
                    "The backend for \"" + printable_tool_name(name) + "\" answered with content type \"" +
                        excerpt(type, 100) + "\", which cannot be passed to the model (expected JSON or text).");
}

// A name that appears twice among the members of `object`, which has more than
// 16: sorted, the two are neighbours. Out of line, so that a first call with
// small arguments compiles none of the sort.
[[gnu::noinline]] std::optional<std::string> repeated_in_large_object(const IDocument& document, const IValue& object) {
  std::vector<std::string_view> names;
  names.reserve(object.len);
  for (const auto* member = document.begin(object); member != document.end(object); ++member) names.push_back(member->key());
  rc::text::heap_sort(names.data(), names.size());
  if (const auto twice = std::adjacent_find(names.begin(), names.end()); twice != names.end()) return std::string(*twice);
  return std::nullopt;
}

// The first member name that appears twice in one object, anywhere in the
// document. Validation reads one of the values; a backend might read the other.
std::optional<std::string> repeated_member(const IDocument& document, const IValue& value) {
  if (value.type != IValue::Object && value.type != IValue::Array) return std::nullopt;
  if (value.type == IValue::Object && value.len > 1 && value.len <= 16) {
    // Tool arguments are small objects: comparing pairs beats sorting a copy.
    for (const auto* a = document.begin(value); a != document.end(value); ++a)
      for (const auto* b = a + 1; b != document.end(value); ++b)
        if (a->key() == b->key()) return std::string(a->key());
  } else if (value.type == IValue::Object && value.len > 1) {
    if (auto repeated = repeated_in_large_object(document, value)) return repeated;
  }
  for (const auto* child = document.begin(value); child != document.end(value); ++child)
    if (auto repeated = repeated_member(document, *child)) return repeated;
  return std::nullopt;
}

// An optional whole number from 1 to `ceiling` (1.0 and "1" are refused).
bool read_size(const IDocument& document, const IValue& object, const char* field, std::uint64_t ceiling,
               std::uint64_t& out) {
  const IValue* value = document.member(object, field);
  if (!value) return true;
  if (value->type != IValue::Int || value->i <= 0 || static_cast<std::uint64_t>(value->i) > ceiling) return false;
  out = static_cast<std::uint64_t>(value->i);
  return true;
}

// Whether `path` holds a "." or ".." segment, also when written with %2e, or
// split off by %2f or %5c: a backend or proxy that decodes those before
// normalising would climb out of the base path.
bool has_dot_segment(std::string_view path) {
  std::string plain;
  plain.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string_view next = path.substr(i, 3);
    const auto is = [&](std::string_view escape) {  // escape in lower case: "%2e"
      return next.size() == 3 && next[0] == '%' && next[1] == escape[1] &&
             std::tolower(static_cast<unsigned char>(next[2])) == escape[2];
    };
    if (is("%2e")) plain += '.', i += 2;
    else if (is("%2f")) plain += '/', i += 2;
    else if (is("%5c")) plain += '\\', i += 2;
    else plain += path[i];
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= plain.size(); ++i) {
    if (i == plain.size() || plain[i] == '/' || plain[i] == '\\') {
      const std::string_view segment = std::string_view(plain).substr(start, i - start);
      if (segment == "." || segment == "..") return true;
      start = i + 1;
    }
  }
  return false;
}

bool valid_origin(const std::string& origin) {
  const bool http = origin.rfind("http://", 0) == 0 || origin.rfind("https://", 0) == 0;
  const std::size_t hostStart = origin.find("://") + 3;
  return http && origin.size() > hostStart && origin.find_first_of("/?#@ ", hostStart) == std::string::npos;
}

// What is wrong with the page's configuration, worded out of line (a page's
// configuration is read on every companion's creation and almost never refused).
enum class PageConfigFault { not_an_object, base_url, base_path, defaults, max_argument_bytes };

RC_RARELY_RUN bool page_config_refusal(PageConfigFault fault, std::string& error) {
  switch (fault) {
    case PageConfigFault::not_an_object: error = "the configuration must be an object"; break;
    case PageConfigFault::base_url: error = "baseUrl must be an absolute http(s) URL"; break;
    case PageConfigFault::base_path: error = "basePath must be empty or start with \"/\" and not end with one"; break;
    case PageConfigFault::defaults:
      error = "defaults.timeoutMs must be a whole number from 1 to 600000 and defaults.maxResponseBytes one from 1 to " +
              std::to_string(kMaxResponseBytesCeiling);
      break;
    default: error = "maxArgumentBytes must be a whole number from 1 to " + std::to_string(kMaxArgumentBytesCeiling);
  }
  return false;
}

RC_RARELY_RUN void name_configuration_error(std::string& error) { error = "configuration: " + error; }

}  // namespace

RC_RARELY_RUN std::string result_text(const PlanOutcome& outcome) {
  if (!outcome.invalid) return outcome.result;
  return invalid_arguments_text(*outcome.invalid, outcome.result);
}

bool Router::read_page_config(const IDocument& document, std::string& error) {
  const IValue& config = document.root();
  if (config.type != IValue::Object) return page_config_refusal(PageConfigFault::not_an_object, error);
  const IValue* origin = document.member(config, "baseOrigin");
  if (!origin || origin->type != IValue::String || !valid_origin(std::string(origin->str())))
    return page_config_refusal(PageConfigFault::base_url, error);
  config_.baseOrigin = std::string(origin->str());
  if (const IValue* path = document.member(config, "basePath")) {
    const std::string text = path->type == IValue::String ? std::string(path->str()) : "?";
    if (!text.empty() && (text[0] != '/' || text.back() == '/' || text.find_first_of("?#") != std::string::npos))
      return page_config_refusal(PageConfigFault::base_path, error);
    config_.basePath = text;
  }
  if (const IValue* defaults = document.member(config, "defaults"); defaults && defaults->type == IValue::Object) {
    std::uint64_t timeout = config_.defaults.timeoutMs;
    if (!read_size(document, *defaults, "timeoutMs", 600000, timeout) ||
        !read_size(document, *defaults, "maxResponseBytes", kMaxResponseBytesCeiling, config_.defaults.maxResponseBytes))
      return page_config_refusal(PageConfigFault::defaults, error);
    config_.defaults.timeoutMs = static_cast<std::uint32_t>(timeout);
  }
  std::uint64_t maxArgumentBytes = config_.maxArgumentBytes;
  if (!read_size(document, config, "maxArgumentBytes", kMaxArgumentBytesCeiling, maxArgumentBytes))
    return page_config_refusal(PageConfigFault::max_argument_bytes, error);
  config_.maxArgumentBytes = static_cast<std::size_t>(maxArgumentBytes);
  return true;
}

std::optional<Router> Router::create(const json& config, std::string& error) {
  Router router;
  // The page's part is read as the browser core reads it, from text.
  const std::string configText = to_json_text(config);
  IDocument page;
  if (!page.parse(configText, kDefaultMaxDepth, error) || !router.read_page_config(page, error)) return std::nullopt;
  schema::CompileOptions validation;
  if (const auto options = config.find("validation"); options != config.end()) {
    if (!schema::read_compile_options(*options, validation, error)) {
      error = "validation: " + error;
      return std::nullopt;
    }
  }
  const auto tools = config.find("tools");
  json publicTools;
  if (tools == config.end() ||
      !read_tool_definitions(*tools, router.config_.defaults, validation, router.tools_, publicTools, error)) {
    if (tools == config.end()) error = "tools must be an array";
    return std::nullopt;
  }
  router.publicTools_ = to_json_text(publicTools);
  router.holdsSourceSchemas_ = true;
  return router;
}

std::optional<Router> Router::load(ToolSet set, std::string_view pageConfigText, std::string& error) {
  Router router;
  IDocument page;
  if (!page.parse(pageConfigText, kDefaultMaxDepth, error)) {
    name_configuration_error(error);
    return std::nullopt;
  }
  if (!router.read_page_config(page, error)) return std::nullopt;
  router.publicTools_ = std::move(set.publicToolsText);  // read_tool_set checked it
  for (ToolDefinition& tool : set.tools) {
    if (tool.route.timeoutMs == 0) tool.route.timeoutMs = router.config_.defaults.timeoutMs;
    if (tool.route.maxResponseBytes == 0) tool.route.maxResponseBytes = router.config_.defaults.maxResponseBytes;
  }
  router.tools_ = std::move(set.tools);
  return router;
}

const ToolDefinition* Router::find(std::string_view name) const {
  for (const auto& tool : tools_)
    if (tool.name == name) return &tool;
  return nullptr;
}

RC_RARELY_RUN PlanOutcome Router::unknown_tool(std::string_view name, const std::string& which) const {
  std::string available;
  for (const auto& t : tools_) available += (available.empty() ? "" : ", ") + t.name;
  return {std::nullopt, tool_error(ErrorCode::unknown_tool, name,
                                   "There is no tool " + (which.empty() ? "named \"" + printable_tool_name(name) + "\"" : which) +
                                       ". Available tools: " + (available.empty() ? "none" : available) + ".")};
}

PlanOutcome Router::plan(std::string_view name, std::string_view argumentsText) const {
  const ToolDefinition* tool = is_valid_tool_name(name) ? find(name) : nullptr;
  if (!tool) return unknown_tool(name, "");
  if (argumentsText.size() > config_.maxArgumentBytes)
    return refuse(name, CallRefusal::arguments_too_large, argumentsText.size());
  PlanOutcome outcome = plan_parsed(*tool, name, argumentsText);
  scratch_.trim(kScratchKeepValues);
  return outcome;
}

RC_RARELY_RUN PlanOutcome Router::refuse(std::string_view name, CallRefusal why, std::uint64_t amount) const {
  const std::string number = std::to_string(amount);
  const std::string limit = std::to_string(config_.maxArgumentBytes);
  const auto unreadable_call = [this](const std::string& reason) {
    one_error(errors_, reason);
    return PlanOutcome{std::nullopt, "The call could not be read: " + reason + ". Call the tool again with its name and JSON arguments.",
                       InvalidArguments{"", &errors_}};
  };
  switch (why) {
    case CallRefusal::name_unreadable: return unreadable_call("its name could not be read");
    case CallRefusal::name_too_long:
      return unknown_tool("", "with a name of " + number + " characters (tool names have at most " +
                                  std::to_string(kMaxToolNameLength) + ")");
    case CallRefusal::name_ill_formed:
      return unreadable_call("its name holds ill-formed UTF-16 (a lone surrogate at index " + number +
                             "), which has no UTF-8 form");
    default: break;
  }
  const ToolDefinition* tool = is_valid_tool_name(name) ? find(name) : nullptr;
  if (!tool) return unknown_tool(name, "");
  switch (why) {
    case CallRefusal::arguments_unreadable:
      return refuse_arguments(tool->name, "the arguments could not be read (reading or serialising them threw)");
    case CallRefusal::arguments_too_long:
      return refuse_arguments(tool->name, "the arguments are at least " + count_of(amount, "byte", "bytes") + "; the limit is " + limit);
    case CallRefusal::arguments_ill_formed:
      return refuse_arguments(tool->name, "the arguments hold ill-formed UTF-16 (a lone surrogate at index " + number +
                                              "), which has no UTF-8 form; they were not read");
    default:
      return refuse_arguments(tool->name, "the arguments are " + count_of(amount, "byte", "bytes") + "; the limit is " + limit);
  }
}

RC_RARELY_RUN PlanOutcome Router::refuse_unreadable(std::string_view tool, ArgumentsFault fault, std::string_view detail) const {
  switch (fault) {
    case ArgumentsFault::not_json: return refuse_arguments(tool, "the arguments are not valid JSON (" + std::string(detail) + ")");
    case ArgumentsFault::not_an_object: return refuse_arguments(tool, "the arguments must be a JSON object");
    case ArgumentsFault::repeated_member: break;
  }
  return refuse_arguments(tool, "the member \"" + std::string(detail.substr(0, 64)) +
                                    "\" appears twice (a backend might read the other value)");
}

RC_RARELY_RUN PlanOutcome Router::refuse_invalid(std::string_view tool, std::string_view name,
                                                 const schema::ValidationResult& validation) const {
  if (validation.tooComplex)
    return {std::nullopt, too_complex_message(name, errors_), InvalidArguments{tool, &errors_, ErrorCode::arguments_too_complex}};
  return {std::nullopt, invalid_arguments_message(name, errors_, validation.truncated), InvalidArguments{tool, &errors_}};
}

RC_RARELY_RUN PlanOutcome Router::refuse_arguments(std::string_view tool, std::string_view reason) const {
  one_error(errors_, reason);
  return {std::nullopt, invalid_arguments_message(tool, errors_, false), InvalidArguments{tool, &errors_}};
}

PlanOutcome Router::plan_parsed(const ToolDefinition& tool, std::string_view name,
                                std::string_view argumentsText) const {
  // One parse into a flat document serves validation, the path, the query
  // and (rarely) a re-serialised body: no nlohmann tree on the hot path.
  const bool blank = is_blank(argumentsText);
  IDocument& document = scratch_;
  std::string parseError;
  if (!document.parse(blank ? std::string_view("{}") : argumentsText, config_.maxDepth, parseError))
    return refuse_unreadable(tool.name, ArgumentsFault::not_json, parseError);
  const IValue& arguments = document.root();
  if (arguments.type != IValue::Object) return refuse_unreadable(tool.name, ArgumentsFault::not_an_object, {});
  if (const auto repeated = repeated_member(document, arguments))
    return refuse_unreadable(tool.name, ArgumentsFault::repeated_member, *repeated);

  const schema::ValidationResult validation = tool.parameters.validate(document, errors_);
  if (!validation.valid) return refuse_invalid(tool.name, name, validation);

  std::string path;
  std::string pathError;
  const auto lookup = [&](const std::string& parameter) { return url::path_argument(document, arguments, parameter); };
  if (!tool.route.path.expand(lookup, path, pathError)) return refuse_arguments(tool.name, pathError);

  RequestPlan request;
  request.method = tool.route.method;
  // Room for a query half again the arguments' size, which percent-encoding
  // mostly stays within: most calls allocate the URL once.
  const std::size_t queryGuess = tool.route.argumentsInBody ? 0 : argumentsText.size() + argumentsText.size() / 2;
  request.url.reserve(config_.baseOrigin.size() + config_.basePath.size() + path.size() + queryGuess + 1);
  request.url.append(config_.baseOrigin).append(config_.basePath).append(path);
  request.timeoutMs = tool.route.timeoutMs;
  request.maxResponseBytes = tool.route.maxResponseBytes;
  const auto& inPath = tool.route.path.parameters();
  if (tool.route.argumentsInBody) {
    // Without path parameters the model's own text is sent: it is valid JSON
    // already, and re-serialising could only lose number precision.
    if (inPath.empty() && !blank) {
      request.body = std::string(argumentsText);
      request.bodyIsArguments = true;
    } else {
      request.body.emplace();
      append_json_value(*request.body, document, arguments, inPath);
    }
  } else {
    url::append_query(request.url, document, arguments, inPath);
  }
  return {std::move(request), {}};
}

Interpretation Router::judge(std::string_view name, const HttpAnswer& answer) const {
  using Use = Interpretation::Use;
  if (answer.status < 200 || answer.status > 299) return {Use::result, http_error(name, answer)};
  if (answer.status == 204 || answer.status == 205 || answer.body.empty()) return {Use::result, R"({"response":null})"};

  const std::string type = media_type(answer.contentType);
  if (is_json_type(type) || type.empty()) {
    // Checked with the validator's flat parser (depth, UTF-8, range); the
    // model gets the body's own value, so nothing is rebuilt here.
    std::string error;
    const bool parsed = scratch_.parse(answer.body, config_.maxDepth, error);
    const bool object = parsed && scratch_.root().type == IValue::Object;
    scratch_.trim(kScratchKeepValues);
    if (parsed) return {object ? Use::body : Use::response, {}};
    if (!type.empty()) return {Use::result, not_json(name, error)};
    return {Use::text, {}};  // untyped, not JSON: take it as text
  }
  if (type.rfind("text/", 0) == 0) return {Use::text, {}};
  return {Use::result, unreadable_type(name, type)};
}

RC_RARELY_RUN PlanOutcome Router::follow_redirect(std::string_view name, const std::string& method, int status,
                                    const std::string& absoluteLocation, int redirectsSoFar) const {
  const std::string tool = printable_tool_name(name);
  if (!within_base(absoluteLocation)) {
    return {std::nullopt,
            ToolError(ErrorCode::blocked_destination, name,
                      "The backend for \"" + tool + "\" redirected away from its base URL; the redirect was not followed.")
                .number("status", status)
                .text()};
  }
  if (redirectsSoFar >= kMaxRedirects) {
    return {std::nullopt, tool_error(ErrorCode::network_error, name,
                                     "The backend for \"" + tool + "\" redirected more than " +
                                         std::to_string(kMaxRedirects) + " times.")};
  }
  const ToolDefinition* definition = find(name);
  RequestPlan request;
  // 303 always turns into GET, as fetch does; 307/308 repeat the request.
  request.method = (status == 303 || ((status == 301 || status == 302) && method == "POST")) ? "GET" : method;
  request.resendBody = request.method == method && sends_body(method);
  request.url = absoluteLocation;
  request.timeoutMs = definition ? definition->route.timeoutMs : config_.defaults.timeoutMs;
  request.maxResponseBytes = definition ? definition->route.maxResponseBytes : config_.defaults.maxResponseBytes;
  return {std::move(request), {}};
}

bool Router::within_base(std::string_view url) const {
  const std::string_view origin = config_.baseOrigin;
  const std::string_view base = config_.basePath;
  if (url.substr(0, origin.size()) != origin) return false;
  url.remove_prefix(origin.size());
  // Right after the origin comes its path: "http://h:80" + "@evil" or ".evil" is another host.
  if (url.empty() || url[0] != '/') return false;
  if (url.substr(0, base.size()) != base) return false;
  const std::string_view path = url.substr(0, url.find_first_of("?#"));
  // "/api" admits "/api" and "/api/..." but not "/apiary".
  if (path.size() > base.size() && path[base.size()] != '/') return false;
  return !has_dot_segment(path);
}

RC_RARELY_RUN std::string Router::failure(std::string_view name, ErrorCode code, std::string_view detail) const {
  const std::string tool = printable_tool_name(name);
  const ToolDefinition* definition = find(name);
  const std::uint32_t timeoutMs = definition ? definition->route.timeoutMs : config_.defaults.timeoutMs;
  const std::uint64_t limit = definition ? definition->route.maxResponseBytes : config_.defaults.maxResponseBytes;
  std::string message;
  std::optional<std::pair<const char*, std::uint64_t>> detailNumber;
  switch (code) {
    case ErrorCode::timeout:
      message = "The backend for \"" + tool + "\" did not answer within " + std::to_string(timeoutMs) +
                " ms. You may retry once or tell the user the service is slow.";
      detailNumber = {"timeoutMs", timeoutMs};
      break;
    case ErrorCode::network_error:
      message = "The backend for \"" + tool + "\" could not be reached (" + excerpt(detail, 200) +
                "). You may retry once or tell the user the service is unavailable.";
      break;
    case ErrorCode::response_too_large:
      message = "The answer of \"" + tool + "\" was larger than " + count_of(limit, "byte", "bytes") +
                " and was discarded.";
      detailNumber = {"maxResponseBytes", limit};
      break;
    case ErrorCode::blocked_destination:
      message = "The backend for \"" + tool + "\" redirected to a destination that is not allowed (" +
                excerpt(detail, 200) + "); the redirect was not followed.";
      break;
    case ErrorCode::invalid_response:
      message = "The answer of \"" + tool + "\" could not be read (" + excerpt(detail, 200) + ").";
      break;
    case ErrorCode::declined:
      // The detail says why when no person answered; a person's "no" needs no reason.
      message = "The user declined this call of \"" + tool + "\"" + (detail.empty() ? "" : " (" + excerpt(detail, 200) + ")") +
                "; it was not run. Do not call it again unless the user asks.";
      break;
    default:
      message = "The call to \"" + tool + "\" failed inside realtime-companion (" + excerpt(detail, 200) +
                "). Tell the user the tool is unavailable.";
      code = ErrorCode::internal_error;
      break;
  }
  ToolError error(code, name, message);
  if (detailNumber) error.number(detailNumber->first, static_cast<std::int64_t>(detailNumber->second));
  return error.text();
}

}  // namespace rc
