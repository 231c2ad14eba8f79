#include "url/query_string.hpp"

#include <cmath>
#include <cstdlib>

#include "url/percent_encoding.hpp"

namespace rc::url {
namespace {

bool is_scalar(const json& value) { return value.is_string() || value.is_number() || value.is_boolean(); }

// Reformats nlohmann's shortest round-trip text ("1.5e-07", "1e+16") with the
// rules of ECMA-262 Number::toString: plain digits for exponents -7 < n <= 21.
std::string javascript_float_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  if (value == 0) return "0";  // JavaScript prints -0 as "0" too

  const std::string shortest = json(value).dump();
  std::string sign;
  std::string digits;
  int pointPosition = -1;  // digits before the decimal point, as written
  int exponent = 0;
  std::size_t i = 0;
  if (shortest[i] == '-') {
    sign = "-";
    ++i;
  }
  for (; i < shortest.size(); ++i) {
    const char c = shortest[i];
    if (c == '.') {
      pointPosition = static_cast<int>(digits.size());
    } else if (c == 'e' || c == 'E') {
      exponent = std::atoi(shortest.c_str() + i + 1);
      break;
    } else {
      digits += c;
    }
  }
  if (pointPosition < 0) pointPosition = static_cast<int>(digits.size());
  // value = 0.digits * 10^n with no leading or trailing zeros in digits.
  int n = pointPosition + exponent;
  std::size_t lead = 0;
  while (lead + 1 < digits.size() && digits[lead] == '0') {
    ++lead;
    --n;
  }
  digits.erase(0, lead);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int k = static_cast<int>(digits.size());

  if (k <= n && n <= 21) return sign + digits + std::string(n - k, '0');
  if (0 < n && n <= 21) return sign + digits.substr(0, n) + "." + digits.substr(n);
  if (-6 < n && n <= 0) return sign + "0." + std::string(-n, '0') + digits;
  const int e = n - 1;
  std::string mantissa = digits.substr(0, 1);
  if (k > 1) mantissa += "." + digits.substr(1);
  return sign + mantissa + "e" + (e >= 0 ? "+" : "-") + std::to_string(std::abs(e));
}

void append_pair(std::string& query, std::string_view key, std::string_view value) {
  if (!query.empty()) query += '&';
  append_percent_encoded(query, key);
  query += '=';
  append_percent_encoded(query, value);
}

}  // namespace

std::string number_text(double number) { return javascript_float_text(number); }

std::string number_text(const json& number) {
  if (number.is_number_integer()) return number.dump();
  if (number.is_number_float()) return javascript_float_text(number.get<double>());
  return {};
}

std::string scalar_text(const json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return number_text(value);
  return {};
}

std::string build_query(const json& arguments, const std::set<std::string>& skip) {
  std::string query;
  if (!arguments.is_object()) return query;
  for (const auto& [key, value] : arguments.items()) {
    if (skip.count(key) || value.is_null()) continue;
    if (value.is_string()) {
      append_pair(query, key, value.get_ref<const std::string&>());
    } else if (is_scalar(value)) {
      append_pair(query, key, scalar_text(value));
    } else if (value.is_array()) {
      bool allScalars = true;
      for (const auto& element : value) allScalars = allScalars && (is_scalar(element) || element.is_null());
      if (allScalars) {
        for (const auto& element : value)
          if (!element.is_null()) append_pair(query, key, scalar_text(element));
      } else {
        append_pair(query, key, to_json_text(value));
      }
    } else {
      append_pair(query, key, to_json_text(value));
    }
  }
  return query;
}

}  // namespace rc::url
