// PMTiles v3 archive writing: Hilbert tile ids, varint directories (root within the first
// 16 KiB, leaf directories when needed), the 127-byte header, de-duplicated tile data.
// Guarantees: tiles added in ascending tile id give a clustered archive; identical tile bytes
// are stored once; the file appears only complete (temp file + rename).
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hotspot::tiles {

uint64_t zxy_to_tile_id(uint32_t zoom, uint32_t x, uint32_t y);

struct DirectoryEntry {
  uint64_t tile_id = 0;
  uint64_t offset = 0;
  uint32_t length = 0;
  uint32_t run_length = 0;  // 0: the entry points to a leaf directory
};

// Uncompressed directory bytes: count, delta tile ids, run lengths, lengths, offsets (spec §4).
std::string serialize_directory(const std::vector<DirectoryEntry>& entries);

// Gzipped root directory, alone when it fits root_budget_bytes (header + root within 16 KiB),
// else pointing to leaf directories (concatenated in `leaves`) of growing size until it fits.
struct Directories {
  std::string root, leaves;
};
Directories build_directories(const std::vector<DirectoryEntry>& entries,
                              size_t root_budget_bytes = 16384 - 127);

struct PmtilesHeader {
  uint64_t root_offset = 0, root_length = 0, metadata_offset = 0, metadata_length = 0;
  uint64_t leaf_offset = 0, leaf_length = 0, data_offset = 0, data_length = 0;
  uint64_t addressed_tiles = 0, tile_entries = 0, tile_contents = 0;
  bool clustered = true;
  uint8_t internal_compression = 2, tile_compression = 2, tile_type = 1;  // gzip, gzip, MVT
  uint8_t min_zoom = 0, max_zoom = 0, center_zoom = 0;
  int32_t min_lon_e7 = 0, min_lat_e7 = 0, max_lon_e7 = 0, max_lat_e7 = 0, center_lon_e7 = 0,
          center_lat_e7 = 0;
};
std::string serialize_header(const PmtilesHeader& header);  // exactly 127 bytes

// Streams tile data to a temporary file while recording entries, then assembles the archive.
class PmtilesWriter {
 public:
  explicit PmtilesWriter(std::string out_path);
  ~PmtilesWriter();
  PmtilesWriter(const PmtilesWriter&) = delete;
  PmtilesWriter& operator=(const PmtilesWriter&) = delete;

  void add_tile(uint64_t tile_id, std::string_view gzipped_tile);  // ascending tile ids
  // Writes header, directories, gzipped metadata and data to out_path atomically.
  void finish(PmtilesHeader header, std::string_view metadata_json);

  uint64_t addressed_tiles() const { return addressed_tiles_; }
  uint64_t tile_contents() const { return content_count_; }
  uint64_t archive_bytes() const { return archive_bytes_; }

 private:
  struct StoredContent {
    uint64_t offset;
    uint32_t length;
  };
  bool same_bytes(const StoredContent& stored, std::string_view bytes);

  std::string out_path_, data_path_;
  std::FILE* data_ = nullptr;
  uint64_t data_length_ = 0, addressed_tiles_ = 0, archive_bytes_ = 0, last_tile_id_ = 0;
  std::vector<DirectoryEntry> entries_;
  std::unordered_multimap<uint64_t, StoredContent> contents_;  // only tiles up to kDedupeBytes
  uint64_t content_count_ = 0;
  std::string compare_buffer_, last_tile_;
  StoredContent last_content_{0, 0};
};

}  // namespace hotspot::tiles
