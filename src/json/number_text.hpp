#pragma once
// Numbers as JavaScript's String(number) prints them, so a query carries what
// the seed's `URLSearchParams(args)` would have sent (1.0 -> "1", 1e21 -> "1e+21"),
// and a body rebuilt from the arguments reads as JSON.stringify wrote it.
#include <string>

namespace rc {

std::string number_text(double number);

}  // namespace rc
