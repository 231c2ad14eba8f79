#pragma once
// The object the model receives for a backend's answer, built from the core's
// verdict the way common/plan-call.js (interpretAnswer) builds it: the core
// judges, and the body it accepts is used as the shell holds it. Shared by
// the native tests and the fuzz targets; no artifact needs it.
#include "json/parse.hpp"
#include "router/router.hpp"

namespace rc::testing {

inline json model_result(const Router& router, std::string_view name, const HttpAnswer& answer) {
  Interpretation verdict = router.judge(name, answer);
  switch (verdict.use) {
    case Interpretation::Use::body: return parse_json(answer.body, router.config().maxDepth).value;
    case Interpretation::Use::response: return json{{"response", parse_json(answer.body, router.config().maxDepth).value}};
    case Interpretation::Use::text: return json{{"response", std::string(answer.body)}};
    default: return parse_json(verdict.result, router.config().maxDepth).value;
  }
}

}  // namespace rc::testing
