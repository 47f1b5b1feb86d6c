// Assembling tiles from pieces and point runs, with point clustering under a byte budget; see
// tile_assembler.hpp.
#include "tiles/tile_assembler.hpp"

#include <algorithm>
#include <bit>

namespace hotspot::tiles {

// libdeflate level 6: on 1M points at zooms 8-16 about as fast as zlib level 1 and 4% smaller
// than zlib level 3 (measured; see tiles/README.md).
constexpr int kTileGzipLevel = 6;
constexpr size_t kRecentTiles = 4096, kRecentTileBytes = 4096;

TileAssembler::TileAssembler(const std::vector<LayerData>& layers, AssembleSettings settings,
                             const std::vector<std::vector<uint32_t>>& arenas,
                             const std::vector<StorePoints>& stores)
    : layers_(layers),
      settings_(settings),
      arenas_(arenas),
      stores_(stores),
      stores_of_layer_(layers.size()),
      job_points_(stores.size()),
      encoder_(layers),
      gzip_(kTileGzipLevel),
      recent_(kRecentTiles) {
  for (size_t s = 0; s < stores.size(); ++s)
    stores_of_layer_[stores[s].store->layer].push_back(static_cast<uint32_t>(s));
}

void TileAssembler::assemble(const TileJob& job, AssembledTile& out) {
  out.cluster_cell_tile_units = 0;
  out.clustered_layers.clear();
  origin_x_ = int64_t{job.x} * kTileExtent;
  origin_y_ = int64_t{job.y} * kTileExtent;
  size_t points = 0;
  for (size_t s = 0; s < stores_.size(); ++s) {
    JobPoints& job_points = job_points_[s];
    job_points.present = job.point_tiles[s] >= 0;
    job_points.runs.clear();
    if (!job_points.present) continue;
    const PointStore& store = *stores_[s].store;
    const PointTile& tile = (*stores_[s].tiles)[static_cast<size_t>(job.point_tiles[s])];
    job_points.own_begin = tile.begin;
    job_points.own_end = tile.end;
    points_near_tile(store, settings_.zoom, job.x, job.y, settings_.buffer_tile_units,
                     job_points.runs);
    for (const auto& [begin, end] : job_points.runs) points += end - begin;
    if (settings_.maximum_zoom) continue;
    std::fill(std::begin(job_points.differing_at), std::end(job_points.differing_at), 0);
    for (uint64_t i = tile.begin + 1; i < tile.end; ++i)
      ++job_points.differing_at[std::bit_width(store.codes[i] ^ store.codes[i - 1])];
  }
  auto compress = [&] {
    // Tiles inside one polygon repeat (three in four at z15 on 8,000 wards): remember small ones.
    RecentTile* recent = nullptr;
    if (out.raw.size() <= kRecentTileBytes) {
      recent = &recent_[std::hash<std::string>{}(out.raw) % kRecentTiles];
      if (recent->raw == out.raw) {
        out.gzipped = recent->gzipped;
        return;
      }
    }
    gzip_.compress(out.raw, out.gzipped);
    if (recent != nullptr) {
      recent->raw = out.raw;
      recent->gzipped = out.gzipped;
    }
  };
  // A point costs at least ~3 gzipped bytes: skip encoding every point when that cannot fit.
  const bool hopeless = !settings_.maximum_zoom && points * 3 > settings_.max_tile_bytes;
  const uint32_t zoom_cell =
      settings_.maximum_zoom || points == 0 ? 0 : settings_.zoom_cell_tile_units;
  double bytes_per_point = 2;  // a clustered point costs at least ~2 gzipped bytes
  if (!hopeless && zoom_cell == 0) {
    encode(job, 0, out.raw);
    compress();
    if (settings_.maximum_zoom || points == 0 || out.gzipped.size() <= settings_.max_tile_bytes)
      return;
    bytes_per_point = static_cast<double>(out.gzipped.size()) / static_cast<double>(points);
  }
  for (uint32_t cell = std::max<uint32_t>(4, zoom_cell); cell <= kTileExtent; cell *= 2) {
    // Skip cell sizes that cannot fit at the cost per point seen so far (each trial costs a
    // gzip of the whole tile); 0.8 leaves room for clusters compressing better than points.
    const size_t clusters = count_clusters(cell);
    if (cell < kTileExtent && cell > zoom_cell &&
        0.8 * bytes_per_point * static_cast<double>(clusters) >
            static_cast<double>(settings_.max_tile_bytes))
      continue;
    encode(job, cell, out.raw);
    compress();
    out.cluster_cell_tile_units = cell;
    if (out.gzipped.size() <= settings_.max_tile_bytes) break;
    bytes_per_point =
        std::max(bytes_per_point, static_cast<double>(out.gzipped.size()) /
                                      static_cast<double>(std::max<size_t>(clusters, 1)));
  }
  for (size_t s = 0; s < stores_.size(); ++s) {
    const uint32_t layer = stores_[s].store->layer;
    if (job_points_[s].present &&
        (out.clustered_layers.empty() || out.clustered_layers.back() != layer))
      out.clustered_layers.push_back(layer);  // a layer's stores are side by side
  }
}

int TileAssembler::cell_shift_bits(uint32_t cell) const {
  const int shift = std::countr_zero(cell) + 20 - static_cast<int>(settings_.zoom);
  return std::max(shift, 0);
}

size_t TileAssembler::count_clusters(uint32_t cell) const {
  const int bits = 2 * cell_shift_bits(cell);
  size_t clusters = 0;
  for (const JobPoints& job_points : job_points_) {
    if (!job_points.present || job_points.own_begin == job_points.own_end) continue;
    clusters += 1;  // neighbours in different cells first differ above the cell's bits
    for (int h = bits + 1; h <= 64; ++h) clusters += job_points.differing_at[h];
  }
  return clusters;
}

void TileAssembler::encode(const TileJob& job, uint32_t cell, std::string& raw) {
  encoder_.begin_tile(raw);
  const Piece* piece = job.pieces_begin;
  for (uint32_t layer = 0; layer < layers_.size(); ++layer) {
    const Piece* layer_end = piece;
    while (layer_end != job.pieces_end && layer_end->layer == layer) ++layer_end;
    auto has_points = [&](uint32_t store) {
      const JobPoints& points = job_points_[store];
      return points.present &&
             (cell == 0 ? !points.runs.empty() : points.own_end > points.own_begin);
    };
    const std::vector<uint32_t>& layer_stores = stores_of_layer_[layer];
    if (piece == layer_end && std::none_of(layer_stores.begin(), layer_stores.end(), has_points))
      continue;
    encoder_.begin_layer(layer);
    for (; piece != layer_end; ++piece)
      encoder_.add_feature(layers_[layer].features[piece->feature],
                           arenas_[piece->arena].data() + piece->offset, piece->count);
    for (uint32_t store : layer_stores) {
      if (!has_points(store)) continue;
      if (cell == 0)
        write_points(layer, *stores_[store].store, job_points_[store]);
      else
        write_clusters(layer, *stores_[store].store, job_points_[store], cell);
    }
    encoder_.end_layer();
  }
  encoder_.end_tile();
}

// One feature per point, in Z order (neighbours in the stream are neighbours on the map, so
// the zig-zag deltas stay small).
void TileAssembler::write_points(uint32_t layer, const PointStore& store, const JobPoints& points) {
  const std::vector<Feature>& features = layers_[layer].features;
  const uint32_t zoom = settings_.zoom;
  for (const auto& [begin, end] : points.runs)
    for (uint64_t i = begin; i < end; ++i) {
      const uint64_t code = store.codes[i];
      const auto x = static_cast<int32_t>(global_to_tile_units(morton_x(code), zoom) - origin_x_);
      const auto y = static_cast<int32_t>(global_to_tile_units(morton_y(code), zoom) - origin_y_);
      const uint32_t geometry[3] = {command_integer(Command::move_to, 1), zigzag(x), zigzag(y)};
      encoder_.add_feature(features[store.features[i]], geometry, 3);
    }
}

// Points inside the tile (not its buffer, so no point is counted twice) grouped by grid cell:
// in Z order a cell's points are one run. Each cluster sits at its members' mean and carries
// its first member's attributes.
void TileAssembler::write_clusters(uint32_t layer, const PointStore& store, const JobPoints& points,
                                   uint32_t cell) {
  const std::vector<Feature>& features = layers_[layer].features;
  const int bits = 2 * cell_shift_bits(cell);
  auto cell_of = [&](uint64_t code) { return bits >= 64 ? uint64_t{0} : code >> bits; };
  for (uint64_t i = points.own_begin; i < points.own_end;) {
    const uint64_t cell_code = cell_of(store.codes[i]);
    uint64_t sum_x = 0, sum_y = 0, j = i;
    for (; j < points.own_end && cell_of(store.codes[j]) == cell_code; ++j) {
      sum_x += morton_x(store.codes[j]);
      sum_y += morton_y(store.codes[j]);
    }
    const uint64_t count = j - i;
    const auto mean_x = static_cast<uint32_t>((sum_x + count / 2) / count);
    const auto mean_y = static_cast<uint32_t>((sum_y + count / 2) / count);
    const auto x = static_cast<int32_t>(global_to_tile_units(mean_x, settings_.zoom) - origin_x_);
    const auto y = static_cast<int32_t>(global_to_tile_units(mean_y, settings_.zoom) - origin_y_);
    const uint32_t geometry[3] = {command_integer(Command::move_to, 1), zigzag(x), zigzag(y)};
    encoder_.add_feature(features[store.features[i]], geometry, 3,
                         count > 1 ? static_cast<int64_t>(count) : -1);
    i = j;
  }
}

}  // namespace hotspot::tiles
