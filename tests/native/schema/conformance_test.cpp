// Runs the official JSON-Schema-Test-Suite against the validator and prints
// a table per dialect. Fails only on failures not listed in
// tests/conformance/known-failures.txt (lines: file | group | test | reason).
//
// The suite stays outside the repository. It is found through the
// environment variable RC_JSON_SCHEMA_TEST_SUITE, else ../shared/json-schema-test-suite
// next to the source tree, else Debian's json-schema-test-suite package
// (draft-07 only). Every compiled schema is also written in the compiled tool
// set's binary form, read back, and must give the same verdicts.
// Print the tables alone with:
//   ./build/native-debug/rc_native_tests "[conformance]"
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "schema/schema_codec.hpp"
#include "schema/validator.hpp"

namespace fs = std::filesystem;
using rc::json;
using namespace rc::schema;

namespace {

const char* kDebianSuite = "/usr/share/json-schema-test-suite";

fs::path find_suite() {
  if (const char* env = std::getenv("RC_JSON_SCHEMA_TEST_SUITE"); env && *env)
    return fs::exists(fs::path(env) / "tests") ? fs::path(env) : fs::path();
  const fs::path shared = fs::path(RC_SOURCE_DIR) / ".." / "shared" / "json-schema-test-suite";
  if (fs::exists(shared / "tests")) return shared;
  if (fs::exists(fs::path(kDebianSuite) / "tests" / "draft7")) return kDebianSuite;
  return {};
}

bool read_json(const fs::path& p, json& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  auto r = rc::parse_json(ss.str(), 1000);
  if (!r.ok) return false;
  out = std::move(r.value);
  return true;
}

std::map<std::string, json> load_remotes(const fs::path& suite) {
  std::map<std::string, json> remotes;
  const fs::path root = suite / "remotes";
  if (!fs::exists(root)) return remotes;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().extension() != ".json") continue;
    json doc;
    if (read_json(e.path(), doc))
      remotes["http://localhost:1234/" + fs::relative(e.path(), root).generic_string()] = std::move(doc);
  }
  return remotes;
}

std::set<std::string> load_known_failures() {
  std::set<std::string> known;
  std::ifstream in(fs::path(RC_SOURCE_DIR) / "tests" / "conformance" / "known-failures.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    // file | group | test | reason  ->  key "file | group | test"
    std::size_t cut = 0;
    for (int i = 0; i < 3 && cut != std::string::npos; ++i) cut = line.find(" | ", cut ? cut + 3 : 0);
    known.insert(cut == std::string::npos ? line : line.substr(0, cut));
  }
  return known;
}

struct Tally {
  std::string name;
  int files = 0, tests = 0, passed = 0, failed = 0, known = 0;
  std::vector<std::string> unexpected;
};

void run_file(const fs::path& file, const std::string& label, const CompileOptions& base, Tally& t,
              const std::set<std::string>& known) {
  json groups;
  if (!read_json(file, groups) || !groups.is_array()) {
    t.unexpected.push_back(label + ": cannot read the file");
    return;
  }
  ++t.files;
  for (const auto& g : groups) {
    const std::string gdesc = g.value("description", "");
    std::string error;
    const CompiledSchema schema = CompiledSchema::compile(g["schema"], base, error);
    // The compiled tool set's form of the same schema, as a browser core reads it back.
    CompiledSchema decoded;
    std::string decodeError;
    if (schema.usable()) {
      rc::binary::ByteWriter written;
      write_schema(schema, written);
      rc::binary::ByteReader reader(written.data());
      // ... with the memo on from the first step, so that every test also checks it changes no answer.
      CompileOptions memoized = base;
      memoized.limits.memoFromStep = 0;
      if (!read_schema(reader, memoized, decoded) || reader.remaining() != 0)
        decodeError = reader.failed() ? reader.error() : "bytes left over";
    }
    for (const auto& test : g["tests"]) {
      const std::string tdesc = test.value("description", "");
      const bool expected = test.value("valid", false);
      ++t.tests;
      bool ok;
      std::string why;
      if (!schema.usable()) {
        ok = false;
        why = "compile error: " + error;
      } else {
        // The schema as compiled, and as the browser core reads it from a compiled set.
        const std::string text = rc::to_json_text(test["data"]);
        const auto r = schema.validate_text(text);
        const bool decodedValid = decodeError.empty() && decoded.validate_text(text).valid;
        ok = r.valid == expected && decodeError.empty() && decodedValid == expected;
        if (!decodeError.empty())
          why = "the compiled form is refused: " + decodeError;
        else if (r.valid != expected)
          why = expected ? "rejected: " + (r.errors.empty() ? std::string("?") : r.errors[0].error) : "accepted";
        else if (decodedValid != expected)
          why = std::string("the compiled form ") + (expected ? "rejects it" : "accepts it");
      }
      if (ok) {
        ++t.passed;
        continue;
      }
      ++t.failed;
      const std::string key = label + " | " + gdesc + " | " + tdesc;
      if (known.count(key)) ++t.known;
      else t.unexpected.push_back(key + " | " + why);
    }
  }
}

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

