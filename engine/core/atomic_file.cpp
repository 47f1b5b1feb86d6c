#include "engine/core/atomic_file.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace hotspot {

static std::string temporary_name(const std::string& path) {
  const std::filesystem::path target(path);
  // Keep the extension last: GDAL picks drivers and sidecar names from it.
  return (target.parent_path() / ("." + target.stem().string() + ".tmp" + std::to_string(getpid()) +
                                  target.extension().string()))
      .string();
}

void write_via_temporary(const std::string& path,
                         const std::function<void(const std::string&)>& write) {
  const std::string temporary = temporary_name(path);
  std::error_code ignored;
  std::filesystem::remove(temporary, ignored);
  try {
    write(temporary);
  } catch (...) {
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, ignored);
    throw std::runtime_error("cannot write " + path + ": " + error.message());
  }
}

void write_file_atomically(const std::string& path, const std::string& content) {
  write_via_temporary(path, [&](const std::string& temporary) {
    std::ofstream out(temporary, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path + " (disk full or no permission?)");
  });
}

}  // namespace hotspot
