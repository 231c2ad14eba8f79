// The flat document's strings are strict UTF-8: every byte sequence up to four bytes long that
// can start a sequence, in a plain string and after an escape (the two paths the parser reads
// strings by), is accepted exactly when a decoder written here from the Unicode rules accepts it.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "json/document.hpp"

namespace {

// Unicode's definition, one character at a time: the lead byte gives the length and the first
// bits, each continuation is 10xxxxxx, and the code point must need that length and be a scalar value.
bool well_formed_by_the_rules(const std::vector<unsigned char>& bytes) {
  const std::uint32_t shortest_from[] = {0, 0, 0x80, 0x800, 0x10000};
  for (std::size_t i = 0; i < bytes.size();) {
    const unsigned char lead = bytes[i];
    std::size_t length;
    std::uint32_t cp;
    if (lead < 0x80) length = 1, cp = lead;
    else if ((lead & 0xE0) == 0xC0) length = 2, cp = lead & 0x1Fu;
    else if ((lead & 0xF0) == 0xE0) length = 3, cp = lead & 0x0Fu;
    else if ((lead & 0xF8) == 0xF0) length = 4, cp = lead & 0x07u;
    else return false;
    if (i + length > bytes.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (bytes[i + k] & 0x3Fu);
    }
    if (cp < shortest_from[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

bool document_accepts(const std::vector<unsigned char>& bytes, bool after_escape) {
  std::string text = after_escape ? "[\"\\n" : "[\"";
  text.append(bytes.begin(), bytes.end());
  text += "\"]";
  rc::IDocument document;
  std::string error;
  const bool ok = document.parse(text, 16, error);
  // A refusal for any other reason would make the comparison meaningless.
  if (!ok && error.find("invalid UTF-8") == std::string::npos) FAIL_CHECK("refused for another reason: " << error);
  return ok;
}

// The continuation bytes worth trying: each edge of the 0x80..0xBF range and of the ranges the
// second byte is narrowed to (E0 A0, ED 9F, F0 90, F4 8F), and bytes outside it.
const unsigned char kTrail[] = {0x00, 0x41, 0x7F, 0x80, 0x81, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xF5, 0xFF};

}  // namespace

TEST_CASE("the document's strings accept exactly the well-formed UTF-8 sequences", "[json][hostile]") {
  for (const bool after_escape : {false, true}) {
    std::size_t tried = 0, accepted = 0, wrong = 0;
    for (unsigned lead = 0x80; lead <= 0xFF; ++lead) {
      std::vector<unsigned char> bytes{static_cast<unsigned char>(lead)};
      const auto check = [&] {
        // '"' and '\\' end or escape the string; bytes below 0x20 are refused as control characters.
        for (const unsigned char b : bytes)
          if (b < 0x20 || b == '"' || b == '\\') return;
        ++tried;
        const bool expected = well_formed_by_the_rules(bytes);
        accepted += expected;
        if (document_accepts(bytes, after_escape) != expected) {
          ++wrong;
          if (wrong <= 5) FAIL_CHECK("lead 0x" << std::hex << lead << ", " << std::dec << bytes.size() << " bytes"
                                              << (after_escape ? " after an escape" : "") << ": expected " << expected);
        }
      };
      check();  // cut after the lead
      for (unsigned second = 0; second <= 0xFF; ++second) {
        bytes.assign({static_cast<unsigned char>(lead), static_cast<unsigned char>(second)});
        check();
      }
      for (const unsigned char second : kTrail) {
        for (const unsigned char third : kTrail) {
          bytes.assign({static_cast<unsigned char>(lead), static_cast<unsigned char>(second), third});
          check();
          for (const unsigned char fourth : kTrail) {
            bytes.assign({static_cast<unsigned char>(lead), static_cast<unsigned char>(second), third, fourth});
            check();
          }
        }
      }
    }
    // The loop reached both verdicts many times over, so neither answer alone passes it.
    CHECK(wrong == 0);
    CHECK(tried > 200000);
    CHECK(accepted > 3000);
    CHECK(tried - accepted > 100000);
  }
}
