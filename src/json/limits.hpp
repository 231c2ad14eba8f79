#pragma once
#include <cstddef>

namespace rc {

// Deeper documents are refused: nesting costs stack in every recursive walk
// (validation, dumping), and no tool argument or answer needs more.
inline constexpr std::size_t kDefaultMaxDepth = 128;

}  // namespace rc
