// Density classes, contiguous hot cells and their dissolved polygons.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "engine/hotspots/classes.hpp"
#include "engine/hotspots/polygons.hpp"

using namespace hotspot;
using namespace hotspot::hotspots;

TEST_CASE("class thresholds follow each documented rule on hand-computed cells") {
  DensityGrid grid;
  grid.spec = GridSpec{0, 0, 1, 5, 2};
  // Non-zero in-area cells: 1, 2, 3, 4, 5, 6, 7 → mean 4, population SD 2.
  grid.density_per_km2 = {0, 1, 2, 3, 4, 5, 6, 7, 0, DensityGrid::kNoData};
  const Thresholds sd = class_thresholds(grid, ThresholdRule::mean_sd, {1, 2, 3});
  CHECK(sd.mean_nonzero == Approx(4));
  CHECK(sd.sd_nonzero == Approx(2));
  CHECK(sd.density_per_km2[0] == Approx(6));
  CHECK(sd.density_per_km2[2] == Approx(10));
  const Thresholds multiple = class_thresholds(grid, ThresholdRule::mean_multiple, {1, 1.5, 3});
  CHECK(multiple.density_per_km2[1] == Approx(6));
  // Top 30% of the 9 in-area cells = the 3 hottest: threshold 5.
  const Thresholds top = class_thresholds(grid, ThresholdRule::top_percent, {30, 20, 10});
  CHECK(top.density_per_km2[0] == 5);
  CHECK(top.density_per_km2[2] == 7);
  const std::vector<uint8_t> classes = classify(grid, sd);
  CHECK(classes == std::vector<uint8_t>{0, 0, 0, 0, 0, 0, 1, 1, 0, 0});
}

TEST_CASE("hot cells that share an edge form one area and diagonal neighbours do not") {
  const GridSpec spec{0, 0, 1, 4, 3};
  // Row 0: X X . .   Row 1: . . X .   Row 2: . . X X
  std::vector<uint8_t> classes = {1, 1, 0, 0, 0, 0, 2, 0, 0, 0, 3, 1};
  const auto components = hot_components(spec, classes);
  REQUIRE(components.size() == 2);
  CHECK(components[0] == std::vector<uint32_t>{0, 1});
  CHECK(components[1] == std::vector<uint32_t>{6, 10, 11});
}

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
    std::vector<uint8_t> classes(spec.cell_count(), 0);
    for (uint32_t cell : cells) classes[cell] = 1;
    CHECK(traced.size() == hot_components(spec, classes).size());
  }
}
