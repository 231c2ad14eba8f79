// What the core answers for a call refused before its text crosses into it
// (common/plan-call.js makes those checks): the same codes and wording as a
// refusal made after the copy.
#include "router_test_support.hpp"

using rc::CallRefusal;
using rc::testing::error_code;
using rc::testing::result_json;
using rc::testing::make_router;

namespace {
std::string message(const std::string& result) { return result_json(result)["error"].value("message", ""); }
bool mentions(const std::string& result, std::string_view words) { return message(result).find(words) != std::string::npos; }
}  // namespace

TEST_CASE("refusals made before the copy are worded by the core", "[router][hostile]") {
  auto router = make_router(R"([{"name":"echo"}])");
  const auto too_long = router.refuse("", CallRefusal::name_too_long, 300000000);
  CHECK(error_code(too_long.result) == "unknown_tool");
  CHECK(mentions(too_long.result, "a name of 300000000 characters"));
  CHECK(mentions(too_long.result, "Available tools: echo"));

  const auto ill_formed_name = router.refuse("", CallRefusal::name_ill_formed, 4);
  CHECK(error_code(ill_formed_name.result) == "invalid_arguments");
  CHECK(mentions(ill_formed_name.result, "ill-formed UTF-16 (a lone surrogate at index 4)"));

  const auto ill_formed = router.refuse("echo", CallRefusal::arguments_ill_formed, 6);
  CHECK(error_code(ill_formed.result) == "invalid_arguments");
  CHECK(mentions(ill_formed.result, "ill-formed UTF-16 (a lone surrogate at index 6)"));
  CHECK(result_json(ill_formed.result)["error"]["errors"].size() == 1);

  CHECK(mentions(router.refuse("echo", CallRefusal::arguments_too_long, 52428800).result,
                 "at least 52428800 bytes; the limit is 1048576"));
  CHECK(mentions(router.refuse("echo", CallRefusal::arguments_too_large, 1048577).result,
                 "1048577 bytes; the limit is 1048576"));
  CHECK(error_code(router.refuse("", CallRefusal::name_unreadable, 0).result) == "invalid_arguments");
  CHECK(error_code(router.refuse("echo", CallRefusal::arguments_unreadable, 0).result) == "invalid_arguments");
  // As in plan(): an unknown name wins over what is wrong with the arguments.
  CHECK(error_code(router.refuse("other", CallRefusal::arguments_too_long, 1 << 30).result) == "unknown_tool");
  for (const auto& outcome : {too_long, ill_formed_name, ill_formed}) CHECK_FALSE(outcome.request);
}
