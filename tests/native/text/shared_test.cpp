// text::Shared, the reference-counted pointer that compiled schemas and JSON
// literals are shared by: one value per make(), destroyed exactly once, when
// the last copy goes, whichever way the copies were made.
#include <catch2/catch.hpp>

#include <utility>
#include <vector>

#include "text/shared.hpp"

namespace {

// Counts its own destructions in a counter that outlives it.
struct Tracked {
  explicit Tracked(int& destroyed, int value = 0) : destroyed(&destroyed), value(value) {}
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;
  ~Tracked() { ++*destroyed; }
  int* destroyed;
  int value;
};

using rc::text::Shared;

}  // namespace

TEST_CASE("a Shared made once is destroyed once, when its last copy goes", "[text][shared]") {
  int destroyed = 0;
  {
    Shared<Tracked> first = Shared<Tracked>::make(destroyed, 7);
    REQUIRE(first);
    CHECK(first->value == 7);
    {
      const Shared<Tracked> copy = first;  // NOLINT: the copy is the point
      std::vector<Shared<Tracked>> more(3, first);
      CHECK(copy.get() == first.get());
      CHECK(more[2].get() == first.get());
    }
    CHECK(destroyed == 0);  // `first` still holds it
    first->value = 8;
    CHECK((*first).value == 8);
  }
  CHECK(destroyed == 1);
}

TEST_CASE("a moved-from Shared is empty and the value lives on in the target", "[text][shared]") {
  int destroyed = 0;
  Shared<Tracked> from = Shared<Tracked>::make(destroyed);
  Tracked* const value = from.get();
  Shared<Tracked> to = std::move(from);
  CHECK_FALSE(from);  // NOLINT(bugprone-use-after-move): empty is the contract
  CHECK(from.get() == nullptr);
  CHECK(to.get() == value);
  Shared<Tracked> assigned;
  assigned = std::move(to);
  CHECK_FALSE(to);  // NOLINT(bugprone-use-after-move)
  CHECK(destroyed == 0);
  assigned = Shared<Tracked>();
  CHECK(destroyed == 1);
}

TEST_CASE("assigning over a Shared lets go of what it held, and self-assignment keeps it", "[text][shared]") {
  int destroyedA = 0;
  int destroyedB = 0;
  Shared<Tracked> a = Shared<Tracked>::make(destroyedA);
  Shared<Tracked> b = Shared<Tracked>::make(destroyedB);
  Shared<Tracked> keepB = b;
  a = b;  // the last holder of A's value lets go
  CHECK(destroyedA == 1);
  CHECK(a.get() == b.get());
  Shared<Tracked>& alias = a;
  a = alias;
  CHECK(a);
  CHECK(destroyedB == 0);
  a = Shared<Tracked>();
  b = Shared<Tracked>();
  CHECK(destroyedB == 0);  // keepB
  keepB = Shared<Tracked>();
  CHECK(destroyedB == 1);
}

TEST_CASE("an empty Shared holds nothing and destroys nothing", "[text][shared]") {
  Shared<Tracked> empty;
  CHECK_FALSE(empty);
  CHECK(empty.get() == nullptr);
  Shared<Tracked> copy = empty;
  CHECK_FALSE(copy);
}
