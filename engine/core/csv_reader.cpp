#include "engine/core/csv_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "engine/core/errors.hpp"

namespace hotspot {

CsvReader::CsvReader(const std::string& path) : path_(path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0)
    throw InputError(path, 0, "",
                     std::string("cannot open: ") + std::strerror(errno) + "; check the path");
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw InputError(path, 0, "", "is not a regular file");
  }
  size_ = static_cast<size_t>(info.st_size);
  if (size_ > 0) {
    mapping_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapping_ == MAP_FAILED) {
      ::close(fd);
      throw InputError(path, 0, "", "cannot be read (mmap failed)");
    }
    ::madvise(mapping_, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(mapping_);
  }
  ::close(fd);
  if (size_ >= 3 && std::memcmp(data_, "\xEF\xBB\xBF", 3) == 0) position_ = 3;  // UTF-8 BOM
}

CsvReader::~CsvReader() {
  if (mapping_ && mapping_ != MAP_FAILED) ::munmap(mapping_, size_);
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  if (position_ >= size_) return false;
  record_line_ = line_;
  const size_t record_start = position_;
  size_t scratch_used = 0;
  const char* const data = data_;
  size_t i = position_;
  while (true) {
    if (i < size_ && data[i] == '"') {
      // Quoted field: unescape "" into a scratch buffer only when one occurs.
      const size_t start = ++i;
      bool escaped = false;
      while (i < size_) {
        if (data[i] == '"') {
          if (i + 1 < size_ && data[i + 1] == '"') {
            escaped = true;
            i += 2;
            continue;
          }
          break;
        }
        if (data[i] == '\n') ++line_;
        ++i;
      }
      const size_t end = i;
      if (i < size_) ++i;  // closing quote
      if (!escaped) {
        fields.emplace_back(data + start, end - start);
      } else {
        if (scratch_used == scratch_.size()) scratch_.emplace_back();
        std::string& buffer = scratch_[scratch_used++];
        buffer.clear();
        for (size_t k = start; k < end; ++k) {
          buffer.push_back(data[k]);
          if (data[k] == '"') ++k;
        }
        fields.emplace_back(buffer);
      }
      // Anything between the closing quote and the delimiter is kept out (lenient).
      while (i < size_ && data[i] != ',' && data[i] != '\n') ++i;
    } else {
      const size_t start = i;
      const void* found = std::memchr(data + i, '\n', size_ - i);
      const size_t line_end =
          found ? static_cast<size_t>(static_cast<const char*>(found) - data) : size_;
      const void* comma = std::memchr(data + i, ',', line_end - i);
      i = comma ? static_cast<size_t>(static_cast<const char*>(comma) - data) : line_end;
      size_t end = i;
      if (end > start && data[end - 1] == '\r' && i == line_end) --end;
      fields.emplace_back(data + start, end - start);
    }
    if (i < size_ && data[i] == ',') {
      ++i;
      continue;
    }
    // End of record: line end or end of file.
    size_t raw_end = i;
    if (raw_end > record_start && data[raw_end - 1] == '\r') --raw_end;
    raw_ = std::string_view(data + record_start, raw_end - record_start);
    if (i < size_) {
      ++i;  // '\n'
      ++line_;
    }
    position_ = i;
    return true;
  }
}

}  // namespace hotspot
