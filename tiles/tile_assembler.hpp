// Turns the sorted pieces of one tile into an MVT tile, gzipped. Below the maximum zoom, a
// tile whose gzipped size would pass max_tile_bytes has its points grid-clustered (cells of
// 4..4096 tile units, the finest that fits); a cluster of n > 1 points carries `point_count` = n
// (absent means 1). Guarantees: at the maximum zoom every point is written; over a clustered
// tile, point counts add up to the points inside it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "tiles/feature_store.hpp"
#include "tiles/mvt_encoder.hpp"
#include "tiles/tile_cutter.hpp"

namespace hotspot::tiles {

struct AssembleSettings {
  bool maximum_zoom = false;
  size_t max_tile_bytes = 500 * 1024;
};

struct AssembledTile {
  std::string raw, gzipped;
  uint32_t cluster_cell_tile_units = 0;  // 0: points not clustered
  std::vector<uint32_t> clustered_layers;
};

class TileAssembler {
 public:
  TileAssembler(const std::vector<LayerData>& layers, AssembleSettings settings,
                const std::vector<std::vector<uint32_t>>& arenas);
  void assemble(const Piece* begin, const Piece* end, AssembledTile& out);

 private:
  struct ClusterPoint {
    uint32_t cell, feature;
    int32_t x, y;
  };
  struct Cluster {
    uint32_t feature, cell, count;
    int32_t x, y;
  };
  void encode(const Piece* begin, const Piece* end, uint32_t cell_tile_units, std::string& raw);
  void write_points(const Piece* begin, const Piece* end);
  void write_clusters(const Piece* begin, const Piece* end, uint32_t cell_tile_units);
  size_t count_clusters(const Piece* begin, const Piece* end, uint32_t cell_tile_units);
  const int32_t* point_of(const Piece& piece) const {
    return reinterpret_cast<const int32_t*>(arenas_[piece.arena].data() + piece.offset);
  }

  const std::vector<LayerData>& layers_;
  AssembleSettings settings_;
  const std::vector<std::vector<uint32_t>>& arenas_;
  MvtTileEncoder encoder_;
  std::vector<uint32_t> geometry_;
  std::vector<int32_t> point_xy_;
  std::vector<ClusterPoint> cluster_points_;
  std::vector<Cluster> clusters_;
  std::vector<uint32_t> cells_;
};

}  // namespace hotspot::tiles
