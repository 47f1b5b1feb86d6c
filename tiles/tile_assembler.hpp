// Turns one tile's work (its sorted line/polygon pieces and, per point layer, its points) into
// an MVT tile, gzipped. Below the maximum zoom, a tile whose gzipped size would pass
// max_tile_bytes has its points grid-clustered (cells of 4..4096 tile units, the finest that
// fits, and never finer than the zoom's cell when one is set); a cluster of n > 1 points carries
// `point_count` = n (absent means 1). Clusters are runs of the Z-order-sorted points, so clustering
// needs no sort and no copy. Guarantees: at the maximum zoom every point is written; over a
// clustered tile, point counts add up to the points inside it; the bytes depend only on the tile,
// not on the worker.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tiles/feature_store.hpp"
#include "tiles/gzip.hpp"
#include "tiles/mvt_encoder.hpp"
#include "tiles/point_store.hpp"
#include "tiles/tile_cutter.hpp"

namespace hotspot::tiles {

struct AssembleSettings {
  uint32_t zoom = 0;
  bool maximum_zoom = false;
  size_t max_tile_bytes = 500 * 1024;
  uint32_t buffer_tile_units = 64;
  // The zoom's cluster cell (0: none): every tile with points is clustered at least this
  // coarsely, so a zoom shows one cluster spacing everywhere (see assemble_zoom).
  uint32_t zoom_cell_tile_units = 0;
};

// One tile of one zoom: pieces [pieces_begin, pieces_end) and, per point store, the index of
// its PointTile for this zoom (-1: none).
struct TileJob {
  uint64_t tile_id = 0;
  uint32_t x = 0, y = 0;
  const Piece* pieces_begin = nullptr;
  const Piece* pieces_end = nullptr;
  const int64_t* point_tiles = nullptr;  // one per store
};

struct AssembledTile {
  std::string raw, gzipped;
  uint32_t cluster_cell_tile_units = 0;  // 0: points not clustered
  std::vector<uint32_t> clustered_layers;
};

// The points of one store in the tile being assembled.
struct StorePoints {
  const PointStore* store = nullptr;
  const std::vector<PointTile>* tiles = nullptr;  // this zoom's tiles of the store
};

class TileAssembler {
 public:
  TileAssembler(const std::vector<LayerData>& layers, AssembleSettings settings,
                const std::vector<std::vector<uint32_t>>& arenas,
                const std::vector<StorePoints>& stores);
  void assemble(const TileJob& job, AssembledTile& out);

 private:
  struct JobPoints {  // per store, for the current job
    bool present = false;
    uint64_t own_begin = 0, own_end = 0;              // points inside the tile itself
    std::vector<std::pair<uint64_t, uint64_t>> runs;  // points within the buffered square
    uint64_t differing_at[65] = {};                   // how many neighbours first differ at bit h
  };
  void encode(const TileJob& job, uint32_t cell_tile_units, std::string& raw);
  void write_points(uint32_t layer, const PointStore& store, const JobPoints& points);
  void write_clusters(uint32_t layer, const PointStore& store, const JobPoints& points,
                      uint32_t cell_tile_units);
  size_t count_clusters(uint32_t cell_tile_units) const;
  int cell_shift_bits(uint32_t cell_tile_units) const;  // global-coordinate bits per cluster cell

  const std::vector<LayerData>& layers_;
  AssembleSettings settings_;
  const std::vector<std::vector<uint32_t>>& arenas_;
  const std::vector<StorePoints>& stores_;
  // Per layer, its point stores (one per first zoom; none for a layer without points).
  std::vector<std::vector<uint32_t>> stores_of_layer_;
  std::vector<JobPoints> job_points_;
  int64_t origin_x_ = 0, origin_y_ = 0;  // the tile's corner in tile units
  MvtTileEncoder encoder_;
  GzipCompressor gzip_;
  struct RecentTile {
    std::string raw, gzipped;
  };
  std::vector<RecentTile> recent_;  // small tiles by raw-bytes hash: repeats skip gzip
  std::vector<uint32_t> geometry_;
};

}  // namespace hotspot::tiles
