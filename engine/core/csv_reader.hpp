// A fast RFC 4180 CSV reader over a memory-mapped file: quoted fields with commas, doubled
// quotes and line breaks, a UTF-8 byte-order mark, LF, CRLF or CR-only line ends. Fields are
// views into the file (or into a per-field scratch buffer when a quoted field needs unescaping).
// Guarantees: time linear in the file's size whatever the line length or field count; a quote
// never closed throws an InputError naming the line where it opened (never silently swallows the
// rest of the file); only regular files are opened (a FIFO or device would block or never end).
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
  // Throws InputError when the file cannot be opened or read, or is not a regular file.
  explicit CsvReader(const std::string& path);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `fields` (valid until the next call). False at end of file.
  // Throws InputError for a quoted field that is never closed.
  bool next(std::vector<std::string_view>& fields);
  // 1-based line on which the last record started.
  int64_t line_number() const { return record_line_; }
  // Line breaks inside the last record's quoted fields (0 for a record on one line), and the
  // line on which the first such multi-line quoted field opened.
  int64_t quoted_line_breaks() const { return line_ - record_line_ - (ended_by_line_end_ ? 1 : 0); }
  // The last record's raw text, without its line end.
  std::string_view raw_record() const { return raw_; }
  // Bytes consumed so far and in total (for progress).
  size_t position() const { return position_; }
  size_t size() const { return size_; }
  // The line the next record starts on.
  int64_t next_line() const { return line_; }
  // The whole file's bytes (for finding where parallel readers start).
  std::string_view text() const { return std::string_view(data_, size_); }
  // Continues at byte `position`, which the caller takes to start a record, numbering lines
  // from `line`. Parallel parses give each reader its own share of the file this way, and check
  // afterwards that each share ended where the next began.
  void resume_at(size_t position, int64_t line);
  const std::string& path() const { return path_; }

 private:
  // Position of the next `c` in [from, limit), or `limit` when there is none. What a search
  // learnt is remembered (no `c` in [searched_from, found), and `c` at `found` when `hit`), so
  // repeated searches over one long line stay linear. Searches stop at `limit` (a carriage
  // return is looked for only up to the line feed, a comma only up to the line end): a file
  // without carriage returns was otherwise searched to its end for one at the first line, on
  // one thread before the parallel parse began (37 MB, ~50 ms, on a 1,000,000-row file).
  struct NextByte {
    char c;
    size_t searched_from = 0;
    size_t found = 0;
    bool hit = false;
    bool known = false;
  };
  size_t next_of(NextByte& cache, size_t from, size_t limit) const;
  static constexpr size_t kShortField = 128;  // bytes scanned one by one before searching
  // Length of the line end at `at` (1 for LF or a lone CR, 2 for CRLF; 0 when none).
  size_t line_end_length(size_t at) const;

  std::string path_;
  const char* data_ = nullptr;
  size_t size_ = 0;
  size_t position_ = 0;
  int64_t line_ = 1;
  int64_t record_line_ = 0;
  bool ended_by_line_end_ = false;
  std::string_view raw_;
  std::deque<std::string> scratch_;  // a deque: growing it never moves earlier buffers
  NextByte next_lf_{'\n'}, next_cr_{'\r'}, next_comma_{','};
  void* mapping_ = nullptr;
};

}  // namespace hotspot
