// Patrol areas from a forecast: the budget, cells a short walk apart as one area, a large hot
// region split at its saddle, small areas grown, and every cell in at most one area — checked on
// hand-made grids and against a brute force on random ones.
#include <catch2/catch.hpp>
#include <numeric>
#include <random>
#include <set>

#include "engine/hotspots/patrol_areas.hpp"

using namespace hotspot;
using namespace hotspot::hotspots;

namespace {

struct Grid {
  GridSpec spec{0, 0, 100, 20, 20};
  std::vector<float> expected = std::vector<float>(400, 0);
  std::vector<uint8_t> inside = std::vector<uint8_t>(400, 1);
  void set(int column, int row, float value) { expected[spec.index(column, row)] = value; }
  uint32_t cell(int column, int row) const {
    return static_cast<uint32_t>(spec.index(column, row));
  }
};

PatrolAreaOptions options_with(double budget_share, double link_m, double max_km2, int min_cells) {
  PatrolAreaOptions options;
  options.budget_share = budget_share;
  options.link_distance_m = link_m;
  options.max_area_km2 = max_km2;
  options.min_cells = min_cells;
  options.minimum_incidents = 0;
  return options;
}

}  // namespace

TEST_CASE("the hottest cells fill the budget and no cell is in two areas") {
  Grid grid;
  std::mt19937_64 random(3);
  std::uniform_real_distribution<float> value(0, 1);
  for (float& v : grid.expected) v = value(random) < 0.3f ? value(random) : 0.0f;
  const auto areas = build_patrol_areas(grid.spec, grid.expected, grid.expected, grid.inside, 400,
                                        options_with(0.05, 100, 1, 1));
  std::set<uint32_t> used;
  size_t cells = 0;
  for (const auto& area : areas) {
    cells += area.cells.size();
    for (uint32_t cell : area.cells) CHECK(used.insert(cell).second);
  }
  CHECK(cells == 20);  // 5% of 400 cells
  // Brute force: with min_cells 1 the areas hold exactly the 20 hottest cells.
  std::vector<uint32_t> order(400);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return grid.expected[a] != grid.expected[b] ? grid.expected[a] > grid.expected[b] : a < b;
  });
  CHECK(used == std::set<uint32_t>(order.begin(), order.begin() + 20));
  // Ranked by expected incidents.
  for (size_t a = 1; a < areas.size(); ++a) CHECK(areas[a - 1].expected >= areas[a].expected);
}

TEST_CASE("hot cells a short walk apart are one area, further apart they are two") {
  Grid grid;
  grid.set(2, 2, 5);
  grid.set(5, 2, 4);    // 300 m from the first
  grid.set(15, 15, 3);  // far away
  SECTION("linked within 400 m") {
    const auto areas = build_patrol_areas(grid.spec, grid.expected, grid.expected, grid.inside, 400,
                                          options_with(3.0 / 400, 400, 1, 1));
    REQUIRE(areas.size() == 2);
    CHECK(areas[0].cells == std::vector<uint32_t>{grid.cell(2, 2), grid.cell(5, 2)});
    CHECK(areas[0].expected == Approx(9));
    CHECK(areas[1].cells == std::vector<uint32_t>{grid.cell(15, 15)});
  }
  SECTION("not linked within 200 m") {
    const auto areas = build_patrol_areas(grid.spec, grid.expected, grid.expected, grid.inside, 400,
                                          options_with(3.0 / 400, 200, 1, 1));
    CHECK(areas.size() == 3);
  }
}

