// libFuzzer harness helper: the readers under test take paths, so each input is written to one
// file per process (in the temporary folder) and read back from there.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace hotspot::fuzz {

inline std::string input_file(const uint8_t* data, size_t size, const std::string& suffix) {
  static const std::string folder = [] {
    const auto dir =
        std::filesystem::temp_directory_path() / ("hotspot-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir.string();
  }();
  const std::string path = folder + "/input" + suffix;
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) __builtin_trap();
  if (size > 0 && std::fwrite(data, 1, size, file) != size) __builtin_trap();
  std::fclose(file);
  return path;
}

inline std::string scratch_path(const std::string& name) {
  return std::filesystem::path(input_file(nullptr, 0, ".unused")).parent_path().string() + "/" +
         name;
}

}  // namespace hotspot::fuzz
