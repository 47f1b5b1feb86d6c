// zlib wrappers; windowBits 15 + 16 selects the gzip container.
#include "tiles/gzip.hpp"

#include <zlib.h>

#include <stdexcept>

namespace hotspot::tiles {

void gzip_compress(std::string_view input, std::string& output, int level) {
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib: deflateInit2 failed");
  output.resize(deflateBound(&stream, static_cast<uLong>(input.size())) + 32);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(output.data());
  stream.avail_out = static_cast<uInt>(output.size());
  const int status = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
  output.resize(stream.total_out);
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
