// What the end-to-end tests share: running the built `hotspot` binary as a user would, reading
// its files back, and the demo town generated once per test program.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace hotspot::testing {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code;
  std::string output;  // stdout and stderr
};

// The binary under test: the build's, or $HOTSPOT_TEST_BINARY (e.g. to show that a test fails
// on an older release).
inline std::string binary_under_test() {
  const char* override_path = std::getenv("HOTSPOT_TEST_BINARY");
  return override_path && *override_path ? override_path : HOTSPOT_BINARY;
}

inline RunResult run(const std::string& arguments) {
  const std::string command = binary_under_test() + " " + arguments + " 2>&1";
  std::FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer;
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    output.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// Runs a shell command line (for limits such as ulimit); output is what the line redirects.
inline RunResult run_in_shell(const std::string& command_line) {
  std::FILE* pipe = popen(command_line.c_str(), "r");
  std::string output;
  std::array<char, 4096> buffer;
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    output.append(buffer.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// Starts the binary with `arguments` (split on spaces) in the background, output discarded.
inline pid_t spawn(const std::string& arguments) {
  std::vector<std::string> words;
  std::stringstream in(arguments);
  for (std::string word; in >> word;) words.push_back(word);
  const std::string binary = binary_under_test();
  const pid_t child = fork();
  if (child == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (auto& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return child;
}

// The child's wait status.
inline int wait_for(pid_t child) {
  int status = 0;
  waitpid(child, &status, 0);
  return status;
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

inline fs::path temp_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("hotspot-e2e-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// The demo town, generated once per test program.
inline const fs::path& demo_input() {
  static const fs::path dir = [] {
    const fs::path out = temp_dir("demo-input");
    const RunResult result = run("synth --out " + out.string() + " --quiet");
    REQUIRE(result.exit_code == 0);
    return out;
  }();
  return dir;
}

// Rows of a CSV as column → value (RFC 4180 quotes; a UTF-8 byte-order mark is skipped).
inline std::vector<std::map<std::string, std::string>> read_csv(const fs::path& path) {
  std::string text = read_file(path);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::vector<std::vector<std::string>> records(1, std::vector<std::string>(1));
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        records.back().back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        records.back().back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().emplace_back();
    } else if (c == '\n') {
      records.emplace_back(1);
    } else if (c != '\r') {
      records.back().back().push_back(c);
    }
  }
  if (records.back().size() == 1 && records.back()[0].empty()) records.pop_back();
  std::vector<std::map<std::string, std::string>> rows;
  for (size_t r = 1; r < records.size(); ++r) {
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < records[0].size() && i < records[r].size(); ++i)
      row[records[0][i]] = records[r][i];
    rows.push_back(row);
  }
  return rows;
}

}  // namespace hotspot::testing
