// A point layer as two sorted columns: each point's Z-order (Morton) code at 2^32 world
// resolution (~1 cm) and the layer feature whose attributes it carries. Sorted once, so the
// points of any tile at any zoom are one contiguous run, and any rectangle is a few runs.
// Guarantees: 12 bytes per point; the order is the code, ties in input order (stable).
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "tiles/feature_store.hpp"

namespace hotspot::tiles {

struct PointLayerInput;

// x bits at even, y bits at odd positions: the code of a quadtree cell is a prefix.
inline uint64_t spread_bits(uint32_t value) {
  uint64_t v = value;
  v = (v | (v << 16)) & 0x0000FFFF0000FFFFull;
  v = (v | (v << 8)) & 0x00FF00FF00FF00FFull;
  v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0Full;
  v = (v | (v << 2)) & 0x3333333333333333ull;
  v = (v | (v << 1)) & 0x5555555555555555ull;
  return v;
}
inline uint32_t gather_bits(uint64_t v) {
  v &= 0x5555555555555555ull;
  v = (v | (v >> 1)) & 0x3333333333333333ull;
  v = (v | (v >> 2)) & 0x0F0F0F0F0F0F0F0Full;
  v = (v | (v >> 4)) & 0x00FF00FF00FF00FFull;
  v = (v | (v >> 8)) & 0x0000FFFF0000FFFFull;
  v = (v | (v >> 16)) & 0x00000000FFFFFFFFull;
  return static_cast<uint32_t>(v);
}
inline uint64_t morton_code(uint32_t x, uint32_t y) {
  return spread_bits(x) | (spread_bits(y) << 1);
}
inline uint32_t morton_x(uint64_t code) { return gather_bits(code); }
inline uint32_t morton_y(uint64_t code) { return gather_bits(code >> 1); }

// World units [0, 1) → 32-bit global coordinate (floor, clamped to the world square).
inline uint32_t world_to_global(double world) {
  const double scaled = std::floor(world * 4294967296.0);
  return scaled <= 0 ? 0u : scaled >= 4294967295.0 ? 4294967295u : static_cast<uint32_t>(scaled);
}

struct PointStore {
  uint32_t layer = 0;              // index of the layer among all layers
  int min_zoom = 0;                // no tile below this zoom carries the points
  std::vector<uint64_t> codes;     // sorted
  std::vector<uint32_t> features;  // per point: index into the layer's features (attributes)
  size_t size() const { return codes.size(); }
};

// Moves every point of the layer's point features into stores, one per first zoom (a feature's
// min_zoom, lowered to max_zoom), ascending (a MultiPoint gives one point per position, each
// carrying the feature's attributes). The features stay as attribute holders.
std::vector<PointStore> take_points(LayerData& layer, uint32_t layer_number, int max_zoom);

// Builds a point layer from columns: one feature per distinct combination of property values
// (so 10 million incidents need a few thousand features). Throws TilesInputError.
LayerData point_layer_from_columns(PointLayerInput& input, uint32_t layer_number, int threads,
                                   PointStore& store);

// A tile at one zoom that holds points of a store: [begin, end) are the points inside the tile
// itself (empty for a tile that only has points within its buffer).
struct PointTile {
  uint32_t x = 0, y = 0;
  uint64_t begin = 0, end = 0;
};
std::vector<PointTile> point_tiles(const PointStore& store, uint32_t zoom,
                                   uint32_t buffer_tile_units);

// Tile units at `zoom` of a 32-bit global coordinate (4096 per tile).
inline int64_t global_to_tile_units(uint32_t global, uint32_t zoom) {
  return zoom <= 20 ? static_cast<int64_t>(global >> (20 - zoom))
                    : static_cast<int64_t>(global) << (zoom - 20);
}

// Runs of points [begin, end) within the tile's square widened by the buffer, in code order.
void points_near_tile(const PointStore& store, uint32_t zoom, uint32_t tile_x, uint32_t tile_y,
                      uint32_t buffer_tile_units, std::vector<std::pair<uint64_t, uint64_t>>& runs);

}  // namespace hotspot::tiles
