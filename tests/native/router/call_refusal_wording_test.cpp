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
  CHECK(error_code(rc::result_text(too_long)) == "unknown_tool");
  CHECK(mentions(rc::result_text(too_long), "a name of 300000000 characters"));
  CHECK(mentions(rc::result_text(too_long), "Available tools: echo"));

  const auto ill_formed_name = router.refuse("", CallRefusal::name_ill_formed, 4);
  CHECK(error_code(rc::result_text(ill_formed_name)) == "invalid_arguments");
  CHECK(mentions(rc::result_text(ill_formed_name), "ill-formed UTF-16 (a lone surrogate at index 4)"));

  const auto ill_formed = router.refuse("echo", CallRefusal::arguments_ill_formed, 6);
  CHECK(error_code(rc::result_text(ill_formed)) == "invalid_arguments");
  CHECK(mentions(rc::result_text(ill_formed), "ill-formed UTF-16 (a lone surrogate at index 6)"));
  CHECK(result_json(rc::result_text(ill_formed))["error"]["errors"].size() == 1);

  CHECK(mentions(rc::result_text(router.refuse("echo", CallRefusal::arguments_too_long, 52428800)),
                 "at least 52428800 bytes; the limit is 1048576"));
  CHECK(mentions(rc::result_text(router.refuse("echo", CallRefusal::arguments_too_large, 1048577)),
                 "1048577 bytes; the limit is 1048576"));
  CHECK(error_code(rc::result_text(router.refuse("", CallRefusal::name_unreadable, 0))) == "invalid_arguments");
  CHECK(error_code(rc::result_text(router.refuse("echo", CallRefusal::arguments_unreadable, 0))) == "invalid_arguments");
  // As in plan(): an unknown name wins over what is wrong with the arguments.
  CHECK(error_code(rc::result_text(router.refuse("other", CallRefusal::arguments_too_long, 1 << 30))) == "unknown_tool");
  for (const auto& outcome : {too_long, ill_formed_name, ill_formed}) CHECK_FALSE(outcome.request);
}
