#include "router/error_code.hpp"

#include <array>
#include <utility>

namespace rc {
namespace {

constexpr std::array<std::pair<ErrorCode, std::string_view>, 11> kNames{{
    {ErrorCode::unknown_tool, "unknown_tool"},
    {ErrorCode::invalid_arguments, "invalid_arguments"},
    {ErrorCode::arguments_too_complex, "arguments_too_complex"},
    {ErrorCode::http_error, "http_error"},
    {ErrorCode::timeout, "timeout"},
    {ErrorCode::network_error, "network_error"},
    {ErrorCode::response_too_large, "response_too_large"},
    {ErrorCode::invalid_response, "invalid_response"},
    {ErrorCode::blocked_destination, "blocked_destination"},
    {ErrorCode::internal_error, "internal_error"},
    {ErrorCode::declined, "declined"},
}};

}  // namespace

std::string_view to_string(ErrorCode code) {
  for (const auto& [value, name] : kNames)
    if (value == code) return name;
  return "internal_error";
}

std::optional<ErrorCode> error_code_from_string(std::string_view name) {
  for (const auto& [value, candidate] : kNames)
    if (candidate == name) return value;
  return std::nullopt;
}

}  // namespace rc
