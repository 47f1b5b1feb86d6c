// Assembling tiles from pieces, with point clustering under a byte budget; see tile_assembler.hpp.
#include "tiles/tile_assembler.hpp"

#include <algorithm>

#include "tiles/gzip.hpp"

namespace hotspot::tiles {

// zlib level 3: on England's wards + 1M points, 23% less CPU than level 6 for 5% more bytes.
constexpr int kTileGzipLevel = 3;

TileAssembler::TileAssembler(const std::vector<LayerData>& layers, AssembleSettings settings,
                             const std::vector<std::vector<uint32_t>>& arenas)
    : layers_(layers), settings_(settings), arenas_(arenas), encoder_(layers) {}

void TileAssembler::assemble(const Piece* begin, const Piece* end, AssembledTile& out) {
  out.cluster_cell_tile_units = 0;
  out.clustered_layers.clear();
  const size_t points = static_cast<size_t>(
      std::count_if(begin, end, [](const Piece& p) { return p.kind == GeometryKind::point; }));
  // A point costs at least ~3 gzipped bytes: skip encoding every point when that cannot fit.
  const bool hopeless = !settings_.maximum_zoom && points * 3 > settings_.max_tile_bytes;
  if (!hopeless) {
    encode(begin, end, 0, out.raw);
    gzip_compress(out.raw, out.gzipped, kTileGzipLevel);
    if (settings_.maximum_zoom || points == 0 || out.gzipped.size() <= settings_.max_tile_bytes)
      return;
  }
  for (uint32_t cell = 4; cell <= kTileExtent; cell *= 2) {
    // A clustered point costs at least ~2 gzipped bytes: skip cell sizes that cannot fit.
    if (cell < kTileExtent && count_clusters(begin, end, cell) * 2 > settings_.max_tile_bytes)
      continue;
    encode(begin, end, cell, out.raw);
    gzip_compress(out.raw, out.gzipped, kTileGzipLevel);
    out.cluster_cell_tile_units = cell;
    if (out.gzipped.size() <= settings_.max_tile_bytes) break;
  }
  for (const Piece* p = begin; p != end; ++p)
    if (p->kind == GeometryKind::point &&
        (out.clustered_layers.empty() || out.clustered_layers.back() != p->layer))
      out.clustered_layers.push_back(p->layer);
}

void TileAssembler::encode(const Piece* begin, const Piece* end, uint32_t cell, std::string& raw) {
  encoder_.begin_tile(raw);
  for (const Piece* layer_begin = begin; layer_begin != end;) {
    const uint32_t layer = layer_begin->layer;
    const Piece* layer_end =
        std::find_if(layer_begin, end, [&](const Piece& p) { return p.layer != layer; });
    encoder_.begin_layer(layer);
    bool has_points = false;
    for (const Piece* p = layer_begin; p != layer_end; ++p) {
      if (p->kind == GeometryKind::point) {
        has_points = true;
        continue;
      }
      const uint32_t* geometry = arenas_[p->arena].data() + p->offset;
      encoder_.add_feature(layers_[layer].features[p->feature], geometry, p->count);
    }
    if (has_points) {
      if (cell == 0)
        write_points(layer_begin, layer_end);
      else
        write_clusters(layer_begin, layer_end, cell);
    }
    encoder_.end_layer();
    layer_begin = layer_end;
  }
  encoder_.end_tile();
}

// One feature per source feature; a MultiPoint's pieces are merged into one MoveTo.
void TileAssembler::write_points(const Piece* begin, const Piece* end) {
  for (const Piece* p = begin; p != end;) {
    if (p->kind != GeometryKind::point) {
      ++p;
      continue;
    }
    const uint32_t feature = p->feature;
    point_xy_.clear();
    for (; p != end && p->kind == GeometryKind::point && p->feature == feature; ++p) {
      point_xy_.push_back(point_of(*p)[0]);
      point_xy_.push_back(point_of(*p)[1]);
    }
    geometry_.clear();
    GeometryCommands commands{0, 0, &geometry_};
    const uint32_t count = static_cast<uint32_t>(point_xy_.size() / 2);
    commands.move_to(point_xy_.data(), count);
    encoder_.add_feature(layers_[begin->layer].features[feature], geometry_.data(),
                         geometry_.size());
  }
}

size_t TileAssembler::count_clusters(const Piece* begin, const Piece* end, uint32_t cell) {
  cells_.clear();
  const uint32_t cells_per_side = kTileExtent / cell;
  for (const Piece* p = begin; p != end; ++p) {
    if (p->kind != GeometryKind::point) continue;
    const int32_t* xy = point_of(*p);
    if (xy[0] < 0 || xy[1] < 0 || xy[0] >= static_cast<int32_t>(kTileExtent) ||
        xy[1] >= static_cast<int32_t>(kTileExtent))
      continue;
    cells_.push_back(p->layer * cells_per_side * cells_per_side +
                     static_cast<uint32_t>(xy[1]) / cell * cells_per_side +
                     static_cast<uint32_t>(xy[0]) / cell);
  }
  std::sort(cells_.begin(), cells_.end());
  return static_cast<size_t>(std::unique(cells_.begin(), cells_.end()) - cells_.begin());
}

// Points inside the tile (not its buffer, so no point is counted twice) grouped by grid cell;
// each cluster sits at its members' mean and carries its first member's attributes.
void TileAssembler::write_clusters(const Piece* begin, const Piece* end, uint32_t cell) {
  const uint32_t cells_per_side = kTileExtent / cell;
  cluster_points_.clear();
  for (const Piece* p = begin; p != end; ++p) {
    if (p->kind != GeometryKind::point) continue;
    const int32_t* xy = point_of(*p);
    if (xy[0] < 0 || xy[1] < 0 || xy[0] >= static_cast<int32_t>(kTileExtent) ||
        xy[1] >= static_cast<int32_t>(kTileExtent))
      continue;
    const uint32_t cell_number =
        static_cast<uint32_t>(xy[1]) / cell * cells_per_side + static_cast<uint32_t>(xy[0]) / cell;
    cluster_points_.push_back({cell_number, p->feature, xy[0], xy[1]});
  }
  std::stable_sort(cluster_points_.begin(), cluster_points_.end(),
                   [](const ClusterPoint& a, const ClusterPoint& b) { return a.cell < b.cell; });
  clusters_.clear();
  for (size_t i = 0; i < cluster_points_.size();) {
    size_t j = i;
    int64_t sum_x = 0, sum_y = 0;
    uint32_t first_feature = cluster_points_[i].feature;
    for (; j < cluster_points_.size() && cluster_points_[j].cell == cluster_points_[i].cell; ++j) {
      sum_x += cluster_points_[j].x;
      sum_y += cluster_points_[j].y;
      first_feature = std::min(first_feature, cluster_points_[j].feature);
    }
    const int64_t count = static_cast<int64_t>(j - i);
    clusters_.push_back({first_feature, cluster_points_[i].cell, static_cast<uint32_t>(count),
                         static_cast<int32_t>((sum_x + count / 2) / count),
                         static_cast<int32_t>((sum_y + count / 2) / count)});
    i = j;
  }
  std::sort(clusters_.begin(), clusters_.end(), [](const Cluster& a, const Cluster& b) {
    return a.feature != b.feature ? a.feature < b.feature : a.cell < b.cell;
  });
  for (const Cluster& cluster : clusters_) {
    geometry_.clear();
    GeometryCommands commands{0, 0, &geometry_};
    const int32_t xy[2] = {cluster.x, cluster.y};
    commands.move_to(xy, 1);
    const int64_t point_count =
        cluster.count > 1 ? static_cast<int64_t>(cluster.count) : -1;  // absent: one
    encoder_.add_feature(layers_[begin->layer].features[cluster.feature], geometry_.data(),
                         geometry_.size(), point_count);
  }
}

}  // namespace hotspot::tiles
