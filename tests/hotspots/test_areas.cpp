// Hot cells dissolved into polygons: the grid tracer against GEOS.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "engine/hotspots/polygons.hpp"

using namespace hotspot;
using namespace hotspot::hotspots;

namespace {

// Groups of cells joined through shared edges (4-neighbours), by flood fill.
size_t edge_connected_groups(const GridSpec& spec, const std::vector<uint32_t>& cells) {
  std::vector<uint8_t> hot(spec.cell_count(), 0), seen(spec.cell_count(), 0);
  for (uint32_t cell : cells) hot[cell] = 1;
  size_t groups = 0;
  for (uint32_t start : cells) {
    if (seen[start]) continue;
    ++groups;
    std::vector<uint32_t> stack{start};
    seen[start] = 1;
    while (!stack.empty()) {
      const uint32_t cell = stack.back();
      stack.pop_back();
      const auto column = static_cast<int32_t>(cell % static_cast<uint32_t>(spec.columns));
      const auto row = static_cast<int32_t>(cell / static_cast<uint32_t>(spec.columns));
      for (const auto& [c, r] :
           {std::pair{column - 1, row}, {column + 1, row}, {column, row - 1}, {column, row + 1}}) {
        if (c < 0 || r < 0 || c >= spec.columns || r >= spec.rows) continue;
        const auto next = static_cast<uint32_t>(spec.index(c, r));
        if (hot[next] && !seen[next]) {
          seen[next] = 1;
          stack.push_back(next);
        }
      }
    }
  }
  return groups;
}

}  // namespace

TEST_CASE("a ring of hot cells dissolves into one valid polygon with its hole") {
  const GridSpec spec{1000, 2000, 10, 5, 5};
  std::vector<uint32_t> cells;
  for (int32_t row = 1; row <= 3; ++row)
    for (int32_t column = 1; column <= 3; ++column)
      if (!(row == 2 && column == 2))
        cells.push_back(static_cast<uint32_t>(spec.index(column, row)));
  const AreaShape shape = cells_to_polygons(spec, cells);
  REQUIRE(shape.size() == 1);
  REQUIRE(shape[0].rings.size() == 2);
  CHECK(shape[0].rings[0].size() == 5);  // a square: 4 corners + closing point
  CHECK(shape[0].rings[1].size() == 5);
  CHECK(shape_area_m2(shape) == Approx(800));
  CHECK(is_valid_shape(shape));
}

TEST_CASE("a U whose tips touch at a corner stays valid: the hole touches the shell at one point") {
  const GridSpec spec{0, 0, 1, 4, 4};
  // Row 3: X X X .  Row 2: X . X .  Row 1: X X . .  → enclosed cell (1,2) touches the gap at (2,1)
  std::vector<uint32_t> cells = {
      static_cast<uint32_t>(spec.index(0, 1)), static_cast<uint32_t>(spec.index(1, 1)),
      static_cast<uint32_t>(spec.index(0, 2)), static_cast<uint32_t>(spec.index(2, 2)),
      static_cast<uint32_t>(spec.index(0, 3)), static_cast<uint32_t>(spec.index(1, 3)),
      static_cast<uint32_t>(spec.index(2, 3))};
  const AreaShape shape = cells_to_polygons(spec, cells);
  CHECK(is_valid_shape(shape));
  CHECK(shape_area_m2(shape) == Approx(7));
}

TEST_CASE("outer rings run counter-clockwise and holes clockwise") {
  const GridSpec spec{0, 0, 1, 3, 3};
  std::vector<uint32_t> cells = {0, 1, 2, 3, 5, 6, 7, 8};
  const AreaShape shape = cells_to_polygons(spec, cells);
  REQUIRE(shape.size() == 1);
  auto orientation = [](const Ring2& ring) {
    double twice = 0;
    for (size_t i = 0; i + 1 < ring.size(); ++i)
      twice += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    return twice;
  };
  CHECK(orientation(shape[0].rings[0]) > 0);
  CHECK(orientation(shape[0].rings[1]) < 0);
}

TEST_CASE(
    "traced outlines are valid and cover exactly the region GEOS dissolves, on random cells") {
  std::mt19937 random(17);
  for (int trial = 0; trial < 200; ++trial) {
    const GridSpec spec{530000.0, 180000.0, 25.0, 3 + trial % 9, 2 + trial % 7};
    std::bernoulli_distribution hot(0.3 + 0.4 * (trial % 3) / 2.0);
    std::vector<uint32_t> cells;
    for (uint32_t i = 0; i < spec.cell_count(); ++i)
      if (hot(random)) cells.push_back(i);
    if (cells.empty()) continue;
    CAPTURE(trial, cells);
    const AreaShape traced = trace_cell_outlines(spec, cells);
    CHECK(is_valid_shape(traced));
    CHECK(shape_area_m2(traced) == Approx(double(cells.size()) * 625.0));
    CHECK(same_region(traced, cells_to_polygons_geos(spec, cells)));
    // One part per 4-connected group of cells.
    CHECK(traced.size() == edge_connected_groups(spec, cells));
  }
}
