// build_tiles: read layers → per zoom, cut features into pieces (parallel over features) →
// sort pieces by Hilbert tile id → assemble tiles (parallel over tiles, in batches) → write
// in tile-id order. Thread count changes only who does the work, never the bytes written.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <set>
#include <thread>

#include "tiles/feature_store.hpp"
#include "tiles/gzip.hpp"
#include "tiles/pmtiles.hpp"
#include "tiles/tile_assembler.hpp"
#include "tiles/tile_cutter.hpp"
#include "tiles/tiles.hpp"
#include "tiles/tiles_metadata.hpp"

namespace hotspot::tiles {

namespace {

// Runs work(item, worker) for items [0, count) on `threads` workers, handing out chunks.
template <class Work>
void parallel_for(int threads, size_t count, size_t chunk, Work work) {
  std::atomic<size_t> next{0};
  auto run = [&](uint32_t worker) {
    for (size_t start; (start = next.fetch_add(chunk)) < count;)
      for (size_t item = start; item < std::min(count, start + chunk); ++item) work(item, worker);
  };
  std::vector<std::future<void>> workers;
  for (int t = 1; t < threads; ++t)
    workers.push_back(std::async(std::launch::async, run, static_cast<uint32_t>(t)));
  run(0);
  for (auto& worker : workers) worker.get();  // rethrows a worker's exception
}

void check_options(const std::vector<LayerInput>& layers, const TilesOptions& options) {
  if (layers.empty())
    throw TilesInputError("", "no layers to tile: pass at least one --layer NAME=FILE.geojson");
  std::set<std::string> names;
  for (const auto& layer : layers) {
    if (layer.name.empty()) throw TilesInputError(layer.geojson_path, "the layer has no name");
    if (!names.insert(layer.name).second)
      throw TilesInputError(layer.geojson_path, "layer name '" + layer.name + "' is used twice");
  }
  if (options.min_zoom < 0 || options.max_zoom > 24 || options.min_zoom > options.max_zoom)
    throw TilesInputError("", "zooms must satisfy 0 <= min_zoom <= max_zoom <= 24");
  if (options.buffer_tile_units < 0 || options.buffer_tile_units > 2048)
    throw TilesInputError("", "buffer_tile_units must be within 0..2048");
  if (options.max_tile_bytes < 1024)
    throw TilesInputError("", "max_tile_bytes must be at least 1024");
}

// Writes each finished tile to the archive or the folder, in ascending tile id.
class TileSink {
 public:
  TileSink(const TilesOptions& options, const std::string& out_path) : options_(options) {
    if (options.directory_output) {
      folder_ = out_path + ".tmp";
      std::filesystem::remove_all(folder_);
      std::filesystem::create_directories(folder_);
    } else {
      archive_.emplace(out_path);
    }
  }
  void add(uint32_t zoom, const Piece& first_piece, const AssembledTile& tile) {
    if (archive_) {
      archive_->add_tile(first_piece.tile_id, tile.gzipped);
      return;
    }
    const std::filesystem::path folder =
        folder_ / std::to_string(zoom) / std::to_string(first_piece.tile_x);
    std::filesystem::create_directories(folder);
    std::ofstream file(folder / (std::to_string(first_piece.tile_y) + ".pbf"), std::ios::binary);
    file.write(tile.raw.data(), static_cast<std::streamsize>(tile.raw.size()));
    if (!file) throw std::runtime_error((folder / "tile").string() + ": write failed");
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
  const TilesOptions& options_;
  std::optional<PmtilesWriter> archive_;
  std::filesystem::path folder_;
  uint64_t tiles_ = 0, bytes_ = 0;
};

// Everything one zoom needs: the pieces sorted by tile, and the workers' geometry buffers.
struct ZoomPieces {
  std::vector<std::vector<uint32_t>> arenas;
  std::vector<Piece> pieces;
  std::vector<size_t> tile_starts;  // tile t holds pieces [tile_starts[t], tile_starts[t + 1])
};

// Stage 1: cut every feature into per-tile pieces (parallel over features), then sort.
ZoomPieces cut_zoom(const std::vector<LayerData>& layers, const TilesOptions& options,
                    uint32_t zoom, TilesReport& report) {
  const int threads = std::max(1, options.threads);
  const bool maximum_zoom = static_cast<int>(zoom) == options.max_zoom;
  const CutSettings settings{
      zoom, maximum_zoom ? options.max_zoom_simplify_tile_units : options.simplify_tile_units,
      static_cast<double>(options.buffer_tile_units)};
  ZoomPieces result;
  result.arenas.resize(static_cast<size_t>(threads));
  std::vector<std::vector<Piece>> worker_pieces(static_cast<size_t>(threads));
  std::vector<std::vector<CutCounters>> counters(static_cast<size_t>(threads),
                                                 std::vector<CutCounters>(layers.size()));
  std::vector<std::unique_ptr<TileCutter>> cutters;
  for (int t = 0; t < threads; ++t)
    cutters.push_back(std::make_unique<TileCutter>(layers, settings, t));
  for (uint32_t layer = 0; layer < layers.size(); ++layer) {
    parallel_for(threads, layers[layer].features.size(), 256, [&](size_t feature, uint32_t worker) {
      cutters[worker]->cut(layer, static_cast<uint32_t>(feature), worker_pieces[worker],
                           result.arenas[worker], counters[worker][layer]);
    });
  }
  for (auto& list : worker_pieces) {
    result.pieces.insert(result.pieces.end(), list.begin(), list.end());
    std::vector<Piece>().swap(list);
  }
  std::sort(result.pieces.begin(), result.pieces.end(), piece_order);
  for (size_t i = 0; i < result.pieces.size(); ++i)
    if (i == 0 || result.pieces[i].tile_id != result.pieces[i - 1].tile_id)
      result.tile_starts.push_back(i);
  result.tile_starts.push_back(result.pieces.size());
  for (int t = 0; t < threads; ++t)
    for (size_t layer = 0; layer < layers.size(); ++layer) {
      LayerStats& stats = report.layers[layer];
      const CutCounters& c = counters[t][layer];
      stats.tiny_polygons_kept += c.tiny_polygons_kept;
      stats.zero_length_lines_dropped += c.zero_length_lines_dropped;
      stats.less_simplified += c.less_simplified;
      stats.fallback_shapes += c.fallback_shapes;
      stats.touching_rings_dropped += c.touching_rings_dropped;
      stats.invalid_after_rounding += c.invalid_after_rounding;
    }
  return result;
}

// Stage 2: assemble tiles in batches (parallel over tiles) and hand them to the sink in order.
void assemble_zoom(const std::vector<LayerData>& layers, const TilesOptions& options, uint32_t zoom,
                   const ZoomPieces& zoom_pieces, TileSink& sink, TilesReport& report) {
  const int threads = std::max(1, options.threads);
  const AssembleSettings settings{static_cast<int>(zoom) == options.max_zoom,
                                  options.max_tile_bytes};
  const size_t tile_count = zoom_pieces.tile_starts.size() - 1;
  const Piece* pieces = zoom_pieces.pieces.data();
  report.tiles_per_zoom.push_back(tile_count);
  std::vector<std::unique_ptr<TileAssembler>> assemblers;
  for (int t = 0; t < threads; ++t)
    assemblers.push_back(std::make_unique<TileAssembler>(layers, settings, zoom_pieces.arenas));
  constexpr size_t kBatchTiles = 2048;
  std::vector<AssembledTile> batch(kBatchTiles);
  std::vector<uint64_t> clustered_tiles(layers.size(), 0), max_cell(layers.size(), 0);
  for (size_t batch_start = 0; batch_start < tile_count; batch_start += kBatchTiles) {
    const size_t batch_size = std::min(kBatchTiles, tile_count - batch_start);
    parallel_for(threads, batch_size, 16, [&](size_t index, uint32_t worker) {
      const size_t tile = batch_start + index;
      assemblers[worker]->assemble(pieces + zoom_pieces.tile_starts[tile],
                                   pieces + zoom_pieces.tile_starts[tile + 1], batch[index]);
    });
    for (size_t index = 0; index < batch_size; ++index) {
      const AssembledTile& tile = batch[index];
      sink.add(zoom, pieces[zoom_pieces.tile_starts[batch_start + index]], tile);
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
    report.layers[layer].clustering.push_back({{"zoom", zoom},
                                               {"tiles", clustered_tiles[layer]},
                                               {"max_cell_tile_units", max_cell[layer]}});
  }
}

}  // namespace

TilesReport build_tiles(const std::vector<LayerInput>& inputs, const TilesOptions& options,
                        const std::string& out_path) {
  check_options(inputs, options);
  std::vector<std::future<LayerData>> loading;
  for (const auto& input : inputs)
    loading.push_back(
        std::async(options.threads > 1 ? std::launch::async : std::launch::deferred, [&input] {
          LayerData layer = read_geojson_layer(input.name, input.geojson_path);
          order_features_spatially(layer);
          return layer;
        }));
  std::vector<LayerData> layers;
  for (auto& layer : loading) layers.push_back(layer.get());

  TilesReport report;
  for (const auto& layer : layers) {
    LayerStats stats;
    stats.name = layer.name;
    stats.features = layer.features.size();
    stats.skipped_null_geometry = layer.skipped_null_geometry;
    report.layers.push_back(stats);
  }
  TileSink sink(options, out_path);
  for (int zoom = options.min_zoom; zoom <= options.max_zoom; ++zoom)
    assemble_zoom(layers, options, static_cast<uint32_t>(zoom),
                  cut_zoom(layers, options, static_cast<uint32_t>(zoom), report), sink, report);
  if (report.tiles_per_zoom.empty() ||
      std::all_of(report.tiles_per_zoom.begin(), report.tiles_per_zoom.end(),
                  [](uint64_t n) { return n == 0; }))
    throw TilesInputError(inputs.front().geojson_path, "the layers hold no features to tile");
  write_notes(layers, options, report);
  const nlohmann::json metadata = archive_metadata(layers, options, report);
  sink.finish(out_path, archive_header(layers, options), metadata, report);
  return report;
}

}  // namespace hotspot::tiles
