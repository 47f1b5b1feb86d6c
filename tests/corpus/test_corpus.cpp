// The bad-input corpus: every file in tests/corpus/inputs/ named by manifest.csv is run through
// the built `hotspot analyse` as a user would run it. A case expects either exit 2 with a message
// naming the file (and the line and field where the manifest's substring says so), or exit 0 with
// the bad rows counted as rejects of the expected reason and the row counts adding up. No case may
// end in "internal error", echo row data (every row holds the marker SECRET) or print control
// characters. Regenerate the inputs with tests/corpus/make_corpus.py.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/csv_reader.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = fs::path(HOTSPOT_SOURCE_DIR) / "tests" / "corpus";

struct RunResult {
  int exit_code;
  std::string output;  // stdout and stderr
};

RunResult run(const std::string& arguments) {
  const std::string command = std::string(HOTSPOT_BINARY) + " " + arguments + " 2>&1";
  std::FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer;
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    output.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

struct Case {
  std::string input, args, message, reason;
  int exit_code = 0;
  int64_t rejected = 0;
};

std::vector<Case> read_manifest() {
  hotspot::CsvReader reader((kCorpus / "manifest.csv").string());
  std::vector<std::string_view> fields;
  std::vector<Case> cases;
  reader.next(fields);  // header
  while (reader.next(fields)) {
    REQUIRE(fields.size() == 6);
    cases.push_back(Case{std::string(fields[0]), std::string(fields[1]), std::string(fields[3]),
                         std::string(fields[4]), std::stoi(std::string(fields[2])),
                         std::stoll(std::string(fields[5]))});
  }
  return cases;
}

// Rows of rejects.csv per reason (the fourth column).
std::map<std::string, int64_t> rejects_by_reason(const fs::path& path) {
  hotspot::CsvReader reader(path.string());
  std::vector<std::string_view> fields;
  std::map<std::string, int64_t> counts;
  reader.next(fields);
  while (reader.next(fields))
    if (fields.size() >= 4) ++counts[std::string(fields[3])];
  return counts;
}

bool has_control_characters(const std::string& text) {
  for (unsigned char c : text)
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return true;
  return false;
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("hotspot-corpus-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string command_for(const Case& c, const fs::path& out) {
  const fs::path inputs = kCorpus / "inputs";
  std::string args = "analyse --out " + out.string() + " --quiet --no-viewer";
  if (c.args.find("--incidents") == std::string::npos)
    args += " --incidents " + (inputs / c.input).string();
  if (c.args.find("--wards") == std::string::npos)
    args += " --wards " + (inputs / "good_wards.geojson").string();
  if (c.args.find("--crs") == std::string::npos) args += " --crs EPSG:27700";
  std::string extra = replace_all(c.args, "{input}", (inputs / c.input).string());
  extra = replace_all(extra, "{good}", (inputs / "good_incidents.csv").string());
  return args + " " + extra;
}

}  // namespace

TEST_CASE("the corpus holds at least 60 bad inputs, each a file of its own") {
  const std::vector<Case> cases = read_manifest();
  CHECK(cases.size() >= 60);
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(fs::is_regular_file(kCorpus / "inputs" / c.input));
    CHECK((c.exit_code == 0 || c.exit_code == 2));
    if (c.exit_code == 2) CHECK_FALSE(c.message.empty());
  }
}

TEST_CASE(
    "every bad input gets exit 2 with file and reason, or counted rejects, and never a crash") {
  for (const Case& c : read_manifest()) {
    DYNAMIC_SECTION(c.input) {
      const fs::path out = temp_dir(c.input);
      const std::string command = command_for(c, out);
      const RunResult result = run(command);
      INFO(command);
      INFO(result.output);
      CHECK(result.exit_code == c.exit_code);
      CHECK(result.output.find("internal error") == std::string::npos);
      CHECK(result.output.find("SECRET") == std::string::npos);  // no row data in messages
      CHECK_FALSE(has_control_characters(result.output));
      if (c.exit_code == 2) {
        CHECK(result.output.find(c.message) != std::string::npos);
        CHECK(result.output.find(fs::path(c.input).stem().string()) != std::string::npos);
        CHECK_FALSE(fs::exists(out / "summary.json"));
        continue;
      }
      const std::string summary_text = read_file(out / "summary.json");
      REQUIRE_FALSE(summary_text.empty());
      const auto summary = nlohmann::json::parse(summary_text);
      const auto& rows = summary["rows"];
      CHECK(rows["adds_up"] == true);
      CHECK(rows["read"].get<int64_t>() ==
            rows["accepted"].get<int64_t>() + rows["rejected"].get<int64_t>());
      CHECK(rows["rejected"].get<int64_t>() == c.rejected);
      const auto counted = rejects_by_reason(out / "rejects.csv");
      if (!c.reason.empty()) {
        CHECK(counted.count(c.reason) == 1);
        if (counted.count(c.reason)) CHECK(counted.at(c.reason) == c.rejected);
        CHECK(rows["rejected_by_reason"][c.reason].get<int64_t>() == c.rejected);
      }
      if (!c.message.empty()) CHECK(summary_text.find(c.message) != std::string::npos);
    }
  }
}

TEST_CASE("a FIFO given as incidents or wards is refused at once with a clear message") {
  const fs::path dir = temp_dir("fifo");
  const fs::path fifo = dir / "incidents.csv";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string wards = (kCorpus / "inputs" / "good_wards.geojson").string();
  // If the FIFO were opened the run would block for ever: ctest's timeout would fail the test.
  RunResult result = run("analyse --incidents " + fifo.string() + " --wards " + wards +
                         " --crs EPSG:27700 --quiet --no-viewer --out " + (dir / "out").string());
  INFO(result.output);
  CHECK(result.exit_code == 2);
  CHECK(result.output.find("incidents.csv: is not a regular file") != std::string::npos);
  result = run("analyse --incidents " + (kCorpus / "inputs" / "good_incidents.csv").string() +
               " --wards " + fifo.string() + " --crs EPSG:27700 --quiet --no-viewer --out " +
               (dir / "out").string());
  INFO(result.output);
  CHECK(result.exit_code == 2);
  CHECK(result.output.find("not a regular file") != std::string::npos);
  const std::string good = (kCorpus / "inputs" / "good_incidents.csv").string();
  for (const std::string option : {"--config", "--category-mapping"}) {
    result = run("analyse --incidents " + good + " --wards " + wards + " " + option + " " +
                 fifo.string() + " --crs EPSG:27700 --quiet --no-viewer --out " +
                 (dir / "out").string());
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK(result.output.find("incidents.csv: is not a regular file") != std::string::npos);
  }
}
