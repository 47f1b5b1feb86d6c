// Cell outlines traced directly on the grid: every boundary edge of the cells is linked into
// rings in one pass, which is linear in the number of cells (GEOS's overlay union is not).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "engine/hotspots/polygons.hpp"

namespace hotspot::hotspots {

namespace {

// Directions of a boundary edge; the cell it bounds lies on its left.
enum Direction : uint8_t { kRight = 1, kUp = 2, kLeft = 4, kDown = 8 };

struct LocalGrid {
  int64_t column0 = 0, row0 = 0;   // grid cell of local cell (1, 1): a ring of padding surrounds
  int64_t width = 0, height = 0;   // local cells, padding included
  std::vector<int32_t> component;  // per local cell: component id, −1 for cells not given
};

LocalGrid label_cells(const GridSpec& spec, const std::vector<uint32_t>& cells) {
  LocalGrid local;
  const auto columns = static_cast<int64_t>(spec.columns);
  int64_t c0 = INT64_MAX, c1 = INT64_MIN, r0 = INT64_MAX, r1 = INT64_MIN;
  for (uint32_t cell : cells) {
    c0 = std::min<int64_t>(c0, cell % columns);
    c1 = std::max<int64_t>(c1, cell % columns);
    r0 = std::min<int64_t>(r0, cell / columns);
    r1 = std::max<int64_t>(r1, cell / columns);
  }
  local.column0 = c0;
  local.row0 = r0;
  local.width = c1 - c0 + 3;
  local.height = r1 - r0 + 3;
  local.component.assign(static_cast<size_t>(local.width * local.height),
                         -2);  // −2: given, unlabelled
  std::vector<uint8_t> given(local.component.size(), 0);
  for (uint32_t cell : cells)
    given[static_cast<size_t>((cell / columns - r0 + 1) * local.width +
                              (cell % columns - c0 + 1))] = 1;
  int32_t next_id = 0;
  std::vector<int64_t> stack;
  for (size_t start = 0; start < given.size(); ++start) {
    if (!given[start] || local.component[start] != -2) continue;
    stack.push_back(static_cast<int64_t>(start));
    local.component[start] = next_id;
    while (!stack.empty()) {
      const int64_t at = stack.back();
      stack.pop_back();
      for (int64_t step : {int64_t{1}, int64_t{-1}, local.width, -local.width}) {
        const auto next = static_cast<size_t>(at + step);  // padding keeps this inside
        if (given[next] && local.component[next] == -2) {
          local.component[next] = next_id;
          stack.push_back(at + step);
        }
      }
    }
    ++next_id;
  }
  for (size_t i = 0; i < given.size(); ++i)
    if (!given[i]) local.component[i] = -1;
  return local;
}

}  // namespace

AreaShape trace_cell_outlines(const GridSpec& spec, const std::vector<uint32_t>& cells) {
  if (cells.empty()) return {};
  const LocalGrid local = label_cells(spec, cells);
  const int64_t w = local.width, vertex_width = w + 1;
  auto inside = [&](int64_t x, int64_t y) {
    return local.component[static_cast<size_t>(y * w + x)] >= 0;
  };
  // Outgoing boundary edges per vertex (vertex (x, y) is the lower-left corner of local cell (x,
  // y)).
  std::vector<uint8_t> out(static_cast<size_t>(vertex_width * (local.height + 1)), 0);
  for (int64_t y = 1; y + 1 < local.height; ++y)
    for (int64_t x = 1; x + 1 < w; ++x) {
      if (!inside(x, y)) continue;
      if (!inside(x, y - 1)) out[static_cast<size_t>(y * vertex_width + x)] |= kRight;
      if (!inside(x + 1, y)) out[static_cast<size_t>(y * vertex_width + x + 1)] |= kUp;
      if (!inside(x, y + 1)) out[static_cast<size_t>((y + 1) * vertex_width + x + 1)] |= kLeft;
      if (!inside(x - 1, y)) out[static_cast<size_t>((y + 1) * vertex_width + x)] |= kDown;
    }
  auto step = [&](uint8_t d) -> std::pair<int64_t, int64_t> {
    return d == kRight  ? std::pair<int64_t, int64_t>{1, 0}
           : d == kUp   ? std::pair<int64_t, int64_t>{0, 1}
           : d == kLeft ? std::pair<int64_t, int64_t>{-1, 0}
                        : std::pair<int64_t, int64_t>{0, -1};
  };
  auto left_of = [](uint8_t d) { return static_cast<uint8_t>(d == kDown ? kRight : d << 1); };
  auto right_of = [](uint8_t d) { return static_cast<uint8_t>(d == kRight ? kDown : d >> 1); };
  // The cell on the left of an edge leaving vertex (x, y) in direction d.
  auto cell_left_of = [&](int64_t x, int64_t y, uint8_t d) {
    const int64_t cx = d == kRight || d == kDown ? x : x - 1;
    const int64_t cy = d == kRight || d == kUp ? y : y - 1;
    return local.component[static_cast<size_t>(cy * w + cx)];
  };
  struct TracedRing {
    int32_t component;
    Ring2 ring;
    double twice_area;
  };
  std::vector<TracedRing> rings;
  auto to_point = [&](int64_t vertex) -> std::array<double, 2> {
    return {spec.xmin + double(local.column0 - 1 + vertex % vertex_width) * spec.cell_size_m,
            spec.ymin + double(local.row0 - 1 + vertex / vertex_width) * spec.cell_size_m};
  };
  // A ring that passes a corner twice (a component wrapping round a hole that meets the outside
  // at one corner) is split there: OGC lets rings touch each other at a point, not themselves.
  auto emit = [&](int32_t component, const std::vector<int64_t>& corners) {
    std::vector<int64_t> stack;
    std::unordered_map<int64_t, size_t> position;  // per ring, only at corners: small
    auto close = [&](std::vector<int64_t> loop) {
      TracedRing traced{component, {}, 0};
      for (int64_t vertex : loop) traced.ring.push_back(to_point(vertex));
      traced.ring.push_back(traced.ring.front());
      for (size_t i = 0; i + 1 < traced.ring.size(); ++i)
        traced.twice_area +=
            traced.ring[i][0] * traced.ring[i + 1][1] - traced.ring[i + 1][0] * traced.ring[i][1];
      rings.push_back(std::move(traced));
    };
    for (int64_t vertex : corners) {
      const auto seen = position.find(vertex);
      if (seen == position.end()) {
        position[vertex] = stack.size();
        stack.push_back(vertex);
        continue;
      }
      std::vector<int64_t> loop(stack.begin() + static_cast<ptrdiff_t>(seen->second), stack.end());
      for (size_t k = seen->second + 1; k < stack.size(); ++k) position.erase(stack[k]);
      stack.resize(seen->second + 1);
      close(std::move(loop));
    }
    close(std::move(stack));
  };
  for (size_t v = 0; v < out.size(); ++v) {
    while (out[v]) {
      const int64_t start_x = static_cast<int64_t>(v) % vertex_width,
                    start_y = static_cast<int64_t>(v) / vertex_width;
      const auto start_direction = static_cast<uint8_t>(out[v] & -out[v]);
      const int32_t component = cell_left_of(start_x, start_y, start_direction);
      std::vector<int64_t> corners;
      int64_t x = start_x, y = start_y;
      uint8_t d = start_direction;
      out[v] &= static_cast<uint8_t>(~d);
      while (true) {
        x += step(d).first;
        y += step(d).second;
        const size_t at = static_cast<size_t>(y * vertex_width + x);
        const uint8_t available =
            static_cast<uint8_t>(out[at] | (x == start_x && y == start_y ? start_direction : 0));
        // Left turn first: at a corner where two cells meet diagonally the ring keeps to its own
        // cell, so areas are 4-connected.
        uint8_t next = 0;
        for (uint8_t candidate : {left_of(d), d, right_of(d)})
          if (available & candidate) {
            next = candidate;
            break;
          }
        if (next != d) corners.push_back(static_cast<int64_t>(at));
        if (x == start_x && y == start_y && next == start_direction) break;
        out[at] &= static_cast<uint8_t>(~next);
        d = next;
      }
      emit(component, corners);
    }
  }
  // One outer ring (counter-clockwise) per component, then its holes (clockwise).
  int32_t components = 0;
  for (const auto& r : rings) components = std::max(components, r.component + 1);
  AreaShape shape(static_cast<size_t>(components));
  for (auto& r : rings) {
    auto& part = shape[static_cast<size_t>(r.component)].rings;
    if (r.twice_area > 0)
      part.insert(part.begin(), std::move(r.ring));
    else
      part.push_back(std::move(r.ring));
  }
  return shape;
}

}  // namespace hotspot::hotspots