TEST_CASE(
    "a hot region larger than a patrol area is split at its saddle, every cell counted once") {
  Grid grid;
  // Two peaks along a row joined by a dip: 9 8 7 3 7 8 9 (columns 2..8).
  const float row[] = {9, 8, 7, 3, 7, 8, 9};
  for (int c = 0; c < 7; ++c) grid.set(2 + c, 5, row[c]);
  SECTION("a 4-cell maximum splits it into its two hills") {
    const auto areas = build_patrol_areas(grid.spec, grid.expected, grid.expected, grid.inside, 400,
                                          options_with(7.0 / 400, 100, 0.04, 1));
    REQUIRE(areas.size() == 2);
    CHECK(areas[0].cells.size() + areas[1].cells.size() == 7);
    // Each hill keeps its own peak; the saddle cell joins one of them, not both.
    CHECK(std::set<uint32_t>(areas[0].cells.begin(), areas[0].cells.end()).count(grid.cell(2, 5)) +
              std::set<uint32_t>(areas[1].cells.begin(), areas[1].cells.end())
                  .count(grid.cell(2, 5)) ==
          1);
    CHECK(areas[0].peak == 9);
    CHECK(areas[1].peak == 9);
  }
  SECTION("room for the whole ridge keeps it one area when the dip is shallow") {
    for (int c = 0; c < 7; ++c) grid.set(2 + c, 5, c == 3 ? 8.5f : row[c]);
    const auto areas = build_patrol_areas(grid.spec, grid.expected, grid.expected, grid.inside, 400,
                                          options_with(7.0 / 400, 100, 1, 1));
    CHECK(areas.size() == 1);
  }
  SECTION("a deep dip keeps the hills apart even with room") {
    const auto areas = build_patrol_areas(grid.spec, grid.expected, grid.expected, grid.inside, 400,
                                          options_with(7.0 / 400, 100, 1, 1));
    CHECK(areas.size() == 2);
  }
}

TEST_CASE("an area smaller than the minimum grows by its hottest neighbours") {
  Grid grid;
  grid.set(10, 10, 9);
  grid.set(11, 10, 2);
  grid.set(10, 11, 1);
  grid.set(9, 9, 0.5f);
  const auto areas = build_patrol_areas(grid.spec, grid.expected, grid.expected, grid.inside, 400,
                                        options_with(3.0 / 400, 100, 1, 3));
  REQUIRE(areas.size() == 1);
  CHECK(areas[0].cells ==
        std::vector<uint32_t>{grid.cell(10, 10), grid.cell(11, 10), grid.cell(10, 11)});
}

TEST_CASE("a small area grows only into the study area, whatever the forecast outside it") {
  Grid grid;
  grid.set(10, 10, 9);
  grid.set(11, 10, 5);  // outside the study area: never in an area, though hotter than (10, 11)
  grid.set(10, 11, 1);
  grid.inside[grid.cell(11, 10)] = 0;
  const auto areas = build_patrol_areas(grid.spec, grid.expected, grid.expected, grid.inside, 399,
                                        options_with(1.0 / 399, 100, 1, 2));
  REQUIRE(areas.size() == 1);
  CHECK(areas[0].cells == std::vector<uint32_t>{grid.cell(10, 10), grid.cell(10, 11)});
}

TEST_CASE("areas with too few observed incidents give their budget to the next cells") {
  Grid grid;
  grid.set(1, 1, 9);  // a forecast with nothing observed: dropped
  grid.set(10, 10, 5);
  grid.set(15, 15, 4);
  std::vector<float> observed(400, 0);
  observed[grid.cell(10, 10)] = 3;
  observed[grid.cell(15, 15)] = 3;
  PatrolAreaOptions options = options_with(2.0 / 400, 100, 1, 1);
  options.minimum_incidents = 3;
  const auto areas =
      build_patrol_areas(grid.spec, grid.expected, observed, grid.inside, 400, options);
  REQUIRE(areas.size() == 2);
  CHECK(areas[0].cells == std::vector<uint32_t>{grid.cell(10, 10)});
  CHECK(areas[1].cells == std::vector<uint32_t>{grid.cell(15, 15)});
}

TEST_CASE("the link offsets are the cells whose centres lie within the distance") {
  const auto offsets = link_offsets(200, 100);
  // The 8 neighbours plus the 4 cells two steps away along the axes (√5·100 > 200 is out).
  CHECK(offsets.size() == 12);
  CHECK(link_offsets(50, 100).size() == 8);  // always the touching cells
}
