#include "engine/core/csv_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "engine/core/errors.hpp"

namespace hotspot {

CsvReader::CsvReader(const std::string& path) : path_(path) {
  // stat before open: opening a FIFO for reading blocks until a writer appears.
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw InputError(path, 0, "",
                     std::string("cannot open: ") + std::strerror(errno) + "; check the path");
  if (!S_ISREG(info.st_mode))
    throw InputError(path, 0, "",
                     "is not a regular file (a folder, pipe or device): give a CSV file saved on "
                     "disk");
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);
  if (fd < 0)
    throw InputError(path, 0, "",
                     std::string("cannot open: ") + std::strerror(errno) + "; check the path");
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw InputError(path, 0, "", "is not a regular file: give a CSV file saved on disk");
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
  if (size_ >= 2 &&
      (std::memcmp(data_, "\xFF\xFE", 2) == 0 || std::memcmp(data_, "\xFE\xFF", 2) == 0)) {
    ::munmap(mapping_, size_);
    mapping_ = nullptr;
    throw InputError(path, 1, "",
                     "the file is UTF-16 text: save it as UTF-8 CSV (in Excel: Save As, \"CSV "
                     "UTF-8\")");
  }
}

CsvReader::~CsvReader() {
  if (mapping_ && mapping_ != MAP_FAILED) ::munmap(mapping_, size_);
}

void CsvReader::resume_at(size_t position, int64_t line) {
  position_ = std::min(position, size_);
  line_ = line;
  record_line_ = 0;
  ended_by_line_end_ = false;
  raw_ = {};
  next_lf_.known = next_cr_.known = next_comma_.known = false;
}

size_t CsvReader::next_of(NextByte& cache, size_t from, size_t limit) const {
  size_t search_from = from;
  if (cache.known && from >= cache.searched_from && from <= cache.found) {
    if (cache.hit || limit <= cache.found) return std::min(cache.found, limit);
    search_from = cache.found;  // nothing before it: go on from there
  } else {
    cache.searched_from = from;
  }
  cache.known = true;
  const void* hit = search_from < limit
                        ? std::memchr(data_ + search_from, cache.c, limit - search_from)
                        : nullptr;
  cache.hit = hit != nullptr;
  cache.found = hit ? static_cast<size_t>(static_cast<const char*>(hit) - data_) : limit;
  return cache.found;
}

size_t CsvReader::line_end_length(size_t at) const {
  if (at >= size_) return 0;
  if (data_[at] == '\n') return 1;
  if (data_[at] == '\r') return at + 1 < size_ && data_[at + 1] == '\n' ? 2 : 1;
  return 0;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  if (position_ >= size_) return false;
  record_line_ = line_;
  ended_by_line_end_ = false;
  const size_t record_start = position_;
  size_t scratch_used = 0;
  const char* const data = data_;
  size_t i = position_;
  while (true) {
    if (i < size_ && data[i] == '"') {
      // Quoted field: unescape "" into a scratch buffer only when one occurs.
      const int64_t opened_on = line_;
      const size_t start = ++i;
      bool escaped = false;
      bool closed = false;
      while (i < size_) {
        const char c = data[i];
        if (c == '"') {
          if (i + 1 < size_ && data[i + 1] == '"') {
            escaped = true;
            i += 2;
            continue;
          }
          closed = true;
          break;
        }
        if (const size_t end_length = line_end_length(i)) {
          ++line_;
          i += end_length;
          continue;
        }
        ++i;
      }
      if (!closed)
        throw InputError(path_, opened_on, "",
                         "a quoted field opens on this line and is never closed, so the rest of "
                         "the file (" +
                             std::to_string(line_ - opened_on + 1) +
                             " lines) would be read as one field: close the quote, or write a "
                             "quote inside a field as two quotes (\"\")");
      const size_t end = i;
      ++i;  // closing quote
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
      while (i < size_ && data[i] != ',' && !line_end_length(i)) ++i;
    } else {
      const size_t start = i;
      // Short fields, nearly all of them, are scanned a byte at a time: three library searches
      // per field cost more than the bytes. A longer field goes on with the remembered searches,
      // which keep a line of any length linear.
      const size_t scanned_to = std::min(size_, i + kShortField);
      auto ends_field = [&](size_t at) {
        return data[at] == ',' || data[at] == '\n' || data[at] == '\r';
      };
      while (i < scanned_to && !ends_field(i)) ++i;
      if (i == scanned_to && i < size_ && !ends_field(i)) {
        const size_t line_feed = next_of(next_lf_, i, size_);
        const size_t line_end = next_of(next_cr_, i, line_feed);
        const size_t comma = next_of(next_comma_, i, line_end);
        i = std::min(comma, line_end);
      }
      fields.emplace_back(data + start, i - start);
    }
    if (i < size_ && data[i] == ',') {
      ++i;
      continue;
    }
    // End of record: line end or end of file.
    raw_ = std::string_view(data + record_start, i - record_start);
    if (const size_t end_length = line_end_length(i)) {
      i += end_length;
      ++line_;
      ended_by_line_end_ = true;
    }
    position_ = i;
    return true;
  }
}

}  // namespace hotspot
