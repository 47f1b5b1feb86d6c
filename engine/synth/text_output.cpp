#include "engine/synth/text_output.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace hotspot::synth {

void append_padded(std::string& out, int64_t value, int width) {
  char digits[24];
  int length = 0;
  do {
    digits[length++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0);
  for (int pad = length; pad < width; ++pad) out.push_back('0');
  while (length > 0) out.push_back(digits[--length]);
}

void append_fixed(std::string& out, double value, int decimals) {
  int64_t scale = 1;
  for (int d = 0; d < decimals; ++d) scale *= 10;
  const int64_t scaled = std::llround(value * static_cast<double>(scale));
  if (scaled < 0) out.push_back('-');
  const int64_t magnitude = std::llabs(scaled);
  append_padded(out, magnitude / scale);
  if (decimals == 0) return;
  out.push_back('.');
  append_padded(out, magnitude % scale, decimals);
}

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

BufferedFile::BufferedFile(std::string path) : path_(std::move(path)), temporary_(path_ + ".tmp") {
  file_ = std::fopen(temporary_.c_str(), "wb");
  if (!file_)
    throw std::runtime_error("cannot write " + temporary_ +
                             ": check the folder exists and is writable");
  buffer_.reserve(1u << 21);
}

BufferedFile::~BufferedFile() {
  if (file_) {
    std::fclose(file_);
    std::remove(temporary_.c_str());
  }
}

void BufferedFile::flush() {
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    throw std::runtime_error("cannot write " + temporary_ + " (disk full?)");
  buffer_.clear();
}

void BufferedFile::commit() {
  flush();
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!closed || std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    std::remove(temporary_.c_str());
    throw std::runtime_error("cannot write " + path_);
  }
}

}  // namespace hotspot::synth
