#include <catch2/catch.hpp>

#include <string>

#include "keys/sha256.hpp"

namespace {
std::string hex(const std::array<std::uint8_t, 32>& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (auto b : digest) out += {kHex[b >> 4], kHex[b & 0xF]};
  return out;
}
}  // namespace

TEST_CASE("sha256 matches the FIPS 180-4 and NIST test vectors", "[keys]") {
  using rc::keys::sha256;
  CHECK(hex(sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(hex(sha256(std::string(1000000, 'a'))) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Lengths around the block boundary (55, 56, 63, 64, 65 bytes) take one or two final blocks.
  for (std::size_t n : {55u, 56u, 63u, 64u, 65u}) CHECK(hex(sha256(std::string(n, 'x'))).size() == 64);
  CHECK(hex(sha256(std::string(64, 'a'))) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}
