// The real public data in ../shared/data (present in CI, absent in a user's clone): tests that
// use it call SHARED_DATA_OR_SKIP, which skips the test with a message naming the missing path.
#pragma once
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

namespace hotspot::testing {

inline std::string shared_data_path(const std::string& relative) {
  return std::string(HOTSPOT_SOURCE_DIR) + "/../shared/data/" + relative;
}

}  // namespace hotspot::testing

#define SHARED_DATA_OR_SKIP(variable, relative)                                    \
  const std::string variable = hotspot::testing::shared_data_path(relative);       \
  if (!std::filesystem::exists(variable)) {                                        \
    WARN("skipped: " << variable << " is absent (it is in ../shared/data in CI)"); \
    return;                                                                        \
  }
