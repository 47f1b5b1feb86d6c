#include "engine/core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "engine/core/errors.hpp"

namespace hotspot {

namespace fs = std::filesystem;

std::string temporary_name(const std::string& path) {
  const fs::path target(path);
  return (target.parent_path() / ("." + target.stem().string() + ".tmp" + std::to_string(getpid()) +
                                  target.extension().string()))
      .string();
}

bool is_temporary_name(const std::string& file_name) {
  return file_name.size() > 1 && file_name[0] == '.' && file_name.find(".tmp") != std::string::npos;
}

void write_via_temporary(const std::string& path,
                         const std::function<void(const std::string&)>& write) {
  const std::string temporary = temporary_name(path);
  std::error_code ignored;
  fs::remove(temporary, ignored);
  try {
    write(temporary);
  } catch (...) {
    fs::remove(temporary, ignored);
    throw;
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, ignored);
    throw IoError(path, describe_write_failure(error.value()));
  }
}

void write_file_atomically(const std::string& path, const std::string& content) {
  write_pieces_atomically(path, [&](const WritePiece& write) { write(content); });
}

void write_pieces_atomically(const std::string& path,
                             const std::function<void(const WritePiece& write)>& produce) {
  write_via_temporary(path, [&](const std::string& temporary) {
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw IoError(path, describe_write_failure(errno));
    auto fail = [&](int error) { throw IoError(path, describe_write_failure(error)); };
    try {
      produce([&](std::string_view piece) {
        size_t written = 0;
        while (written < piece.size()) {
          const ssize_t n = ::write(fd, piece.data() + written, piece.size() - written);
          if (n < 0 && errno == EINTR) continue;
          if (n <= 0) fail(n < 0 ? errno : ENOSPC);
          written += static_cast<size_t>(n);
        }
      });
      // A full disk can show only when the data is flushed or the file closed.
      if (::fsync(fd) != 0 && errno != EINVAL) fail(errno);
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (::close(fd) != 0) throw IoError(path, describe_write_failure(errno));
  });
}

int remove_temporary_files(const std::string& folder) {
  int removed = 0;
  std::error_code error;
  std::vector<fs::path> found;
  for (auto it = fs::recursive_directory_iterator(folder, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error))
    if (is_temporary_name(it->path().filename().string())) found.push_back(it->path());
  for (const fs::path& path : found) removed += static_cast<int>(fs::remove_all(path, error) > 0);
  return removed;
}

}  // namespace hotspot
