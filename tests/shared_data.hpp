// The real public data in ../shared/data (present in CI, absent in a user's clone). Every test
// that reads it checks with shared_data_present (or SHARED_DATA_OR_SKIP): absent data SKIPS the
// test on a developer's machine but FAILS it when the CI variable is set, since CI always has the
// data and a test that passes empty there proves nothing.
#pragma once
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace hotspot::testing {

inline std::string shared_data_path(const std::string& relative) {
  return std::string(HOTSPOT_SOURCE_DIR) + "/../shared/data/" + relative;
}

// True when `path` exists. Otherwise FAILs the test under CI, or WARNs (the caller then returns).
inline bool shared_data_present(const std::string& path) {
  if (std::filesystem::exists(path)) return true;
  const char* ci = std::getenv("CI");
  if (ci && *ci)
    FAIL(path << " is absent, and CI must have ../shared/data: the test cannot pass empty");
  WARN("skipped: " << path << " is absent (it is in ../shared/data in CI)");
  return false;
}

}  // namespace hotspot::testing

#define SHARED_DATA_OR_SKIP(variable, relative)                              \
  const std::string variable = hotspot::testing::shared_data_path(relative); \
  if (!hotspot::testing::shared_data_present(variable)) return;
