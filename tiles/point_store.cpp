// Point stores: building them (from GeoJSON features or columns), sorting along the Z-order
// curve, and finding the points of a tile or of a tile's buffered square; see point_store.hpp.
#include "tiles/point_store.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <protozero/pbf_writer.hpp>
#include <string>
#include <unordered_map>

#include "tiles/mvt_encoder.hpp"
#include "tiles/parallel.hpp"
#include "tiles/tiles.hpp"

namespace hotspot::tiles {

namespace {

// LSD radix sort of (code, feature) pairs on the code bits that vary, 11 bits a pass. Stable,
// so equal codes keep input order. Hand-written: std::stable_sort is ~4x slower on 10M pairs.
void sort_points(std::vector<uint64_t>& codes, std::vector<uint32_t>& features) {
  const size_t n = codes.size();
  if (n < 2) return;
  uint64_t varying = 0;
  for (uint64_t code : codes) varying |= code ^ codes[0];
  std::vector<uint64_t> code_buffer(n);
  std::vector<uint32_t> feature_buffer(n);
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  std::vector<size_t> counts(kBuckets);
  for (int shift = 0; shift < 64; shift += kBits) {
    if (((varying >> shift) & (kBuckets - 1)) == 0) continue;
    std::fill(counts.begin(), counts.end(), 0);
    for (uint64_t code : codes) ++counts[(code >> shift) & (kBuckets - 1)];
    size_t total = 0;
    for (size_t& count : counts) total += std::exchange(count, total);
    for (size_t i = 0; i < n; ++i) {
      const size_t at = counts[(codes[i] >> shift) & (kBuckets - 1)]++;
      code_buffer[at] = codes[i];
      feature_buffer[at] = features[i];
    }
    codes.swap(code_buffer);
    features.swap(feature_buffer);
  }
}

// A half-open rectangle in 32-bit global coordinates (int64 so the world's edge fits).
struct GlobalRect {
  int64_t min_x, min_y, max_x, max_y;
};

GlobalRect buffered_tile_rect(uint32_t zoom, uint32_t tile_x, uint32_t tile_y, uint32_t buffer) {
  // Tile units u = g >> (20 - zoom) (or g << (zoom - 20)); the square is u in [-buffer, 4096 +
  // buffer).
  auto to_global = [&](int64_t units) -> int64_t {
    if (zoom <= 20) return units * (int64_t{1} << (20 - zoom));
    const int64_t step = int64_t{1} << (zoom - 20);
    return units >= 0 ? (units + step - 1) / step : -((-units) / step);  // ceiling division
  };
  const int64_t world = int64_t{1} << 32;
  auto clamp = [&](int64_t g) { return std::clamp<int64_t>(g, 0, world); };
  const int64_t x0 = int64_t{tile_x} * 4096, y0 = int64_t{tile_y} * 4096, b = buffer;
  return {clamp(to_global(x0 - b)), clamp(to_global(y0 - b)), clamp(to_global(x0 + 4096 + b)),
          clamp(to_global(y0 + 4096 + b))};
}

void add_run(std::vector<std::pair<uint64_t, uint64_t>>& runs, uint64_t begin, uint64_t end) {
  if (begin == end) return;
  if (!runs.empty() && runs.back().second == begin)
    runs.back().second = end;
  else
    runs.emplace_back(begin, end);
}

// Appends the runs of points inside `rect` among codes [begin, end), all inside the quadtree
// cell `base` (its code with the low bits zero) at `level` (side 2^(32 - level)).
void descend(const uint64_t* codes, uint64_t begin, uint64_t end, uint64_t base, int level,
             const GlobalRect& rect, std::vector<std::pair<uint64_t, uint64_t>>& runs) {
  if (begin == end) return;
  const int64_t side = int64_t{1} << (32 - level);
  const int64_t x0 = morton_x(base), y0 = morton_y(base);
  if (x0 >= rect.max_x || y0 >= rect.max_y || x0 + side <= rect.min_x || y0 + side <= rect.min_y)
    return;
  if (x0 >= rect.min_x && y0 >= rect.min_y && x0 + side <= rect.max_x && y0 + side <= rect.max_y) {
    add_run(runs, begin, end);
    return;
  }
  if (end - begin <= 32 || level == 32) {
    for (uint64_t i = begin; i < end; ++i) {
      const int64_t x = morton_x(codes[i]), y = morton_y(codes[i]);
      if (x >= rect.min_x && x < rect.max_x && y >= rect.min_y && y < rect.max_y)
        add_run(runs, i, i + 1);
    }
    return;
  }
  const int child_shift = 62 - 2 * level;
  uint64_t child_begin = begin;
  for (uint64_t child = 0; child < 4; ++child) {
    const uint64_t child_base = base | (child << child_shift);
    const uint64_t child_end =
        child == 3 ? end
                   : static_cast<uint64_t>(std::lower_bound(codes + child_begin, codes + end,
                                                            base | ((child + 1) << child_shift)) -
                                           codes);
    descend(codes, child_begin, child_end, child_base, level + 1, rect, runs);
    child_begin = child_end;
  }
}

// Codes [begin, end) of the tile (x, y) at `zoom`, found by binary search.
std::pair<uint64_t, uint64_t> tile_range(const PointStore& store, uint32_t zoom, uint32_t x,
                                         uint32_t y) {
  if (zoom == 0) return {0, store.size()};
  const int shift = 64 - 2 * static_cast<int>(zoom);
  const uint64_t first = morton_code(x << (32 - zoom), y << (32 - zoom));
  const uint64_t last = first | ((uint64_t{1} << shift) - 1);
  const auto begin = std::lower_bound(store.codes.begin(), store.codes.end(), first);
  const auto end = std::upper_bound(begin, store.codes.end(), last);
  return {static_cast<uint64_t>(begin - store.codes.begin()),
          static_cast<uint64_t>(end - store.codes.begin())};
}

uint64_t tile_base(uint32_t zoom, uint32_t x, uint32_t y) {
  return zoom == 0 ? 0 : morton_code(x << (32 - zoom), y << (32 - zoom));
}

}  // namespace

void points_near_tile(const PointStore& store, uint32_t zoom, uint32_t tile_x, uint32_t tile_y,
                      uint32_t buffer, std::vector<std::pair<uint64_t, uint64_t>>& runs) {
  runs.clear();
  const GlobalRect rect = buffered_tile_rect(zoom, tile_x, tile_y, buffer);
  const uint32_t last = zoom == 0 ? 0 : (uint32_t{1} << zoom) - 1;
  // The 3x3 block of tiles around this one, in code order so that the runs come out sorted.
  std::pair<uint64_t, uint64_t> block[9];
  int count = 0;
  for (int64_t dy = -1; dy <= 1; ++dy)
    for (int64_t dx = -1; dx <= 1; ++dx) {
      const int64_t x = int64_t{tile_x} + dx, y = int64_t{tile_y} + dy;
      if (x < 0 || y < 0 || x > last || y > last) continue;
      block[count++] = {tile_base(zoom, static_cast<uint32_t>(x), static_cast<uint32_t>(y)),
                        static_cast<uint64_t>(y) << 32 | static_cast<uint64_t>(x)};
    }
  for (int i = 1; i < count;
       ++i)  // insertion sort: nine entries (std::sort trips GCC 12's -Warray-bounds)
    for (int j = i; j > 0 && block[j] < block[j - 1]; --j) std::swap(block[j], block[j - 1]);
  for (int i = 0; i < count; ++i) {
    const auto x = static_cast<uint32_t>(block[i].second),
               y = static_cast<uint32_t>(block[i].second >> 32);
    const auto [begin, end] = tile_range(store, zoom, x, y);
    descend(store.codes.data(), begin, end, block[i].first, static_cast<int>(zoom), rect, runs);
  }
}

std::vector<PointTile> point_tiles(const PointStore& store, uint32_t zoom, uint32_t buffer) {
  std::vector<PointTile> tiles;
  const uint64_t n = store.size();
  const uint64_t* codes = store.codes.data();
  const int shift = 64 - 2 * static_cast<int>(zoom);
  for (uint64_t begin = 0; begin < n;) {
    const uint64_t prefix = zoom == 0 ? 0 : codes[begin] >> shift;
    uint64_t end = n;
    if (zoom > 0 && prefix + 1 < (uint64_t{1} << (2 * zoom)))
      end = static_cast<uint64_t>(
          std::lower_bound(codes + begin, codes + n, (prefix + 1) << shift) - codes);
    const uint32_t x = zoom == 0 ? 0 : morton_x(codes[begin]) >> (32 - zoom);
    const uint32_t y = zoom == 0 ? 0 : morton_y(codes[begin]) >> (32 - zoom);
    tiles.push_back({x, y, begin, end});
    begin = end;
  }
  // Tiles with no points of their own but some within their buffer.
  const size_t own = tiles.size();
  const uint32_t last = zoom == 0 ? 0 : (uint32_t{1} << zoom) - 1;
  std::vector<std::pair<uint64_t, uint64_t>> runs;
  std::vector<std::pair<uint32_t, uint32_t>> extra;
  auto has_own_points = [&](uint32_t x, uint32_t y) {
    const uint64_t base = tile_base(zoom, x, y);
    const auto found = std::lower_bound(
        tiles.begin(), tiles.begin() + static_cast<std::ptrdiff_t>(own), base,
        [&](const PointTile& t, uint64_t b) { return tile_base(zoom, t.x, t.y) < b; });
    return found != tiles.begin() + static_cast<std::ptrdiff_t>(own) && found->x == x &&
           found->y == y;
  };
  for (size_t t = 0; t < own; ++t) {
    const PointTile tile = tiles[t];
    for (int64_t dy = -1; dy <= 1; ++dy)
      for (int64_t dx = -1; dx <= 1; ++dx) {
        const int64_t x = int64_t{tile.x} + dx, y = int64_t{tile.y} + dy;
        if ((dx == 0 && dy == 0) || x < 0 || y < 0 || x > last || y > last) continue;
        const auto nx = static_cast<uint32_t>(x), ny = static_cast<uint32_t>(y);
        if (has_own_points(nx, ny)) continue;
        runs.clear();
        descend(codes, tile.begin, tile.end, tile_base(zoom, tile.x, tile.y),
                static_cast<int>(zoom), buffered_tile_rect(zoom, nx, ny, buffer), runs);
        if (!runs.empty()) extra.emplace_back(nx, ny);
      }
  }
  std::sort(extra.begin(), extra.end());
  extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
  for (const auto& [x, y] : extra) tiles.push_back({x, y, 0, 0});
  return tiles;
}

std::vector<PointStore> take_points(LayerData& layer, uint32_t layer_number, int max_zoom) {
  std::vector<PointStore> stores;  // by first zoom, ascending
  auto store_from = [&](int first_zoom) -> PointStore& {
    auto at = std::lower_bound(stores.begin(), stores.end(), first_zoom,
                               [](const PointStore& s, int zoom) { return s.min_zoom < zoom; });
    if (at == stores.end() || at->min_zoom != first_zoom) {
      at = stores.insert(at, PointStore{});
      at->layer = layer_number;
      at->min_zoom = first_zoom;
    }
    return *at;
  };
  LayerData kept;  // the geometry of everything that is not a point
  kept.xs.reserve(layer.xs.size());
  kept.ys.reserve(layer.ys.size());
  for (uint32_t f = 0; f < layer.features.size(); ++f) {
    Feature& feature = layer.features[f];
    const uint32_t first_vertex = layer.ring_starts[layer.part_starts[feature.first_part]];
    const uint32_t end_vertex =
        layer.ring_starts[layer.part_starts[feature.first_part + feature.part_count]];
    if (feature.kind == GeometryKind::point) {
      PointStore& store = store_from(std::max(layer.min_zoom, first_zoom_of(feature, max_zoom)));
      for (uint32_t v = first_vertex; v < end_vertex; ++v) {
        store.codes.push_back(
            morton_code(world_to_global(layer.xs[v]), world_to_global(layer.ys[v])));
        store.features.push_back(f);
      }
      feature.first_part = static_cast<uint32_t>(kept.part_starts.size() - 1);
      feature.part_count = 0;
      continue;
    }
    append_feature_geometry(layer, feature, kept);
  }
  layer.xs = std::move(kept.xs);
  layer.ys = std::move(kept.ys);
  layer.ring_starts = std::move(kept.ring_starts);
  layer.part_starts = std::move(kept.part_starts);
  for (PointStore& store : stores) sort_points(store.codes, store.features);
  return stores;
}

LayerData point_layer_from_columns(PointLayerInput& input, uint32_t layer_number, int threads,
                                   PointStore& store) {
  const size_t n = input.longitudes_deg.size();
  auto fail = [&](const std::string& reason) {
    throw TilesInputError("", "point layer '" + input.name + "': " + reason);
  };
  if (input.latitudes_deg.size() != n) fail("longitudes and latitudes differ in length");
  // Mixed-radix code of each point's property values: one layer feature per distinct code.
  std::vector<int64_t> lowest(input.properties.size()), strides(input.properties.size());
  uint64_t combinations = 1;
  for (size_t p = 0; p < input.properties.size(); ++p) {
    const PointProperty& property = input.properties[p];
    if (property.values.size() != n)
      fail("property '" + property.key + "' has a value count unlike the points'");
    int64_t low =
        property.kind == PointProperty::Kind::string ? -1 : std::numeric_limits<int32_t>::max();
    // Integers start from an empty range (high below low): starting high at low (INT32_MAX) made
    // every integer property span 2^31 values, and 300 categories passed the 2^40 limit.
    int64_t high = property.kind == PointProperty::Kind::string
                       ? static_cast<int64_t>(property.labels.size()) - 1
                       : std::numeric_limits<int32_t>::min();
    if (property.kind == PointProperty::Kind::integer)
      for (int32_t value : property.values) {
        low = std::min<int64_t>(low, value);
        high = std::max<int64_t>(high, value);
      }
    if (n == 0 || high < low) low = high = 0;
    lowest[p] = low;
    strides[p] = static_cast<int64_t>(combinations);
    const uint64_t span = static_cast<uint64_t>(high - low + 1);
    if (combinations > (uint64_t{1} << 40) / span)
      fail("too many distinct property combinations (over 2^40)");
    combinations *= span;
  }
  LayerData layer;
  layer.name = input.name;
  layer.has_points = true;
  layer.min_zoom = store.min_zoom = input.min_zoom;
  store.layer = layer_number;
  store.codes.resize(n);
  // Positions first (in parallel; placed by index, so the thread count changes nothing).
  std::vector<uint8_t> skipped(n, 0);
  parallel_for(threads, n, 65536, [&](size_t i, uint32_t) {
    const double longitude = input.longitudes_deg[i], latitude = input.latitudes_deg[i];
    if (std::isnan(longitude) || std::isnan(latitude)) {
      skipped[i] = 1;
      return;
    }
    if (!std::isfinite(longitude) || !std::isfinite(latitude) || std::fabs(latitude) > 90.0 ||
        std::fabs(longitude) > 360.0)
      fail("point " + std::to_string(i + 1) + " is not WGS84 longitude/latitude");
    store.codes[i] = morton_code(world_to_global(longitude_to_world_x(longitude)),
                                 world_to_global(latitude_to_world_y(latitude)));
  });
  std::vector<double>().swap(input.longitudes_deg);
  std::vector<double>().swap(input.latitudes_deg);
  // Made only now, with the positions freed: on 10M incidents the two were 200 MB at once.
  store.features.resize(n);
  // Attributes: the combination code of each point → its feature, in order of first use.
  std::unordered_map<uint64_t, uint32_t> feature_of;
  std::vector<uint32_t> dense(combinations <= (uint64_t{1} << 22) ? combinations : 0, UINT32_MAX);
  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) {
    if (skipped[i]) {
      ++layer.skipped_null_geometry;
      continue;
    }
    uint64_t combination = 0;
    for (size_t p = 0; p < input.properties.size(); ++p)
      combination += static_cast<uint64_t>(input.properties[p].values[i] - lowest[p]) *
                     static_cast<uint64_t>(strides[p]);
    uint32_t* slot = nullptr;
    if (!dense.empty())
      slot = &dense[combination];
    else
      slot = &feature_of.try_emplace(combination, UINT32_MAX).first->second;
    if (*slot == UINT32_MAX) {
      *slot = static_cast<uint32_t>(layer.features.size());
      Feature feature;
      feature.kind = GeometryKind::point;
      feature.first_tag = static_cast<uint32_t>(layer.tags.size());
      for (const PointProperty& property : input.properties) {
        const int32_t value = property.values[i];
        const bool text = property.kind == PointProperty::Kind::string;
        if (text && (value < 0 || static_cast<size_t>(value) >= property.labels.size())) {
          if (value < 0) continue;  // absent
          fail("property '" + property.key + "' of point " + std::to_string(i + 1) +
               " has no label");
        }
        const uint32_t key = layer.intern_key(property.key);
        layer.key_types[key] = text ? "String" : "Number";
        layer.tags.push_back(key);
        layer.tags.push_back(layer.intern_value(
            text ? encode_string_value(property.labels[static_cast<size_t>(value)])
                 : encode_integer_value(value)));
      }
      feature.tag_count = static_cast<uint32_t>(layer.tags.size() - feature.first_tag) / 2;
      feature.min_x = feature.min_y = 2.0;
      feature.max_x = feature.max_y = -1.0;
      layer.features.push_back(feature);
    }
    Feature& feature = layer.features[*slot];
    const double x = morton_x(store.codes[i]) / 4294967296.0,
                 y = morton_y(store.codes[i]) / 4294967296.0;
    feature.min_x = std::min(feature.min_x, x);
    feature.max_x = std::max(feature.max_x, x);
    feature.min_y = std::min(feature.min_y, y);
    feature.max_y = std::max(feature.max_y, y);
    store.codes[kept] = store.codes[i];
    store.features[kept] = *slot;
    ++kept;
  }
  store.codes.resize(kept);
  store.features.resize(kept);
  store.codes.shrink_to_fit();
  store.features.shrink_to_fit();
  std::vector<PointProperty>().swap(input.properties);
  sort_points(store.codes, store.features);
  return layer;
}

}  // namespace hotspot::tiles
