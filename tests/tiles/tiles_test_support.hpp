// Test helpers for tiles: an independent PMTiles v3 reader (header, varint directories, leaves)
// written from the spec rather than from the writer, and GDAL's MVT driver as the tile decoder.
#pragma once
#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace tiles_test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string gunzip(const std::string& data) {
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  std::string out(64 * 1024, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  size_t produced = 0;
  for (;;) {
    if (produced == out.size()) out.resize(out.size() * 2);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = static_cast<uInt>(out.size() - produced);
    const int status = inflate(&stream, Z_NO_FLUSH);
    produced = out.size() - stream.avail_out;
    if (status == Z_STREAM_END) break;
    if (status != Z_OK) {
      inflateEnd(&stream);
      throw std::runtime_error("not gzip");
    }
  }
  inflateEnd(&stream);
  out.resize(produced);
  return out;
}

inline uint64_t little_endian(const std::string& bytes, size_t offset, int width) {
  uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i)
    value = (value << 8) | static_cast<uint8_t>(bytes[offset + i]);
  return value;
}

inline uint64_t read_varint(const std::string& bytes, size_t& position) {
  uint64_t value = 0;
  for (int shift = 0;; shift += 7) {
    const uint8_t byte = static_cast<uint8_t>(bytes.at(position++));
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
}

struct Entry {
  uint64_t tile_id, offset, length, run_length;
};

// Spec §4.2: count, delta ids, run lengths, lengths, offsets (0 = follows the previous one).
inline std::vector<Entry> parse_directory(const std::string& bytes) {
  size_t position = 0;
  const uint64_t count = read_varint(bytes, position);
  std::vector<Entry> entries(count);
  uint64_t id = 0;
  for (auto& e : entries) e.tile_id = id += read_varint(bytes, position);
  for (auto& e : entries) e.run_length = read_varint(bytes, position);
  for (auto& e : entries) e.length = read_varint(bytes, position);
  for (size_t i = 0; i < count; ++i) {
    const uint64_t value = read_varint(bytes, position);
    entries[i].offset =
        (value == 0 && i > 0) ? entries[i - 1].offset + entries[i - 1].length : value - 1;
  }
  if (position != bytes.size()) throw std::runtime_error("directory has trailing bytes");
  return entries;
}

struct Archive {
  std::string bytes;
  uint64_t root_offset, root_length, metadata_offset, metadata_length, leaf_offset, leaf_length,
      data_offset, data_length, addressed, entries, contents;
  int clustered, internal_compression, tile_compression, tile_type, min_zoom, max_zoom;
  int32_t min_lon_e7, min_lat_e7, max_lon_e7, max_lat_e7;
  std::map<uint64_t, std::string> tiles;  // tile id → gzipped tile, run lengths expanded

  explicit Archive(const std::string& path) : bytes(read_file(path)) {
    if (bytes.size() < 127 || bytes.compare(0, 7, "PMTiles") != 0 || bytes[7] != 3)
      throw std::runtime_error("not a PMTiles v3 archive");
    uint64_t* fields[] = {&root_offset, &root_length, &metadata_offset, &metadata_length,
                          &leaf_offset, &leaf_length, &data_offset,     &data_length,
                          &addressed,   &entries,     &contents};
    for (int i = 0; i < 11; ++i) *fields[i] = little_endian(bytes, 8 + 8 * i, 8);
    clustered = bytes[96];
    internal_compression = bytes[97];
    tile_compression = bytes[98];
    tile_type = bytes[99];
    min_zoom = static_cast<uint8_t>(bytes[100]);
    max_zoom = static_cast<uint8_t>(bytes[101]);
    min_lon_e7 = static_cast<int32_t>(little_endian(bytes, 102, 4));
    min_lat_e7 = static_cast<int32_t>(little_endian(bytes, 106, 4));
    max_lon_e7 = static_cast<int32_t>(little_endian(bytes, 110, 4));
    max_lat_e7 = static_cast<int32_t>(little_endian(bytes, 114, 4));
    walk(gunzip(bytes.substr(root_offset, root_length)), 0);
  }
  std::string metadata() const { return gunzip(bytes.substr(metadata_offset, metadata_length)); }

 private:
  void walk(const std::string& directory, int depth) {
    if (depth > 3) throw std::runtime_error("directories nest too deep");
    for (const Entry& e : parse_directory(directory)) {
      if (e.run_length == 0) {
        walk(gunzip(bytes.substr(leaf_offset + e.offset, e.length)), depth + 1);
        continue;
      }
      for (uint64_t r = 0; r < e.run_length; ++r)
        tiles[e.tile_id + r] = bytes.substr(data_offset + e.offset, e.length);
    }
  }
};

// Decodes one tile with GDAL's MVT driver (as z/x/y.pbf so it is georeferenced, CLIP=NO so
// the geometry is exactly what the tile holds). Caller closes the dataset.
inline GDALDatasetH open_tile_with_gdal(const std::string& tile_bytes, int z, int x, int y) {
  GDALAllRegister();
  const std::string path = "/vsimem/tiles_test/" + std::to_string(z) + "/" + std::to_string(x) +
                           "/" + std::to_string(y) + ".pbf";
  VSILFILE* file = VSIFileFromMemBuffer(
      path.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(tile_bytes.data())),
      tile_bytes.size(), FALSE);
  VSIFCloseL(file);
  const char* drivers[] = {"MVT", nullptr};
  const char* options[] = {"CLIP=NO", "METADATA_FILE=", nullptr};
  GDALDatasetH dataset =
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options, nullptr);
  return dataset;
}

inline void forget_tile(int z, int x, int y) {
  VSIUnlink(("/vsimem/tiles_test/" + std::to_string(z) + "/" + std::to_string(x) + "/" +
             std::to_string(y) + ".pbf")
                .c_str());
}

// z, x, y of a PMTiles tile id, by walking the Hilbert curve (independent of the writer).
inline void tile_id_to_zxy(uint64_t id, int& z, int& x, int& y) {
  uint64_t base = 0;
  for (z = 0;; ++z) {
    const uint64_t count = uint64_t{1} << (2 * z);
    if (id < base + count) break;
    base += count;
  }
  uint64_t t = id - base;
  const uint64_t n = uint64_t{1} << z;
  uint64_t px = 0, py = 0;
  for (uint64_t s = 1; s < n; s *= 2) {  // Wikipedia's d2xy
    const uint64_t rx = 1 & (t / 2), ry = 1 & (t ^ rx);
    if (ry == 0) {
      if (rx == 1) {
        px = s - 1 - px;
        py = s - 1 - py;
      }
      std::swap(px, py);
    }
    px += s * rx;
    py += s * ry;
    t /= 4;
  }
  x = static_cast<int>(px);
  y = static_cast<int>(py);
}

}  // namespace tiles_test
