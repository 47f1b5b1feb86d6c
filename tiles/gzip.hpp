// Gzip (RFC 1952) with zlib, as PMTiles and browsers expect for tiles and directories.
// Guarantees: deterministic output (no timestamp or file name in the gzip header).
#pragma once
#include <string>
#include <string_view>

namespace hotspot::tiles {

void gzip_compress(std::string_view input, std::string& output, int level = 6);
std::string gzip_compress(std::string_view input, int level = 6);
std::string gzip_decompress(std::string_view input);  // throws std::runtime_error on corrupt data

}  // namespace hotspot::tiles
