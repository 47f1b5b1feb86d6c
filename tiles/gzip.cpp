// Gzip wrappers: libdeflate compresses, zlib inflates (windowBits 15 + 32 reads gzip).
#include "tiles/gzip.hpp"

#include <libdeflate.h>
#include <zlib.h>

#include <new>
#include <stdexcept>

namespace hotspot::tiles {

GzipCompressor::GzipCompressor(int level) : compressor_(libdeflate_alloc_compressor(level)) {
  if (compressor_ == nullptr) throw std::bad_alloc();
}

GzipCompressor::~GzipCompressor() { libdeflate_free_compressor(compressor_); }

void GzipCompressor::compress(std::string_view input, std::string& output) {
  output.resize(libdeflate_gzip_compress_bound(compressor_, input.size()));
  const size_t written = libdeflate_gzip_compress(compressor_, input.data(), input.size(),
                                                  output.data(), output.size());
  if (written == 0)
    throw std::runtime_error("libdeflate: the compressed tile did not fit its bound");
  output.resize(written);
}

void gzip_compress(std::string_view input, std::string& output, int level) {
  GzipCompressor(level).compress(input, output);
}

std::string gzip_compress(std::string_view input, int level) {
  std::string output;
  gzip_compress(input, output, level);
  return output;
}

std::string gzip_decompress(std::string_view input) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
  std::string output;
  char buffer[65536];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      inflateEnd(&stream);
      throw std::runtime_error("gzip data is corrupt");
    }
    output.append(buffer, sizeof buffer - stream.avail_out);
    if (status != Z_STREAM_END && stream.avail_in == 0 && stream.avail_out != 0) {
      inflateEnd(&stream);
      throw std::runtime_error("gzip data is truncated");
    }
  }
  inflateEnd(&stream);
  return output;
}

}  // namespace hotspot::tiles
