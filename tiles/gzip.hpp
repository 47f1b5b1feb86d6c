// Gzip (RFC 1952), as PMTiles and browsers expect for tiles and directories: libdeflate for
// compression (no per-call set-up, ~3x zlib's speed on small tiles), zlib for reading back.
// Guarantees: deterministic output (no timestamp or file name in the gzip header).
#pragma once
#include <string>
#include <string_view>

struct libdeflate_compressor;

namespace hotspot::tiles {

// One per thread: holds libdeflate's state so each tile costs only its own bytes.
class GzipCompressor {
 public:
  explicit GzipCompressor(int level = 6);
  ~GzipCompressor();
  GzipCompressor(const GzipCompressor&) = delete;
  GzipCompressor& operator=(const GzipCompressor&) = delete;
  void compress(std::string_view input, std::string& output);

 private:
  libdeflate_compressor* compressor_;
};

void gzip_compress(std::string_view input, std::string& output, int level = 6);
std::string gzip_compress(std::string_view input, int level = 6);
std::string gzip_decompress(std::string_view input);  // throws std::runtime_error on corrupt data

}  // namespace hotspot::tiles
