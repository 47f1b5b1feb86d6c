// Fast, locale-free text output for the synth writers: fixed-point numbers and zero-padded
// integers formatted by hand (printf is slow at millions of rows and locale-dependent), and a
// buffered file that is written to a temporary name and renamed when complete.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace hotspot::synth {

// Appends value rounded to `decimals` places ("-0.1234567"); |value| * 10^decimals < 9e18.
void append_fixed(std::string& out, double value, int decimals);
// Appends a non-negative integer, left-padded with zeros to at least `width` digits.
void append_padded(std::string& out, int64_t value, int width = 0);
// Appends `text` as a JSON string literal (quotes and backslashes escaped).
void append_json_string(std::string& out, std::string_view text);

class BufferedFile {
 public:
  explicit BufferedFile(std::string path);  // opens path + ".tmp"; throws std::runtime_error
  ~BufferedFile();                          // removes the temporary file unless committed
  BufferedFile(const BufferedFile&) = delete;
  BufferedFile& operator=(const BufferedFile&) = delete;

  std::string& buffer() { return buffer_; }
  void flush_if_full() {
    if (buffer_.size() >= (1u << 20)) flush();
  }
  void commit();  // flushes, closes and renames onto the final path

 private:
  void flush();
  std::string path_, temporary_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
};

}  // namespace hotspot::synth
