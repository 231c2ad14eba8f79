#include "router/known_fields.hpp"

#include <algorithm>
#include <vector>

namespace rc {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Optimal string alignment distance (Levenshtein plus adjacent swaps), ignoring case.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

bool is_prefix(std::string_view prefix, std::string_view of) {
  if (prefix.size() > of.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(prefix[i]) != lower(of[i])) return false;
  return true;
}

}  // namespace

std::string nearest_field(std::string_view field, std::initializer_list<std::string_view> known) {
  // Field names are short; a longer input is no typo of one (and keeps the table small).
  if (field.empty() || field.size() > 64) return "";
  std::string_view best;
  std::size_t bestDistance = 3;
  for (const std::string_view name : known) {
    const std::size_t distance = edit_distance(field, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best.empty() && field.size() >= 4) {
    for (const std::string_view name : known)
      if (is_prefix(field, name)) return std::string(name);
  }
  return std::string(best);
}

std::string unknown_field_error(const json& object, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), std::string_view(key)) != known.end()) continue;
    std::string list;
    for (const std::string_view name : known) list += (list.empty() ? "" : ", ") + std::string(name);
    const std::string nearest = nearest_field(key, known);
    const std::string hint = nearest.empty() ? "" : "did you mean \"" + nearest + "\"? ";
    // As a JSON string, so quotes and control characters cannot garble the message (a cut
    // UTF-8 sequence is replaced by to_json_text).
    const std::string shown = to_json_text(json(key.size() > 64 ? key.substr(0, 64) + "..." : key));
    return "unknown field " + shown + " (" + hint + "known: " + list + ")";
  }
  return "";
}

}  // namespace rc
