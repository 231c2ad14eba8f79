#pragma once
// Numbers as JavaScript's String(number) prints them, so a query carries what
// the seed's `URLSearchParams(args)` would have sent (1.0 -> "1", 1e21 -> "1e+21").
#include <string>

namespace rc::url {

std::string number_text(double number);

}  // namespace rc::url
