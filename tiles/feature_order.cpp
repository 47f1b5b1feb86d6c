// Spatial ordering of a layer's features: tiles are assembled in Hilbert order, so features
// stored in that order are read nearly sequentially (points: ~2x fewer cache misses).
#include <algorithm>
#include <numeric>

#include "tiles/feature_store.hpp"
#include "tiles/pmtiles.hpp"

namespace hotspot::tiles {

void append_feature_geometry(const LayerData& from, Feature& feature, LayerData& to) {
  const uint32_t first_part = static_cast<uint32_t>(to.part_starts.size() - 1);
  for (uint32_t part = feature.first_part; part < feature.first_part + feature.part_count; ++part) {
    for (uint32_t ring = from.part_starts[part]; ring < from.part_starts[part + 1]; ++ring) {
      const auto begin = static_cast<std::ptrdiff_t>(from.ring_starts[ring]);
      const auto end = static_cast<std::ptrdiff_t>(from.ring_starts[ring + 1]);
      to.xs.insert(to.xs.end(), from.xs.begin() + begin, from.xs.begin() + end);
      to.ys.insert(to.ys.end(), from.ys.begin() + begin, from.ys.begin() + end);
      to.ring_starts.push_back(static_cast<uint32_t>(to.xs.size()));
    }
    to.part_starts.push_back(static_cast<uint32_t>(to.ring_starts.size() - 1));
  }
  feature.first_part = first_part;
}

namespace {

// Puts values[order[k]] at k for every k, in place (following the permutation's cycles), and
// leaves `order` the identity: a layer of 1.7 million labels is not copied whole to reorder it.
template <typename T>
void permute_in_place(std::vector<T>& values, std::vector<uint32_t>& order) {
  for (uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    T carried = std::move(values[start]);
    uint32_t at = start;
    for (;;) {
      const uint32_t from = order[at];
      order[at] = at;
      if (from == start) {
        values[at] = std::move(carried);
        break;
      }
      values[at] = std::move(values[from]);
      at = from;
    }
  }
}

}  // namespace

void order_features_spatially(LayerData& layer) {
  constexpr uint32_t kZoom = 16;
  const double side = 1 << kZoom;
  std::vector<uint64_t> keys(layer.features.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const Feature& f = layer.features[i];
    auto cell = [&](double world) {
      return static_cast<uint32_t>(std::clamp(world * side, 0.0, side - 1));
    };
    keys[i] = zxy_to_tile_id(kZoom, cell((f.min_x + f.max_x) / 2), cell((f.min_y + f.max_y) / 2));
  }
  std::vector<uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  std::vector<uint64_t>().swap(keys);

  // A layer of points only: take_points moves every vertex out into a point store, so only the
  // features (and their tags, read feature by feature in tile order) are worth reordering.
  const bool points_only =
      std::all_of(layer.features.begin(), layer.features.end(),
                  [](const Feature& f) { return f.kind == GeometryKind::point; });
  if (points_only) {
    std::vector<uint32_t> tags;
    tags.reserve(layer.tags.size());
    for (uint32_t index : order) {
      Feature& feature = layer.features[index];
      const uint32_t first_tag = static_cast<uint32_t>(tags.size());
      tags.insert(tags.end(), layer.tags.begin() + feature.first_tag,
                  layer.tags.begin() + feature.first_tag + 2 * feature.tag_count);
      feature.first_tag = first_tag;
    }
    layer.tags = std::move(tags);
    permute_in_place(layer.features, order);
    return;
  }

  LayerData sorted;
  sorted.xs.reserve(layer.xs.size());
  sorted.ys.reserve(layer.ys.size());
  sorted.tags.reserve(layer.tags.size());
  sorted.features.reserve(layer.features.size());
  for (uint32_t index : order) {
    Feature feature = layer.features[index];
    append_feature_geometry(layer, feature, sorted);
    const uint32_t first_tag = static_cast<uint32_t>(sorted.tags.size());
    sorted.tags.insert(sorted.tags.end(), layer.tags.begin() + feature.first_tag,
                       layer.tags.begin() + feature.first_tag + 2 * feature.tag_count);
    feature.first_tag = first_tag;
    sorted.features.push_back(feature);
  }
  layer.xs = std::move(sorted.xs);
  layer.ys = std::move(sorted.ys);
  layer.ring_starts = std::move(sorted.ring_starts);
  layer.part_starts = std::move(sorted.part_starts);
  layer.tags = std::move(sorted.tags);
  layer.features = std::move(sorted.features);
}

}  // namespace hotspot::tiles
