// Cuts features into per-tile pieces for one zoom: simplify (Douglas-Peucker in tile units),
// clip to tile + buffer, quantise to the 4096 grid, encode MVT geometry commands.
// Guarantees: degenerate rings and zero-length lines are dropped, but a polygon feature always
// yields at least one piece per zoom (a 1-unit square when it would vanish).
#pragma once
#include <cstdint>
#include <vector>

#include "tiles/feature_store.hpp"
#include "tiles/geometry_ops.hpp"
#include "tiles/mvt_encoder.hpp"

namespace hotspot::tiles {

// One line or polygon feature's geometry inside one tile, as finished command integers.
struct Piece {
  uint64_t tile_id = 0;  // PMTiles Hilbert id, the sort key
  uint32_t tile_x = 0, tile_y = 0;
  uint32_t layer = 0, feature = 0;
  uint32_t arena = 0;  // which worker's buffer holds the geometry
  uint32_t count = 0;
  uint64_t offset = 0;
  GeometryKind kind = GeometryKind::point;
};

inline bool piece_order(const Piece& a, const Piece& b) {
  if (a.tile_id != b.tile_id) return a.tile_id < b.tile_id;
  if (a.layer != b.layer) return a.layer < b.layer;
  if (a.feature != b.feature) return a.feature < b.feature;
  return a.offset < b.offset;
}

struct CutCounters {
  uint64_t tiny_polygons_kept = 0;
  uint64_t zero_length_lines_dropped = 0;
  uint64_t less_simplified = 0;  // feature-zoom pairs re-cut less simplified to stay valid
  uint64_t touching_rings_dropped =
      0;  // repairs where rounding made rings touch: a small ring or a vertex dropped
  uint64_t invalid_after_rounding = 0;  // pieces still touching themselves with no simplification
};

struct CutSettings {
  uint32_t zoom = 0;
  double tolerance_tile_units = 1.0;
  double buffer_tile_units = 64;
};

// Per worker: owns scratch buffers reused across features.
class TileCutter {
 public:
  TileCutter(const std::vector<LayerData>& layers, CutSettings settings, uint32_t arena_number);
  void cut(uint32_t layer, uint32_t feature, std::vector<Piece>& pieces,
           std::vector<uint32_t>& arena, CutCounters& counters);

 private:
  struct TileRange {
    int64_t min_x, min_y, max_x, max_y;
  };
  TileRange tiles_touching(double min_x, double min_y, double max_x, double max_y) const;
  bool cut_at(const LayerData& layer, const Feature& feature, uint32_t layer_number,
              uint32_t feature_number, double tolerance, std::vector<Piece>& pieces,
              std::vector<uint32_t>& arena, bool& simple);
  bool simplify_parts(const LayerData& layer, const Feature& feature, double tolerance);
  enum class TileCut { empty, simple, not_simple };
  Rectangle buffered_tile(int64_t tile_x, int64_t tile_y) const;
  TileCut cut_polygon_tile(int64_t tile_x, int64_t tile_y, std::vector<uint32_t>& arena);
  bool cut_line_tile(int64_t tile_x, int64_t tile_y, std::vector<uint32_t>& arena);
  bool quantise_ring(const Point* points, uint32_t count, int64_t origin_x, int64_t origin_y,
                     bool closed);
  void add_piece(std::vector<Piece>& pieces, int64_t tile_x, int64_t tile_y, uint32_t layer,
                 uint32_t feature, GeometryKind kind, uint64_t offset, uint64_t end);

  const std::vector<LayerData>& layers_;
  CutSettings settings_;
  uint32_t arena_number_;
  double scale_;  // world units → global tile units at this zoom
  int64_t tiles_per_side_;
  Simplifier simplifier_;
  PolygonClipper clipper_;
  std::vector<RingSet> parts_;  // simplified parts, global tile units
  std::vector<Rectangle> part_bounds_;
  uint32_t part_count_ = 0;
  std::vector<uint32_t> kept_;
  std::vector<double> xs_, ys_;
  RingSet clipped_;
  std::vector<int32_t> quantised_, piece_xy_, repaired_xy_;
  std::vector<uint32_t> piece_starts_, repaired_starts_;
  std::vector<uint8_t> piece_exterior_, repaired_exterior_;
  void drop_ring_and_holes(uint32_t ring);
  void drop_pinching_vertex(uint32_t ring, int32_t edge_a, int32_t edge_b);
  uint64_t* touching_rings_dropped_ = nullptr;
  GeometryCommands commands_;
};

}  // namespace hotspot::tiles
