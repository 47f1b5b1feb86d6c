// PMTiles v3 writer; see pmtiles.hpp and protomaps/PMTiles spec/v3/spec.md.
#include "tiles/pmtiles.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <protozero/buffer_string.hpp>
#include <protozero/varint.hpp>
#include <stdexcept>

#include "tiles/gzip.hpp"
#include "tiles/tiles.hpp"

namespace hotspot::tiles {

namespace {

// Hilbert curve position of (x, y) on a 2^zoom grid, as in the spec's reference code.
uint64_t hilbert_position(uint32_t zoom, uint64_t x, uint64_t y) {
  uint64_t position = 0;
  for (uint64_t side = uint64_t{1} << zoom, s = side / 2; s > 0; s /= 2) {
    const uint64_t rx = (x & s) > 0 ? 1 : 0;
    const uint64_t ry = (y & s) > 0 ? 1 : 0;
    position += s * s * ((3 * rx) ^ ry);
    if (ry == 0) {  // rotate the quadrant
      if (rx == 1) {
        x = side - 1 - x;
        y = side - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return position;
}

void put_le(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// The system's reason for a failed write, with the likely fix.
std::string write_failure(int error_number) {
  const std::string reason = std::strerror(error_number);
  if (error_number == ENOSPC || error_number == EFBIG || error_number == EDQUOT)
    return reason +
           ": the disk is full (or a file-size limit was reached); free some space or choose "
           "another folder";
  if (error_number == EACCES || error_number == EPERM || error_number == EROFS)
    return reason + ": no write permission; choose a folder you can write to";
  return reason;
}

void write_all(std::FILE* file, std::string_view bytes, const std::string& path) {
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size())
    throw TilesIoError(path, write_failure(errno));
}

// Temporary files sit beside the archive, hidden (a leading dot) and marked ".tmp": servers
// refuse such names and the pipeline clears them after an interrupted run.
std::string hidden_temporary(const std::string& path, const char* suffix) {
  const std::filesystem::path target(path);
  return (target.parent_path() / ("." + target.filename().string() + suffix)).string();
}

}  // namespace

Directories build_directories(const std::vector<DirectoryEntry>& entries,
                              size_t root_budget_bytes) {
  const size_t kRootBudget = root_budget_bytes;
  Directories result;
  result.root = gzip_compress(serialize_directory(entries));
  if (result.root.size() <= kRootBudget) return result;
  for (size_t leaf_size = 4096; leaf_size < entries.size() * 2; leaf_size *= 2) {
    std::vector<DirectoryEntry> root_entries;
    result.leaves.clear();
    for (size_t start = 0; start < entries.size(); start += leaf_size) {
      const size_t end = std::min(entries.size(), start + leaf_size);
      std::vector<DirectoryEntry> leaf(entries.begin() + static_cast<std::ptrdiff_t>(start),
                                       entries.begin() + static_cast<std::ptrdiff_t>(end));
      const std::string compressed = gzip_compress(serialize_directory(leaf));
      root_entries.push_back({entries[start].tile_id, result.leaves.size(),
                              static_cast<uint32_t>(compressed.size()), 0});
      result.leaves += compressed;
    }
    result.root = gzip_compress(serialize_directory(root_entries));
    if (result.root.size() <= kRootBudget) return result;
  }
  throw std::runtime_error("PMTiles: the root directory does not fit its size budget");
}

uint64_t zxy_to_tile_id(uint32_t zoom, uint32_t x, uint32_t y) {
  if (zoom > 31) throw std::invalid_argument("zoom above 31");
  const uint64_t tiles_above = ((uint64_t{1} << (2 * zoom)) - 1) / 3;  // 4^0 + ... + 4^(zoom-1)
  return tiles_above + hilbert_position(zoom, x, y);
}

std::string serialize_directory(const std::vector<DirectoryEntry>& entries) {
  std::string out;
  auto varint = [&](uint64_t value) { protozero::add_varint_to_buffer(&out, value); };
  varint(entries.size());
  uint64_t last_id = 0;
  for (const auto& entry : entries) {
    varint(entry.tile_id - last_id);
    last_id = entry.tile_id;
  }
  for (const auto& entry : entries) varint(entry.run_length);
  for (const auto& entry : entries) varint(entry.length);
  for (size_t i = 0; i < entries.size(); ++i) {
    const bool contiguous =
        i > 0 && entries[i].offset == entries[i - 1].offset + entries[i - 1].length;
    varint(contiguous ? 0 : entries[i].offset + 1);
  }
  return out;
}

std::string serialize_header(const PmtilesHeader& h) {
  std::string out = "PMTiles";
  out.push_back(3);
  for (uint64_t value : {h.root_offset, h.root_length, h.metadata_offset, h.metadata_length,
                         h.leaf_offset, h.leaf_length, h.data_offset, h.data_length,
                         h.addressed_tiles, h.tile_entries, h.tile_contents})
    put_le(out, value, 8);
  for (uint8_t value : {static_cast<uint8_t>(h.clustered ? 1 : 0), h.internal_compression,
                        h.tile_compression, h.tile_type, h.min_zoom, h.max_zoom})
    out.push_back(static_cast<char>(value));
  for (int32_t value : {h.min_lon_e7, h.min_lat_e7, h.max_lon_e7, h.max_lat_e7})
    put_le(out, static_cast<uint32_t>(value), 4);
  out.push_back(static_cast<char>(h.center_zoom));
  put_le(out, static_cast<uint32_t>(h.center_lon_e7), 4);
  put_le(out, static_cast<uint32_t>(h.center_lat_e7), 4);
  return out;
}

PmtilesWriter::PmtilesWriter(std::string out_path)
    : out_path_(std::move(out_path)), data_path_(hidden_temporary(out_path_, ".tiledata.tmp")) {
  data_ = std::fopen(data_path_.c_str(), "w+b");
  if (data_ == nullptr) throw TilesIoError(data_path_, write_failure(errno));
}

PmtilesWriter::~PmtilesWriter() {
  if (data_ != nullptr) std::fclose(data_);
  std::error_code ignored;
  std::filesystem::remove(data_path_, ignored);
}

// Repeated tiles are small (a polygon's interior, an empty sea): larger ones are stored without
// a look-up, so the table stays small (8,000 wards at z8-16: 3.5M tiles, ~1.9M unique).
constexpr size_t kDedupeBytes = 1024;

bool PmtilesWriter::same_bytes(const StoredContent& stored, std::string_view bytes) {
  if (stored.length != bytes.size()) return false;
  compare_buffer_.resize(stored.length);
  std::fflush(data_);
  if (pread(fileno(data_), compare_buffer_.data(), stored.length,
            static_cast<off_t>(stored.offset)) != static_cast<ssize_t>(stored.length))
    throw std::runtime_error(data_path_ + ": cannot read back tile data");
  return std::memcmp(compare_buffer_.data(), bytes.data(), bytes.size()) == 0;
}

void PmtilesWriter::add_tile(uint64_t tile_id, std::string_view bytes) {
  if (!entries_.empty() && tile_id <= last_tile_id_)
    throw std::logic_error("PMTiles tiles must come in ascending id");
  last_tile_id_ = tile_id;
  ++addressed_tiles_;
  StoredContent found{0, 0};
  bool stored = false;
  if (!entries_.empty() && bytes == last_tile_) {  // the commonest repeat: the tile just before
    found = last_content_;
    stored = true;
  }
  uint64_t hash = 0;
  if (!stored && bytes.size() <= kDedupeBytes) {
    hash = std::hash<std::string_view>{}(bytes);
    for (auto [it, end] = contents_.equal_range(hash); it != end && !stored; ++it)
      if (same_bytes(it->second, bytes)) {
        found = it->second;
        stored = true;
      }
  }
  if (!stored) {
    write_all(data_, bytes, out_path_);
    found = {data_length_, static_cast<uint32_t>(bytes.size())};
    if (bytes.size() <= kDedupeBytes) contents_.emplace(hash, found);
    data_length_ += bytes.size();
    ++content_count_;
  }
  last_tile_.assign(bytes);
  last_content_ = found;
  if (!entries_.empty()) {
    DirectoryEntry& last = entries_.back();
    if (last.offset == found.offset && last.tile_id + last.run_length == tile_id) {
      ++last.run_length;  // consecutive identical tiles share one entry
      return;
    }
  }
  entries_.push_back({tile_id, found.offset, found.length, 1});
}

void PmtilesWriter::finish(PmtilesHeader header, std::string_view metadata_json) {
  if (entries_.empty())
    throw std::runtime_error(out_path_ + ": no tiles to write (the layers are empty)");
  const Directories directories = build_directories(entries_);
  const std::string metadata = gzip_compress(metadata_json);
  header.root_offset = 127;
  header.root_length = directories.root.size();
  header.metadata_offset = header.root_offset + header.root_length;
  header.metadata_length = metadata.size();
  header.leaf_offset = header.metadata_offset + header.metadata_length;
  header.leaf_length = directories.leaves.size();
  header.data_offset = header.leaf_offset + header.leaf_length;
  header.data_length = data_length_;
  header.addressed_tiles = addressed_tiles_;
  header.tile_entries = entries_.size();
  header.tile_contents = content_count_;

  const std::string temp_path = hidden_temporary(out_path_, ".tmp");
  std::FILE* out = std::fopen(temp_path.c_str(), "wb");
  if (out == nullptr) throw TilesIoError(out_path_, write_failure(errno));
  try {
    write_all(out, serialize_header(header), out_path_);
    write_all(out, directories.root, out_path_);
    write_all(out, metadata, out_path_);
    write_all(out, directories.leaves, out_path_);
    std::fflush(data_);
    std::fseek(data_, 0, SEEK_SET);
    std::string chunk(1 << 20, '\0');
    for (size_t got; (got = std::fread(chunk.data(), 1, chunk.size(), data_)) > 0;)
      write_all(out, std::string_view(chunk.data(), got), out_path_);
    std::FILE* closing = out;
    out = nullptr;
    if (std::fclose(closing) != 0) throw TilesIoError(out_path_, write_failure(errno));
  } catch (...) {
    if (out != nullptr) std::fclose(out);
    std::error_code ignored;
    std::filesystem::remove(temp_path, ignored);
    throw;
  }
  std::error_code renamed;
  std::filesystem::rename(temp_path, out_path_, renamed);
  if (renamed) throw TilesIoError(out_path_, write_failure(renamed.value()));
  archive_bytes_ = header.data_offset + header.data_length;
}

}  // namespace hotspot::tiles
