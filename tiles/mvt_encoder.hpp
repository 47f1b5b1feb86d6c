// Mapbox Vector Tile 2.1 encoding with protozero: geometry command streams (MoveTo/LineTo/
// ClosePath, zig-zag deltas) and layer messages whose key/value tables hold only the keys and
// values the tile uses, each once. Guarantees: output follows vector_tile.proto v2.1, extent 4096.
#pragma once
#include <cstdint>
#include <optional>
#include <protozero/pbf_writer.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tiles/feature_store.hpp"

namespace hotspot::tiles {

constexpr uint32_t kTileExtent = 4096;

enum class Command : uint32_t { move_to = 1, line_to = 2, close_path = 7 };

inline uint32_t zigzag(int32_t value) {
  return (static_cast<uint32_t>(value) << 1) ^ static_cast<uint32_t>(value >> 31);
}
inline int32_t unzigzag(uint32_t value) {
  return static_cast<int32_t>(value >> 1) ^ -static_cast<int32_t>(value & 1);
}
inline uint32_t command_integer(Command command, uint32_t count) {
  return static_cast<uint32_t>(command) | (count << 3);
}

// vector_tile.Tile.Value messages, the one encoding of property values (GeoJSON and columns):
// strings as string_value, integers >= 0 as uint_value, negative ones as sint_value.
std::string encode_string_value(std::string_view text);
std::string encode_integer_value(int64_t number);

// Appends command integers for integer tile coordinates (x, y interleaved); the cursor starts at
// (0, 0) for each feature and carries across its parts, as the spec requires.
struct GeometryCommands {
  int32_t cursor_x = 0, cursor_y = 0;
  std::vector<uint32_t>* out = nullptr;
  void move_to(const int32_t* xy, uint32_t count);  // count points (MultiPoint) or 1
  void line_to(const int32_t* xy, uint32_t count);
  void close_path() { out->push_back(command_integer(Command::close_path, 1)); }
  void ring(const int32_t* xy, uint32_t count) {  // polygon ring without repeated closing point
    move_to(xy, 1);
    line_to(xy + 2, count - 1);
    close_path();
  }
  void line(const int32_t* xy, uint32_t count) {
    move_to(xy, 1);
    line_to(xy + 2, count - 1);
  }
};

// Writes one tile. Per-thread: keeps scratch tables sized to each layer so that re-indexing
// keys and values per tile allocates nothing in the hot loop.
class MvtTileEncoder {
 public:
  explicit MvtTileEncoder(const std::vector<LayerData>& layers);
  void begin_tile(std::string& buffer);
  void begin_layer(uint32_t layer_number);
  // point_count < 0: no extra attribute; otherwise a `point_count` property is added.
  void add_feature(const Feature& feature, const uint32_t* geometry, size_t geometry_count,
                   int64_t point_count = -1);
  void end_layer();
  void end_tile();

 private:
  struct LayerScratch {
    std::vector<int32_t> key_local, value_local;
  };
  uint32_t local_key(uint32_t key);
  uint32_t local_value(uint32_t value);

  const std::vector<LayerData>& layers_;
  std::vector<LayerScratch> scratch_;
  std::vector<int32_t> source_point_count_key_;  // per layer, -1 when absent
  std::optional<protozero::pbf_writer> tile_, layer_;
  uint32_t layer_number_ = 0;
  // A used value is a layer value index, or a point count stored as kCountFlag | count.
  static constexpr uint64_t kCountFlag = uint64_t{1} << 63;
  std::vector<uint32_t> used_keys_, tags_;
  std::vector<uint64_t> used_values_;
  std::unordered_map<int64_t, uint32_t> point_count_values_;
  int32_t point_count_key_ = -1;
  std::string encoded_count_;
};

}  // namespace hotspot::tiles
