// The evaluator's hash table (schema/evaluate/u64_table.hpp) and the shared
// heapsort (text/heap_sort.hpp), checked against the standard containers they
// replace on the same keys.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "schema/evaluate/u64_table.hpp"
#include "text/heap_sort.hpp"

using rc::schema::detail::U64Table;

TEST_CASE("U64Table holds every key, 0 and all-ones included, through growth") {
  U64Table table;
  std::map<std::uint64_t, bool> model;
  std::mt19937_64 rng(28);
  std::vector<std::uint64_t> keys = {0, UINT64_MAX, 1, 8, 16, 1ull << 32};
  for (int i = 0; i < 5000; ++i) keys.push_back(i % 3 ? rng() : rng() % 64);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const bool value = (i % 5) != 0;
    table.set(keys[i], value);  // replaces the value of a repeated key
    model[keys[i]] = value;
  }
  REQUIRE(table.size() == model.size());
  for (const auto& [key, value] : model) {
    const bool* found = table.find(key);
    REQUIRE(found);
    CHECK(*found == value);
  }
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t key = rng();
    CHECK(table.contains(key) == (model.count(key) == 1));
  }
}

TEST_CASE("U64Table merges, and a moved-from table is empty and usable") {
  U64Table a, b;
  CHECK_FALSE(a.contains(0));
  for (std::uint64_t k = 0; k < 100; ++k) a.set(k * 8);
  for (std::uint64_t k = 50; k < 300; ++k) b.set(k * 8, false);
  a.merge(b);
  CHECK(a.size() == 300);
  CHECK(*a.find(8 * 10));
  CHECK_FALSE(*a.find(8 * 60));  // the merged table's value wins
  U64Table c = std::move(a);
  CHECK(c.size() == 300);
  CHECK(a.size() == 0);
  CHECK_FALSE(a.contains(8));
  a.set(8);
  CHECK(a.contains(8));
}

TEST_CASE("heap_sort orders like std::sort, pairs and repeated values included") {
  std::mt19937_64 rng(29);
  for (std::size_t n : {0, 1, 2, 3, 7, 16, 17, 100, 1000}) {
    std::vector<std::uint64_t> values(n);
    for (auto& v : values) v = rng() % (n / 2 + 1);
    auto expected = values;
    std::sort(expected.begin(), expected.end());
    rc::text::heap_sort(values.data(), values.size());
    CHECK(values == expected);

    std::vector<std::pair<std::uint64_t, std::size_t>> pairs(n);
    for (std::size_t i = 0; i < n; ++i) pairs[i] = {rng() % 4, n - i};
    auto sortedPairs = pairs;
    std::sort(sortedPairs.begin(), sortedPairs.end());
    rc::text::heap_sort(pairs.data(), pairs.size());
    CHECK(pairs == sortedPairs);
  }
}
