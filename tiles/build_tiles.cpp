// build_tiles: read layers (points into Z-ordered stores, sorted once) → per zoom, cut lines and
// polygons into pieces (parallel over features), list the tiles of pieces and of points in
// Hilbert tile-id order → assemble tiles (parallel over tiles, in batches) → write in tile-id
// order. Thread count changes only who does the work, never the bytes written.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "tiles/feature_store.hpp"
#include "tiles/gzip.hpp"
#include "tiles/parallel.hpp"
#include "tiles/pmtiles.hpp"
#include "tiles/point_store.hpp"
#include "tiles/tile_assembler.hpp"
#include "tiles/tile_cutter.hpp"
#include "tiles/tiles.hpp"
#include "tiles/tiles_metadata.hpp"

namespace hotspot::tiles {

namespace {

void check_options(const std::vector<LayerInput>& layers,
                   const std::vector<PointLayerInput>& point_layers, const TilesOptions& options) {
  if (layers.empty() && point_layers.empty())
    throw TilesInputError("", "no layers to tile: pass at least one --layer NAME=FILE.geojson");
  std::set<std::string> names;
  for (const auto& layer : layers) {
    if (layer.name.empty()) throw TilesInputError(layer.geojson_path, "the layer has no name");
    if (!names.insert(layer.name).second)
      throw TilesInputError(layer.geojson_path, "layer name '" + layer.name + "' is used twice");
  }
  for (const auto& layer : point_layers) {
    if (layer.name.empty()) throw TilesInputError("", "an in-memory point layer has no name");
    if (!names.insert(layer.name).second)
      throw TilesInputError("", "layer name '" + layer.name + "' is used twice");
    if (layer.min_zoom < 0 || layer.min_zoom > options.max_zoom)
      throw TilesInputError("", "point layer '" + layer.name +
                                    "': its min_zoom must be within 0..max_zoom, where every "
                                    "point is written");
  }
  if (options.min_zoom < 0 || options.max_zoom > kDeepestZoom ||
      options.min_zoom > options.max_zoom)
    throw TilesInputError(
        "", "zooms must satisfy 0 <= min_zoom <= max_zoom <= " + std::to_string(kDeepestZoom));
  if (options.buffer_tile_units < 0 || options.buffer_tile_units > 2048)
    throw TilesInputError("", "buffer_tile_units must be within 0..2048");
  if (options.max_tile_bytes < 1024)
    throw TilesInputError("", "max_tile_bytes must be at least 1024");
}

// Writes each finished tile to the archive or the folder, in ascending tile id.
class TileSink {
 public:
  TileSink(const TilesOptions& options, const std::string& out_path) {
    if (options.directory_output) {
      folder_ = out_path + ".tmp";
      std::filesystem::remove_all(folder_);
      std::filesystem::create_directories(folder_);
    } else {
      archive_.emplace(out_path);
    }
  }
  void add(uint32_t zoom, const TileJob& job, const AssembledTile& tile) {
    if (archive_) {
      archive_->add_tile(job.tile_id, tile.gzipped);
      return;
    }
    const std::filesystem::path folder = folder_ / std::to_string(zoom) / std::to_string(job.x);
    std::filesystem::create_directories(folder);
    std::ofstream file(folder / (std::to_string(job.y) + ".pbf"), std::ios::binary);
    file.write(tile.raw.data(), static_cast<std::streamsize>(tile.raw.size()));
    if (!file) throw TilesIoError((folder / "tile").string(), std::strerror(errno));
    bytes_ += tile.raw.size();
    ++tiles_;
  }
  void finish(const std::string& out_path, const PmtilesHeader& header,
              const nlohmann::json& metadata, TilesReport& report) {
    if (archive_) {
      archive_->finish(header, metadata.dump());
      report.tiles = archive_->addressed_tiles();
      report.unique_tiles = archive_->tile_contents();
      report.bytes = archive_->archive_bytes();
      return;
    }
    std::ofstream(folder_ / "metadata.json") << directory_metadata(metadata).dump(1) << "\n";
    std::filesystem::remove_all(out_path);
    std::filesystem::rename(folder_, out_path);
    report.tiles = report.unique_tiles = tiles_;
    report.bytes = bytes_;
  }

