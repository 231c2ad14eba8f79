#include <catch2/catch.hpp>

#include "router/known_fields.hpp"

TEST_CASE("nearest_field: typos within two edits, swaps, case and long prefixes", "[router][fields]") {
  const auto near = [](std::string_view field) {
    return rc::nearest_field(field, {"type", "name", "description", "parameters", "route"});
  };
  CHECK(near("rout") == "route");
  CHECK(near("paramaters") == "parameters");
  CHECK(near("nmae") == "name");        // adjacent swap: one edit
  CHECK(near("TYPE") == "type");
  CHECK(near("desc") == "description"); // a prefix of 4 or more
  CHECK(near("descriptoin") == "description");
  CHECK(near("strict").empty());
  CHECK(near("tools").empty());
  CHECK(near("").empty());
  CHECK(near(std::string(100, 'a')).empty());
}
