// Per-zoom cutting of features into tile pieces; see tile_cutter.hpp.
#include "tiles/tile_cutter.hpp"

#include <algorithm>
#include <cmath>

#include "tiles/pmtiles.hpp"

namespace hotspot::tiles {

// A hole this small (twice its area in tile units², i.e. under 1 px² at 512 px) may be left
// out where rounding makes it touch another ring: it then shows filled, within rounding.
constexpr double kTinyHoleTwiceArea = 2 * 64;
// Repairs per tile before the cut counts as not simple (staircase outlines need hundreds).
constexpr int kMaxRepairsPerTile = 1024;

TileCutter::TileCutter(const std::vector<LayerData>& layers, CutSettings settings,
                       uint32_t arena_number)
    : layers_(layers),
      settings_(settings),
      arena_number_(arena_number),
      scale_(std::ldexp(static_cast<double>(kTileExtent), static_cast<int>(settings.zoom))),
      tiles_per_side_(int64_t{1} << settings.zoom) {}

TileCutter::TileRange TileCutter::tiles_touching(double min_x, double min_y, double max_x,
                                                 double max_y) const {
  const double buffer = settings_.buffer_tile_units, extent = kTileExtent;
  auto clamp = [&](double value) {
    return std::clamp(static_cast<int64_t>(std::floor(value / extent)), int64_t{0},
                      tiles_per_side_ - 1);
  };
  return {clamp(min_x - buffer), clamp(min_y - buffer), clamp(max_x + buffer),
          clamp(max_y + buffer)};
}

void TileCutter::add_piece(std::vector<Piece>& pieces, int64_t tile_x, int64_t tile_y,
                           uint32_t layer, uint32_t feature, GeometryKind kind, uint64_t offset,
                           uint64_t end) {
  Piece piece;
  piece.tile_x = static_cast<uint32_t>(tile_x);
  piece.tile_y = static_cast<uint32_t>(tile_y);
  piece.tile_id = zxy_to_tile_id(settings_.zoom, piece.tile_x, piece.tile_y);
  piece.layer = layer;
  piece.feature = feature;
  piece.arena = arena_number_;
  piece.offset = offset;
  piece.count = static_cast<uint32_t>(end - offset);
  piece.kind = kind;
  pieces.push_back(piece);
}

void TileCutter::cut(uint32_t layer_number, uint32_t feature_number, std::vector<Piece>& pieces,
                     std::vector<uint32_t>& arena, CutCounters& counters) {
  const LayerData& layer = layers_[layer_number];
  const Feature& feature = layer.features[feature_number];
  if (feature.kind == GeometryKind::point) return;  // points live in a PointStore
  // Douglas-Peucker and rounding to the grid can fold a ring onto itself or make parts touch.
  // Then re-cut less simplified, down to no simplification at all: never a shape that is not
  // the feature's own (no bounding box, no part left out), so decoders see only its area.
  const double t = settings_.tolerance_tile_units;
  const double tolerances[] = {t, t / 4, 0};
  const size_t pieces_before = pieces.size(), arena_before = arena.size();
  uint64_t rings_dropped = 0;  // counted for the attempt that is kept
  touching_rings_dropped_ = &rings_dropped;
  bool emitted = false;
  for (size_t attempt = 0; attempt < std::size(tolerances); ++attempt) {
    if (feature.kind == GeometryKind::line && attempt > 0) break;  // lines need no validity
    pieces.resize(pieces_before);
    arena.resize(arena_before);
    rings_dropped = 0;
    bool simple = true;
    emitted = cut_at(layer, feature, layer_number, feature_number, tolerances[attempt], pieces,
                     arena, simple);
    if (simple) {
      if (attempt > 0) ++counters.less_simplified;
      break;
    }
    if (attempt + 1 == std::size(tolerances))
      ++counters.invalid_after_rounding;  // kept unsimplified, and said
  }
  counters.touching_rings_dropped += rings_dropped;
  if (emitted) return;
  if (feature.kind == GeometryKind::line) {
    ++counters.zero_length_lines_dropped;
    return;
  }
  // The polygon is smaller than the tile grid at this zoom: keep it visible as a 1-unit square.
  const double centre_x = (feature.min_x + feature.max_x) / 2 * scale_;
  const double centre_y = (feature.min_y + feature.max_y) / 2 * scale_;
  auto tile_of = [&](double global) {
    return std::clamp(static_cast<int64_t>(std::floor(global / kTileExtent)), int64_t{0},
                      tiles_per_side_ - 1);
  };
  const int64_t tile_x = tile_of(centre_x), tile_y = tile_of(centre_y);
  const int64_t origin_x = tile_x * kTileExtent, origin_y = tile_y * kTileExtent;
  const int32_t x = static_cast<int32_t>(
      std::clamp<int64_t>(std::llround(centre_x) - origin_x, 0, kTileExtent - 2));
  const int32_t y = static_cast<int32_t>(
      std::clamp<int64_t>(std::llround(centre_y) - origin_y, 0, kTileExtent - 2));
  const int32_t square[8] = {x, y, x + 1, y, x + 1, y + 1, x, y + 1};
  const uint64_t offset = arena.size();
  commands_ = GeometryCommands{0, 0, &arena};
  commands_.ring(square, 4);
  add_piece(pieces, tile_x, tile_y, layer_number, feature_number, feature.kind, offset,
            arena.size());
  ++counters.tiny_polygons_kept;
}

bool TileCutter::cut_at(const LayerData& layer, const Feature& feature, uint32_t layer_number,
                        uint32_t feature_number, double tolerance, std::vector<Piece>& pieces,
                        std::vector<uint32_t>& arena, bool& simple) {
  if (!simplify_parts(layer, feature, tolerance)) return false;
  double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
  for (uint32_t p = 0; p < part_count_; ++p) {
    min_x = std::min(min_x, part_bounds_[p].min_x);
    min_y = std::min(min_y, part_bounds_[p].min_y);
    max_x = std::max(max_x, part_bounds_[p].max_x);
    max_y = std::max(max_y, part_bounds_[p].max_y);
  }
  bool emitted = false;
  const TileRange range = tiles_touching(min_x, min_y, max_x, max_y);
  for (int64_t ty = range.min_y; ty <= range.max_y; ++ty) {
    for (int64_t tx = range.min_x; tx <= range.max_x; ++tx) {
      const uint64_t offset = arena.size();
      TileCut result = TileCut::empty;
      if (feature.kind == GeometryKind::polygon)
        result = cut_polygon_tile(tx, ty, arena);
      else if (cut_line_tile(tx, ty, arena))
        result = TileCut::simple;
      if (result == TileCut::empty) continue;
      if (result == TileCut::not_simple) simple = false;
      add_piece(pieces, tx, ty, layer_number, feature_number, feature.kind, offset, arena.size());
      emitted = true;
    }
  }
  return emitted;
}

// Simplifies every ring once per zoom (so neighbouring tiles share the same simplified edges).
// Returns false when nothing with area or length survives.
bool TileCutter::simplify_parts(const LayerData& layer, const Feature& feature, double tolerance) {
  const bool polygon = feature.kind == GeometryKind::polygon;
  part_count_ = 0;
  for (uint32_t part = feature.first_part; part < feature.first_part + feature.part_count; ++part) {
    if (parts_.size() <= part_count_) {
      parts_.emplace_back();
      part_bounds_.emplace_back();
    }
    RingSet& out = parts_[part_count_];
    out.clear();
    Rectangle bounds{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (uint32_t ring = layer.part_starts[part]; ring < layer.part_starts[part + 1]; ++ring) {
      const bool exterior = ring == layer.part_starts[part];
      const uint32_t first = layer.ring_starts[ring], count = layer.ring_starts[ring + 1] - first;
      xs_.resize(count);
      ys_.resize(count);
      for (uint32_t i = 0; i < count; ++i) {
        xs_[i] = layer.xs[first + i] * scale_;
        ys_[i] = layer.ys[first + i] * scale_;
      }
      kept_.clear();
      simplifier_.simplify(xs_.data(), ys_.data(), count, tolerance, polygon, kept_);
      const size_t ring_start = out.points.size();
      for (uint32_t index : kept_) out.points.push_back({xs_[index], ys_[index]});
      const uint32_t kept_count = static_cast<uint32_t>(out.points.size() - ring_start);
      const bool usable =
          polygon
              ? kept_count >= 3 &&
                    (twice_signed_area(out.points.data() + ring_start, kept_count) > 0) == exterior
              : kept_count >= 2;
      if (!usable) {
        out.points.resize(ring_start);
        if (exterior) break;  // a vanished exterior takes its holes with it
        continue;
      }
      for (size_t i = ring_start; i < out.points.size(); ++i) {
        bounds.min_x = std::min(bounds.min_x, out.points[i].x);
        bounds.max_x = std::max(bounds.max_x, out.points[i].x);
        bounds.min_y = std::min(bounds.min_y, out.points[i].y);
        bounds.max_y = std::max(bounds.max_y, out.points[i].y);
      }
      out.close_ring(exterior);
    }
    if (out.ring_count() == 0) continue;
    part_bounds_[part_count_] = bounds;
    ++part_count_;
  }
  return part_count_ > 0;
}

namespace {
double integer_twice_area(const int32_t* xy, size_t count) {
  double sum = 0;
  for (size_t i = 0, j = count - 1; i < count; j = i++)
    sum += static_cast<double>(xy[2 * j]) * xy[2 * i + 1] -
           static_cast<double>(xy[2 * i]) * xy[2 * j + 1];
  return sum;
}

// True when b lies on the line through a and c (so it adds no area, or is a spike).
bool collinear(const int32_t* a, const int32_t* b, const int32_t* c) {
  return static_cast<int64_t>(b[0] - a[0]) * (c[1] - a[1]) ==
         static_cast<int64_t>(b[1] - a[1]) * (c[0] - a[0]);
}
}  // namespace

// Rounds to the tile grid and cleans the result: repeated points go, and for rings every point
// on a straight line through its neighbours (including spikes that rounding folds onto a tile
// edge, which would make the ring self-overlap). Returns false when fewer than 3 (ring) or
// 2 (line) points remain.
bool TileCutter::quantise_ring(const Point* points, uint32_t count, int64_t origin_x,
                               int64_t origin_y, bool closed) {
  quantised_.clear();
  // A vertex just inside the clip rectangle must not round onto its edge: the ring would then
  // touch its own closing edge there (a self-touching ring). Nudge it one unit inwards.
  const double low = -settings_.buffer_tile_units, high = kTileExtent + settings_.buffer_tile_units;
  auto to_grid = [&](double global, int64_t origin) {
    const double local = global - static_cast<double>(origin);
    int64_t rounded = std::llround(global) - origin;
    if (closed && local > low && rounded <= low) rounded = static_cast<int64_t>(low) + 1;
    if (closed && local < high && rounded >= high) rounded = static_cast<int64_t>(high) - 1;
    return static_cast<int32_t>(rounded);
  };
  for (uint32_t i = 0; i < count; ++i) {
    const int32_t xy[2] = {to_grid(points[i].x, origin_x), to_grid(points[i].y, origin_y)};
    size_t size = quantised_.size();
    if (size >= 2 && quantised_[size - 2] == xy[0] && quantised_[size - 1] == xy[1]) continue;
    while (closed && size >= 4 && collinear(&quantised_[size - 4], &quantised_[size - 2], xy)) {
      quantised_.resize(size - 2);
      size -= 2;
    }
    if (size >= 2 && quantised_[size - 2] == xy[0] && quantised_[size - 1] == xy[1]) continue;
    quantised_.push_back(xy[0]);
    quantised_.push_back(xy[1]);
  }
  if (!closed) return quantised_.size() >= 4;
  // The seam: the last points may be collinear with the first ones, or repeat the first.
  for (bool changed = true; changed && quantised_.size() >= 6;) {
    changed = false;
    const size_t n = quantised_.size();
    const int32_t* first = &quantised_[0];
    if ((first[0] == quantised_[n - 2] && first[1] == quantised_[n - 1]) ||
        collinear(&quantised_[n - 4], &quantised_[n - 2], first)) {
      quantised_.resize(n - 2);
      changed = true;
    } else if (collinear(&quantised_[n - 2], first, &quantised_[2])) {
      quantised_.erase(quantised_.begin(), quantised_.begin() + 2);
      changed = true;
    }
  }
  return quantised_.size() >= 6;
}

// The tile's square in world tile units, widened by the buffer on every side.
Rectangle TileCutter::buffered_tile(int64_t tile_x, int64_t tile_y) const {
  const double extent = kTileExtent, buffer = settings_.buffer_tile_units;
  return Rectangle{static_cast<double>(tile_x) * extent - buffer,
                   static_cast<double>(tile_y) * extent - buffer,
                   static_cast<double>(tile_x + 1) * extent + buffer,
                   static_cast<double>(tile_y + 1) * extent + buffer};
}

TileCutter::TileCut TileCutter::cut_polygon_tile(int64_t tile_x, int64_t tile_y,
                                                 std::vector<uint32_t>& arena) {
  const int64_t origin_x = tile_x * kTileExtent, origin_y = tile_y * kTileExtent;
  const Rectangle rectangle = buffered_tile(tile_x, tile_y);
  clipped_.clear();
  for (uint32_t p = 0; p < part_count_; ++p) {
    const Rectangle& bounds = part_bounds_[p];
    if (bounds.max_x < rectangle.min_x || bounds.min_x > rectangle.max_x ||
        bounds.max_y < rectangle.min_y || bounds.min_y > rectangle.max_y)
      continue;
    if (rectangle.contains({bounds.min_x, bounds.min_y}) &&
        rectangle.contains({bounds.max_x, bounds.max_y})) {
      clipped_.points.insert(clipped_.points.end(), parts_[p].points.begin(),
                             parts_[p].points.end());
      for (uint32_t r = 0; r < parts_[p].ring_count(); ++r)
        clipped_.close_ring(parts_[p].exterior[r] != 0);
      continue;
    }
    clipper_.clip(parts_[p], rectangle, clipped_);
  }
  piece_xy_.clear();
  piece_starts_.assign(1, 0);
  piece_exterior_.clear();
  bool exterior_kept = false;
  for (uint32_t r = 0; r < clipped_.ring_count(); ++r) {
    const bool exterior = clipped_.exterior[r] != 0;
    if (!exterior && !exterior_kept) continue;
    const uint32_t count = clipped_.starts[r + 1] - clipped_.starts[r];
    bool keep =
        quantise_ring(clipped_.points.data() + clipped_.starts[r], count, origin_x, origin_y, true);
    if (keep) {
      const double twice_area = integer_twice_area(quantised_.data(), quantised_.size() / 2);
      keep = exterior ? twice_area > 0 : twice_area < 0;  // rounding may collapse or flip slivers
    }
    if (exterior) exterior_kept = keep;
    if (!keep) continue;
    piece_xy_.insert(piece_xy_.end(), quantised_.begin(), quantised_.end());
    piece_starts_.push_back(static_cast<uint32_t>(piece_xy_.size() / 2));
    piece_exterior_.push_back(exterior ? 1 : 0);
  }
  // Rounding can make an island or hole touch another ring (drop the smaller of the two) or
  // pinch a ring onto itself (drop the vertex whose removal changes the area least).
  TileCut result = TileCut::simple;
  for (int repairs = 0;; ++repairs) {
    const RingConflict conflict = find_ring_conflict(piece_xy_, piece_starts_);
    if (conflict.ring_a < 0) break;
    if (repairs == kMaxRepairsPerTile) {
      result = TileCut::not_simple;
      break;
    }
    ++*touching_rings_dropped_;
    if (conflict.ring_a == conflict.ring_b) {
      drop_pinching_vertex(static_cast<uint32_t>(conflict.ring_a), conflict.edge_a,
                           conflict.edge_b);
      continue;
    }
    auto area_of = [&](int32_t ring) {
      return std::fabs(integer_twice_area(piece_xy_.data() + 2 * piece_starts_[ring],
                                          piece_starts_[ring + 1] - piece_starts_[ring]));
    };
    const bool a_smaller = area_of(conflict.ring_a) < area_of(conflict.ring_b);
    const int32_t smaller = a_smaller ? conflict.ring_a : conflict.ring_b;
    const int32_t smaller_edge = a_smaller ? conflict.edge_a : conflict.edge_b;
    // An island can always go (less area); a hole only when tiny, since without it its area
    // would be drawn: otherwise move the hole's edge off the contact by dropping a vertex.
    if (piece_exterior_[static_cast<size_t>(smaller)] || area_of(smaller) <= kTinyHoleTwiceArea)
      drop_ring_and_holes(static_cast<uint32_t>(smaller));
    else
      drop_pinching_vertex(static_cast<uint32_t>(smaller), smaller_edge, smaller_edge);
  }
  if (piece_exterior_.empty()) return TileCut::empty;
  commands_ = GeometryCommands{0, 0, &arena};
  for (uint32_t r = 0; r + 1 < piece_starts_.size(); ++r)
    commands_.ring(piece_xy_.data() + 2 * piece_starts_[r],
                   piece_starts_[r + 1] - piece_starts_[r]);
  return result;
}

void TileCutter::drop_pinching_vertex(uint32_t ring, int32_t edge_a, int32_t edge_b) {
  const uint32_t first = piece_starts_[ring], count = piece_starts_[ring + 1] - first;
  const int32_t* xy = piece_xy_.data() + 2 * first;
  auto cost = [&](uint32_t v) {  // area of the triangle the vertex forms with its neighbours
    const uint32_t before = (v + count - 1) % count, after = (v + 1) % count;
    const int32_t corners[6] = {xy[2 * before], xy[2 * before + 1], xy[2 * v],
                                xy[2 * v + 1],  xy[2 * after],      xy[2 * after + 1]};
    return std::fabs(integer_twice_area(corners, 3));
  };
  const uint32_t candidates[4] = {
      static_cast<uint32_t>(edge_a), (static_cast<uint32_t>(edge_a) + 1) % count,
      static_cast<uint32_t>(edge_b), (static_cast<uint32_t>(edge_b) + 1) % count};
  uint32_t cheapest = candidates[0];
  for (uint32_t v : candidates)
    if (cost(v) < cost(cheapest)) cheapest = v;
  if (count <= 3) {
    drop_ring_and_holes(ring);
    return;
  }
  const auto at = piece_xy_.begin() + 2 * (first + cheapest);
  piece_xy_.erase(at, at + 2);
  for (size_t r = ring + 1; r < piece_starts_.size(); ++r) piece_starts_[r] -= 1;
}

void TileCutter::drop_ring_and_holes(uint32_t ring) {
  repaired_xy_.clear();
  repaired_starts_.assign(1, 0);
  repaired_exterior_.clear();
  bool dropping = false;
  for (uint32_t r = 0; r + 1 < piece_starts_.size(); ++r) {
    if (r == ring) {
      dropping = piece_exterior_[r] != 0;  // a dropped exterior takes its holes along
      continue;
    }
    if (piece_exterior_[r]) dropping = false;
    if (dropping) continue;
    repaired_xy_.insert(repaired_xy_.end(), piece_xy_.begin() + 2 * piece_starts_[r],
                        piece_xy_.begin() + 2 * piece_starts_[r + 1]);
    repaired_starts_.push_back(static_cast<uint32_t>(repaired_xy_.size() / 2));
    repaired_exterior_.push_back(piece_exterior_[r]);
  }
  std::swap(piece_xy_, repaired_xy_);
  std::swap(piece_starts_, repaired_starts_);
  std::swap(piece_exterior_, repaired_exterior_);
}

bool TileCutter::cut_line_tile(int64_t tile_x, int64_t tile_y, std::vector<uint32_t>& arena) {
  const int64_t origin_x = tile_x * kTileExtent, origin_y = tile_y * kTileExtent;
  const Rectangle rectangle = buffered_tile(tile_x, tile_y);
  clipped_.clear();
  for (uint32_t p = 0; p < part_count_; ++p) {
    const RingSet& part = parts_[p];
    clip_line(part.points.data(), part.starts[1], rectangle, clipped_);
  }
  commands_ = GeometryCommands{0, 0, &arena};
  const uint64_t start = arena.size();
  for (uint32_t r = 0; r < clipped_.ring_count(); ++r) {
    const uint32_t count = clipped_.starts[r + 1] - clipped_.starts[r];
    if (!quantise_ring(clipped_.points.data() + clipped_.starts[r], count, origin_x, origin_y,
                       false))
      continue;
    commands_.line(quantised_.data(), static_cast<uint32_t>(quantised_.size() / 2));
  }
  return arena.size() > start;
}

}  // namespace hotspot::tiles