void print_table(const char* title, const std::vector<Tally>& rows) {
  std::printf("\n%s\n", title);
  std::printf("| dialect      | files | tests | passed | failed | known |\n");
  std::printf("|--------------|------:|------:|-------:|-------:|------:|\n");
  for (const auto& r : rows)
    std::printf("| %-12s | %5d | %5d | %6d | %6d | %5d |\n", r.name.c_str(), r.files, r.tests, r.passed, r.failed,
                r.known);
  std::fflush(stdout);
}

const char* kFormats[] = {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"};
const char* kRegexFiles[] = {"ecmascript-regex.json", "non-bmp-regex.json"};

}  // namespace

TEST_CASE("JSON-Schema-Test-Suite: required tests and asserted formats", "[conformance]") {
  const fs::path suite = find_suite();
  if (suite.empty()) {
    WARN("JSON-Schema-Test-Suite not found: set RC_JSON_SCHEMA_TEST_SUITE to a checkout of "
         "https://github.com/json-schema-org/JSON-Schema-Test-Suite (or place it at ../shared/json-schema-test-suite, "
         "or apt-get install json-schema-test-suite for draft-07); conformance skipped");
    return;
  }
  const auto known = load_known_failures();
  CompileOptions base;
  base.remotes = load_remotes(suite);
  base.maxErrors = 5;

  struct Draft {
    const char* dir;
    const char* name;
    Dialect dialect;
  };
  const Draft drafts[] = {{"draft2020-12", "draft2020-12", Dialect::Draft2020_12}, {"draft7", "draft7", Dialect::Draft7}};

  std::vector<Tally> required, formats, regexes;
  for (const auto& d : drafts) {
    const fs::path dir = suite / "tests" / d.dir;
    if (!fs::exists(dir)) continue;
    CompileOptions opt = base;
    opt.defaultDialect = d.dialect;
    opt.formats = FormatMode::Annotation;
    Tally t;
    t.name = d.name;
    for (const auto& f : json_files(dir)) run_file(f, std::string(d.dir) + "/" + f.filename().string(), opt, t, known);
    required.push_back(std::move(t));

    opt.formats = FormatMode::Assert;
    Tally ft;
    ft.name = d.name;
    for (const char* fmt : kFormats) {
      const fs::path f = dir / "optional" / "format" / (std::string(fmt) + ".json");
      if (fs::exists(f)) run_file(f, std::string(d.dir) + "/optional/format/" + fmt + ".json", opt, ft, known);
    }
    formats.push_back(std::move(ft));

    // The optional regex files: ECMA-262 semantics of pattern / patternProperties.
    opt.formats = FormatMode::Annotation;
    Tally rt;
    rt.name = d.name;
    for (const char* file : kRegexFiles) {
      const fs::path f = dir / "optional" / file;
      if (fs::exists(f)) run_file(f, std::string(d.dir) + "/optional/" + file, opt, rt, known);
    }
    regexes.push_back(std::move(rt));
  }

  std::printf("\nJSON-Schema-Test-Suite at %s", suite.string().c_str());
  print_table("Required tests (format as annotation):", required);
  print_table("optional/format, asserted (date-time time date duration email hostname ipv4 ipv6 uuid):", formats);
  print_table("optional regex (ecmascript-regex non-bmp-regex):", regexes);
  for (const auto* rows : {&required, &formats, &regexes})
    for (const auto& r : *rows)
      for (const auto& u : r.unexpected) UNSCOPED_INFO(u);
  std::size_t unexpected = 0;
  for (const auto* rows : {&required, &formats, &regexes})
    for (const auto& r : *rows) unexpected += r.unexpected.size();
  CHECK(unexpected == 0);
}
