// The one Catch2 main shared by every test program. Each test program gets a scratch folder of
// its own, made the process's TMPDIR (so std::filesystem::temp_directory_path() and the programs
// it starts write there), and removed when the program ends; set HOTSPOT_KEEP_TEST_FILES=1 to
// keep it for a look after a failure.
#define CATCH_CONFIG_RUNNER
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

int main(int argc, char* argv[]) {
  namespace fs = std::filesystem;
  std::string scratch = (fs::temp_directory_path() / "hotspot-tests-XXXXXX").string();
  if (::mkdtemp(scratch.data()) == nullptr) return Catch::Session().run(argc, argv);
  ::setenv("TMPDIR", scratch.c_str(), 1);
  const int failed = Catch::Session().run(argc, argv);
  const char* keep = std::getenv("HOTSPOT_KEEP_TEST_FILES");
  if (keep == nullptr || std::string(keep) != "1") {
    std::error_code ignored;
    fs::remove_all(scratch, ignored);
  }
  return failed;
}