 private:
  std::optional<PmtilesWriter> archive_;
  std::filesystem::path folder_;
  uint64_t tiles_ = 0, bytes_ = 0;
};

// Everything one zoom needs: the line/polygon pieces sorted by tile, the workers' geometry
// buffers, and per point store the tiles that hold its points.
struct ZoomWork {
  std::vector<std::vector<uint32_t>> arenas;
  std::vector<Piece> pieces;
  std::vector<size_t>
      tile_starts;  // piece tile t holds pieces [tile_starts[t], tile_starts[t + 1])
  std::vector<std::vector<PointTile>> point_tiles;  // per store
  std::vector<TileJob> jobs;                        // every tile of the zoom, in tile-id order
  std::vector<int64_t> job_point_tiles;             // jobs × stores
};

// Stage 1: cut every line and polygon into per-tile pieces (parallel over features), then sort.
void cut_zoom(const std::vector<LayerData>& layers, const TilesOptions& options, uint32_t zoom,
              ZoomWork& work, TilesReport& report) {
  const int threads = std::max(1, options.threads);
  const bool maximum_zoom = static_cast<int>(zoom) == options.max_zoom;
  const CutSettings settings{
      zoom, maximum_zoom ? options.max_zoom_simplify_tile_units : options.simplify_tile_units,
      static_cast<double>(options.buffer_tile_units)};
  work.arenas.resize(static_cast<size_t>(threads));
  std::vector<std::vector<Piece>> worker_pieces(static_cast<size_t>(threads));
  std::vector<std::vector<CutCounters>> counters(static_cast<size_t>(threads),
                                                 std::vector<CutCounters>(layers.size()));
  std::vector<std::unique_ptr<TileCutter>> cutters;
  for (int t = 0; t < threads; ++t)
    cutters.push_back(std::make_unique<TileCutter>(layers, settings, t));
  for (uint32_t layer = 0; layer < layers.size(); ++layer) {
    parallel_for(threads, layers[layer].features.size(), 256, [&](size_t feature, uint32_t worker) {
      const Feature& what = layers[layer].features[feature];
      if (what.kind == GeometryKind::point) return;  // in a point store
      if (first_zoom_of(what, options.max_zoom) > static_cast<int>(zoom)) return;
      cutters[worker]->cut(layer, static_cast<uint32_t>(feature), worker_pieces[worker],
                           work.arenas[worker], counters[worker][layer]);
    });
  }
  size_t total = 0;
  for (const auto& list : worker_pieces) total += list.size();
  work.pieces.reserve(total);
  for (auto& list : worker_pieces) {
    work.pieces.insert(work.pieces.end(), list.begin(), list.end());
    std::vector<Piece>().swap(list);
  }
  std::sort(work.pieces.begin(), work.pieces.end(), piece_order);
  for (size_t i = 0; i < work.pieces.size(); ++i)
    if (i == 0 || work.pieces[i].tile_id != work.pieces[i - 1].tile_id)
      work.tile_starts.push_back(i);
  work.tile_starts.push_back(work.pieces.size());
  for (int t = 0; t < threads; ++t)
    for (size_t layer = 0; layer < layers.size(); ++layer) {
      LayerStats& stats = report.layers[layer];
      const CutCounters& c = counters[t][layer];
      stats.tiny_polygons_kept += c.tiny_polygons_kept;
      stats.zero_length_lines_dropped += c.zero_length_lines_dropped;
      stats.less_simplified += c.less_simplified;
      stats.touching_rings_dropped += c.touching_rings_dropped;
      stats.invalid_after_rounding += c.invalid_after_rounding;
    }
}

// Stage 2: the tiles of the zoom, in tile-id order: those with pieces merged with those with
// points.
void plan_zoom(const std::vector<PointStore>& stores, const TilesOptions& options, uint32_t zoom,
               ZoomWork& work) {
  const size_t store_count = stores.size();
  work.point_tiles.resize(store_count);
  struct Entry {
    uint64_t tile_id;
    uint32_t x, y;
    int64_t source;  // < 0: piece tile -(source + 1); else store * 2^40 + point tile
  };
  std::vector<Entry> entries;
  for (size_t t = 0; t + 1 < work.tile_starts.size(); ++t) {
    const Piece& first = work.pieces[work.tile_starts[t]];
    entries.push_back({first.tile_id, first.tile_x, first.tile_y, -static_cast<int64_t>(t) - 1});
  }
  for (size_t s = 0; s < store_count; ++s) {
    if (static_cast<int>(zoom) < stores[s].min_zoom) continue;  // no tiles of this store here
    work.point_tiles[s] =
        point_tiles(stores[s], zoom, static_cast<uint32_t>(options.buffer_tile_units));
    for (size_t t = 0; t < work.point_tiles[s].size(); ++t) {
      const PointTile& tile = work.point_tiles[s][t];
      entries.push_back({zxy_to_tile_id(zoom, tile.x, tile.y), tile.x, tile.y,
                         static_cast<int64_t>(s << 40 | t)});
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.tile_id != b.tile_id ? a.tile_id < b.tile_id : a.source < b.source;
  });
  const Piece* pieces = work.pieces.data();
  std::vector<size_t> point_slots;
  for (size_t i = 0; i < entries.size();) {
    TileJob job;
    job.tile_id = entries[i].tile_id;
    job.x = entries[i].x;
    job.y = entries[i].y;
    job.pieces_begin = job.pieces_end = pieces;
    const size_t point_slot = work.job_point_tiles.size();
    work.job_point_tiles.resize(point_slot + store_count, -1);
    for (; i < entries.size() && entries[i].tile_id == job.tile_id; ++i) {
      const int64_t source = entries[i].source;
      if (source < 0) {
        const size_t t = static_cast<size_t>(-source - 1);
        job.pieces_begin = pieces + work.tile_starts[t];
        job.pieces_end = pieces + work.tile_starts[t + 1];
      } else {
        work.job_point_tiles[point_slot + static_cast<size_t>(source >> 40)] =
            source & ((int64_t{1} << 40) - 1);
      }
    }
    point_slots.push_back(point_slot);
    work.jobs.push_back(job);
  }
  for (size_t j = 0; j < work.jobs.size(); ++j)
    work.jobs[j].point_tiles = work.job_point_tiles.data() + point_slots[j];
}

// The zoom's cluster cell: the coarsest cell any of its densest tiles needs to fit the budget
// (0 when they all fit unclustered). Every tile of the zoom is then clustered at least that
// coarsely, as tippecanoe's --cluster-densest-as-needed retiles a whole zoom, so a cluster means
// the same spacing on both sides of a tile edge, and sparse tiles next to a dense town do not
// keep single points the town's tile had to merge. Probed: every tile whose own points could
// pass the budget at 2 bytes each, and the 32 densest, which is where the coarsest need lies.
// The tiles not probed keep the per-tile fallback, so no tile passes the budget either way.
// The probed tiles clustered at the zoom's cell are kept in `assembled` (by job): assembled
// again they would come out the same.
uint32_t zoom_cluster_cell(const std::vector<LayerData>& layers, AssembleSettings settings,
                           const ZoomWork& work, const std::vector<StorePoints>& store_points,
                           int threads, std::map<size_t, AssembledTile>& assembled) {
  if (settings.maximum_zoom || store_points.empty()) return 0;
  std::vector<std::pair<uint64_t, size_t>> by_points;  // (own points, job), densest first
  for (size_t j = 0; j < work.jobs.size(); ++j) {
    uint64_t points = 0;
    for (size_t s = 0; s < store_points.size(); ++s)
      if (const int64_t t = work.jobs[j].point_tiles[s]; t >= 0) {
        const PointTile& tile = (*store_points[s].tiles)[static_cast<size_t>(t)];
        points += tile.end - tile.begin;
      }
    if (points > 0) by_points.emplace_back(points, j);
  }
  std::sort(by_points.begin(), by_points.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  constexpr size_t kDensestProbed = 32;
  size_t probed = std::min(by_points.size(), kDensestProbed);
  while (probed < by_points.size() && by_points[probed].first * 2 > settings.max_tile_bytes)
    ++probed;
  std::vector<std::unique_ptr<TileAssembler>> assemblers;
  for (int t = 0; t < threads; ++t)
    assemblers.push_back(
        std::make_unique<TileAssembler>(layers, settings, work.arenas, store_points));
  std::vector<AssembledTile> probes(probed);
  parallel_for(threads, probed, 1, [&](size_t index, uint32_t worker) {
    assemblers[worker]->assemble(work.jobs[by_points[index].second], probes[index]);
  });
  uint32_t cell = 0;
  for (const AssembledTile& probe : probes) cell = std::max(cell, probe.cluster_cell_tile_units);
  for (size_t index = 0; index < probed; ++index)
    if (cell > 0 && probes[index].cluster_cell_tile_units == cell)
      assembled.emplace(by_points[index].second, std::move(probes[index]));
  return cell;
}

// Stage 3: assemble tiles in batches (parallel over tiles) and hand them to the sink in order.
void assemble_zoom(const std::vector<LayerData>& layers, const std::vector<PointStore>& stores,
                   const TilesOptions& options, uint32_t zoom, const ZoomWork& work, TileSink& sink,
                   TilesReport& report) {
  const int threads = std::max(1, options.threads);
  AssembleSettings settings{zoom, static_cast<int>(zoom) == options.max_zoom,
                            options.max_tile_bytes,
                            static_cast<uint32_t>(options.buffer_tile_units)};
  const size_t tile_count = work.jobs.size();
  report.tiles_per_zoom.push_back(tile_count);
  std::vector<StorePoints> store_points;
  for (size_t s = 0; s < stores.size(); ++s)
    store_points.push_back({&stores[s], &work.point_tiles[s]});
  std::map<size_t, AssembledTile> assembled;
  settings.zoom_cell_tile_units =
      zoom_cluster_cell(layers, settings, work, store_points, threads, assembled);
  std::vector<std::unique_ptr<TileAssembler>> assemblers;
  for (int t = 0; t < threads; ++t)
    assemblers.push_back(
        std::make_unique<TileAssembler>(layers, settings, work.arenas, store_points));
  constexpr size_t kBatchTiles = 2048;
  std::vector<AssembledTile> batch(kBatchTiles);
  std::vector<uint64_t> clustered_tiles(layers.size(), 0), max_cell(layers.size(), 0);
  for (size_t batch_start = 0; batch_start < tile_count; batch_start += kBatchTiles) {
    const size_t batch_size = std::min(kBatchTiles, tile_count - batch_start);
    parallel_for(threads, batch_size, 4, [&](size_t index, uint32_t worker) {
      if (auto found = assembled.find(batch_start + index); found != assembled.end())
        batch[index] = std::move(found->second);  // distinct jobs: no two workers share one
      else
        assemblers[worker]->assemble(work.jobs[batch_start + index], batch[index]);
    });
    for (size_t index = 0; index < batch_size; ++index) {
      const AssembledTile& tile = batch[index];
      const TileJob& job = work.jobs[batch_start + index];
      sink.add(zoom, job, tile);
      report.max_tile_bytes_seen =
          std::max<uint64_t>(report.max_tile_bytes_seen, tile.gzipped.size());
      if (tile.gzipped.size() > options.max_tile_bytes) ++report.tiles_over_budget;
      for (uint32_t layer : tile.clustered_layers) {
        ++clustered_tiles[layer];
        max_cell[layer] = std::max<uint64_t>(max_cell[layer], tile.cluster_cell_tile_units);
      }
    }
  }
  for (size_t layer = 0; layer < layers.size(); ++layer) {
    if (clustered_tiles[layer] == 0) continue;
    report.layers[layer].clustered_tiles += clustered_tiles[layer];
    report.layers[layer].clustering.push_back(
        {{"zoom", zoom},
         {"tiles", clustered_tiles[layer]},
         {"zoom_cell_tile_units", settings.zoom_cell_tile_units},
         {"max_cell_tile_units", max_cell[layer]}});
  }
}

}  // namespace

TilesReport build_tiles(std::vector<LayerInput> inputs, std::vector<PointLayerInput> point_inputs,
                        const TilesOptions& options, const std::string& out_path) {
  check_options(inputs, point_inputs, options);
  const int threads = std::max(1, options.threads);
  std::vector<bool> in_memory;  // noted before the tasks start: each lets go of its features
  for (const auto& input : inputs) in_memory.push_back(input.points != nullptr);
  // Each layer read, ordered and its points moved out into stores on a task of its own (so a
  // layer of points holds no vertices by the time the in-memory columns are converted).
  struct LoadedLayer {
    LayerData layer;
    std::vector<PointStore> stores;
    uint64_t feature_count = 0;
  };
  std::vector<std::future<LoadedLayer>> loading;
  for (size_t k = 0; k < inputs.size(); ++k)
    loading.push_back(
        std::async(threads > 1 ? std::launch::async : std::launch::deferred,
                   [&input = inputs[k], k, max_zoom = options.max_zoom] {
                     LoadedLayer loaded;
                     LayerData& layer = loaded.layer;
                     if (input.points != nullptr) {
                       layer = read_point_features(input.name, *input.points, input.properties);
                       input.points.reset();  // each task its own input: no other thread touches it
                     } else {
                       layer = read_geojson_layer(input.name, input.geojson_path, input.properties);
                     }
                     order_features_spatially(layer);
                     loaded.feature_count = layer.features.size();
                     if (layer.has_points)
                       loaded.stores = take_points(layer, static_cast<uint32_t>(k), max_zoom);
                     return loaded;
                   }));
  // The in-memory point layers are converted while the files load (they follow the files'
  // layers, so their numbers are known), but after the in-memory features are read and let go
  // of: on a national run the place labels (~0.25 GB with their features) and the incidents'
  // columns (~0.4 GB while converted) held at once were the peak of the whole run.
  for (size_t k = 0; k < inputs.size(); ++k)
    if (in_memory[k]) loading[k].wait();
  std::vector<LayerData> column_layers;
  std::vector<PointStore> column_stores(point_inputs.size());
  for (size_t k = 0; k < point_inputs.size(); ++k)
    column_layers.push_back(point_layer_from_columns(
        point_inputs[k], static_cast<uint32_t>(inputs.size() + k), threads, column_stores[k]));
  std::vector<LayerData> layers;
  std::vector<PointStore> stores;
  std::vector<uint64_t> feature_counts;
  for (auto& task : loading) {
    LoadedLayer loaded = task.get();
    layers.push_back(std::move(loaded.layer));
    feature_counts.push_back(loaded.feature_count);
    for (PointStore& store : loaded.stores) stores.push_back(std::move(store));
  }
  for (size_t k = 0; k < point_inputs.size(); ++k) {
    layers.push_back(std::move(column_layers[k]));
    feature_counts.push_back(column_stores[k].size());
    stores.push_back(std::move(column_stores[k]));
  }
  if (options.on_layers_loaded) options.on_layers_loaded();

  TilesReport report;
  for (size_t l = 0; l < layers.size(); ++l) {
    LayerStats stats;
    // Features with a min zoom of their own: the layer starts at the lowest of them, and the
    // report counts those that start later still.
    LayerData& layer = layers[l];
    int first_zoom = options.max_zoom;
    for (const Feature& feature : layer.features)
      first_zoom = std::min(first_zoom, first_zoom_of(feature, options.max_zoom));
    if (!layer.features.empty()) layer.min_zoom = std::max(layer.min_zoom, first_zoom);
    const int layer_first_zoom = std::max(options.min_zoom, layer.min_zoom);
    for (const Feature& feature : layer.features)
      stats.features_from_later_zoom += first_zoom_of(feature, options.max_zoom) > layer_first_zoom;
    stats.name = layers[l].name;
    stats.features = feature_counts[l];
    stats.skipped_null_geometry = layers[l].skipped_null_geometry;
    report.layers.push_back(stats);
  }
  TileSink sink(options, out_path);
  for (int zoom = options.min_zoom; zoom <= options.max_zoom; ++zoom) {
    ZoomWork work;
    cut_zoom(layers, options, static_cast<uint32_t>(zoom), work, report);
    plan_zoom(stores, options, static_cast<uint32_t>(zoom), work);
    assemble_zoom(layers, stores, options, static_cast<uint32_t>(zoom), work, sink, report);
  }
  if (std::all_of(report.tiles_per_zoom.begin(), report.tiles_per_zoom.end(),
                  [](uint64_t n) { return n == 0; }))
    throw TilesInputError(inputs.empty() ? "" : inputs.front().geojson_path,
                          "the layers hold no features to tile");
  write_notes(layers, options, report);
  const nlohmann::json metadata = archive_metadata(layers, options, report);
  sink.finish(out_path, archive_header(layers, options), metadata, report);
  return report;
}

}  // namespace hotspot::tiles
