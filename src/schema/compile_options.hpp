#pragma once
// CompileOptions from their JSON form, the one the JavaScript API takes:
// { defaultDialect: "draft2020-12" | "draft7", formats: "assert" | "annotation",
//   remotes: { uri: schema }, maxErrors }. Unknown names are refused (typos).
#include <string>

#include "json/parse.hpp"
#include "schema/validator.hpp"

namespace rc::schema {

bool read_compile_options(const json& options, CompileOptions& out, std::string& error);

}  // namespace rc::schema
