// The keywords for arrays: minItems, maxItems, uniqueItems, the items
// (prefixItems, items, additionalItems), contains (with minContains and
// maxContains), unevaluatedItems. Other types pass them.
#include <algorithm>
#include <vector>

#include "schema/evaluate/evaluator.hpp"
#include "text/count.hpp"
#include "text/heap_sort.hpp"

namespace rc::schema::detail {

bool Evaluator::check_min_items(const Keyword& k, const V& inst, Ann*) {
  return a_.type(inst) != T::Array || a_.size(inst) >= k.count || reject_items(k);
}

bool Evaluator::check_max_items(const Keyword& k, const V& inst, Ann*) {
  return a_.type(inst) != T::Array || a_.size(inst) <= k.count || reject_items(k);
}

bool Evaluator::reject_items(const Keyword& k) {
  const bool least = k.kind == Keyword::MinItems;
  return fail(compose({least ? "must have at least " : "must have at most ", std::to_string(k.count),
                       noun_for(k.count, " item", " items")}));
}

// Hash every item (equal values hash alike: 1 and 1.0, objects in any
// member order), sort by hash, and compare for real only within a run of
// equal hashes, each comparison charged to the budget: n log n however the
// items are chosen, or a refusal. Reports the pair an in-order scan finds
// first: the smallest second index, then the smallest first one.
bool Evaluator::check_unique_items(const Keyword&, const V& inst, Ann*) {
  if (a_.type(inst) != T::Array) return true;
  const std::size_t n = a_.size(inst);
  if (n < 2) return true;
  std::vector<std::pair<std::uint64_t, std::size_t>> hashed(n);
  std::vector<std::uint64_t> scratch;
  for (std::size_t j = 0; j < n; ++j) hashed[j] = {hash_of(a_, a_.item(inst, j), scratch), j};
  rc::text::heap_sort(hashed.data(), n);  // pairs are distinct: the order is std::sort's
  std::size_t first = SIZE_MAX, second = SIZE_MAX;
  for (std::size_t from = 0, to; from < n; from = to) {
    for (to = from + 1; to < n && hashed[to].first == hashed[from].first; ++to) {}
    for (std::size_t y = from + 1; y < to; ++y) {
      const std::size_t j = hashed[y].second;
      if (j > second) break;  // sorted by index within the run: no better pair here
      for (std::size_t x = from; x < y; ++x) {
        const std::size_t i = hashed[x].second;
        std::uint64_t visited = 0;
        const bool same = a_.same(a_.item(inst, i), a_.item(inst, j), visited);
        if ((steps_ += visited) > budget_) return stop_over_budget();
        if (same) {
          if (j < second || (j == second && i < first)) first = i, second = j;
          break;
        }
      }
    }
  }
  if (second == SIZE_MAX) return true;
  return fail("items " + std::to_string(first) + " and " + std::to_string(second) + " are equal (uniqueItems)");
}

bool Evaluator::check_items(const Keyword& k, const V& inst, Ann* ann) {
  if (a_.type(inst) != T::Array) return true;
  kw_ = nullptr;  // each branch pushes its own keyword name
  bool ok = true;
  const std::size_t n = a_.size(inst);
  const std::size_t np = std::min(n, k.subs.size());
  for (std::size_t i = 0; i < np; ++i) {
    if (!child(k.subs[i], a_.item(inst, i), index_seg(i), key_seg(k.prefixName), index_seg(i))) ok = false;
    if (halt(ok)) break;
  }
  if (ann) ann->prefix = std::max(ann->prefix, np);
  if (k.additional && !halt(ok)) {
    for (std::size_t i = k.subs.size(); i < n; ++i) {
      bool r;
      if (k.additional->isBool && !k.additional->boolValue) {
        Push step(ipath_, index_seg(i));
        Push k1(kpath_, key_seg(k.additionalName));
        r = fail("the array must have at most " + count_of(k.subs.size(), "item", "items"));
      } else {
        r = child(k.additional, a_.item(inst, i), index_seg(i), key_seg(k.additionalName));
      }
      if (!r) {
        ok = false;
        if (halt(ok)) break;
      }
    }
    if (ann && n > k.subs.size()) ann->allItems = true;
  }
  return ok;
}

bool Evaluator::check_contains(const Keyword& k, const V& inst, Ann* ann) {
  if (a_.type(inst) != T::Array) return true;
  std::size_t matched = 0;
  {
    Quiet q(quiet_);
    const std::size_t n = a_.size(inst);
    for (std::size_t i = 0; i < n; ++i) {
      if (eval(k.sub, a_.item(inst, i), nullptr)) {
        ++matched;
        if (ann) ann->items.set(i);
        else if (!k.hasMax && matched >= k.minContains) break;
      }
      if (k.hasMax && matched > k.maxContains && !ann) break;
    }
  }
  const std::size_t minimum = k.hasMin ? k.minContains : 1;
  if (matched < minimum)
    return fail("must contain at least " + count_of(minimum, "matching item", "matching items") + " (contains)");
  if (k.hasMax && matched > k.maxContains)
    return fail("must contain at most " + count_of(k.maxContains, "matching item", "matching items") + " (maxContains)");
  return true;
}

// The items no prefixItems, items or contains evaluated (the annotations of
// this node and of the in-place subschemas that validated).
bool Evaluator::check_unevaluated_items(const Keyword& k, const V& inst, Ann* ann) {
  if (a_.type(inst) != T::Array || !ann || ann->allItems) return true;
  bool ok = true;
  const std::size_t n = a_.size(inst);
  for (std::size_t i = ann->prefix; i < n; ++i) {
    if (ann->items.contains(i)) continue;
    if (!child(k.sub, a_.item(inst, i), index_seg(i), key_seg(k.name))) {
      ok = false;
      if (halt(ok)) return false;
    }
  }
  ann->allItems = true;
  return ok;
}

}  // namespace rc::schema::detail
