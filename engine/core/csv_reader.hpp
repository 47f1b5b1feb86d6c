// A fast RFC 4180 CSV reader over a memory-mapped file: quoted fields with commas, doubled
// quotes and line breaks, a UTF-8 byte-order mark, CRLF or LF line ends. Fields are views
// into the file (or into a per-field scratch buffer when a quoted field needs unescaping).
// Hand-written: no Debian CSV library reports line numbers and raw rows at this speed.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace hotspot {

class CsvReader {
 public:
  // Throws InputError when the file cannot be opened or read.
  explicit CsvReader(const std::string& path);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `fields` (valid until the next call). False at end of file.
  bool next(std::vector<std::string_view>& fields);
  // 1-based line on which the last record started.
  int64_t line_number() const { return record_line_; }
  // The last record's raw text, without its line end.
  std::string_view raw_record() const { return raw_; }
  // Bytes consumed so far and in total (for progress).
  size_t position() const { return position_; }
  size_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  const char* data_ = nullptr;
  size_t size_ = 0;
  size_t position_ = 0;
  int64_t line_ = 1;
  int64_t record_line_ = 0;
  std::string_view raw_;
  std::deque<std::string> scratch_;  // a deque: growing it never moves earlier buffers
  void* mapping_ = nullptr;
};

}  // namespace hotspot
