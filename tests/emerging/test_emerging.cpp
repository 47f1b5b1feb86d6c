// Emerging hot spots end to end on a small made-up town: a steady background, a surge in the
// last three months at one place and a burst in the final month at another. The surge must come
// out as consecutive, the burst as new, both as places for the briefing; too few steps must be
// refused in words.
#include <catch2/catch.hpp>
#include <random>

#include "engine/core/civil_time.hpp"
#include "engine/emerging/emerging.hpp"
#include "engine/emerging/writers.hpp"

using namespace hotspot;
using namespace hotspot::emerging;

namespace {

struct Town {
  WardSet wards;
  GridSpec grid{500000, 200000, 100, 20, 20};
  std::vector<uint8_t> inside = std::vector<uint8_t>(400, 1);
  std::vector<int32_t> cell_wards = std::vector<int32_t>(400, 0);
  IncidentTable incidents;
  DisclosurePolicy disclosure;
};

void add(Town& town, int column, int row, int month_index, int count) {
  const CategoryId burglary = town.incidents.category_id("burglary");
  for (int k = 0; k < count; ++k) {
    const int64_t time_s =
        civil_time::to_seconds(month_index / 12, month_index % 12 + 1, 1, 0, 0, 0);
    town.incidents.push_back(town.grid.centre_x(column) + 10 * (k % 3),
                             town.grid.centre_y(row) - 10 * (k % 2), burglary, time_s,
                             TimePrecision::month);
    town.incidents.ward.push_back(0);
  }
}

Town make_town(int months) {
  Town town;
  town.wards.code = {"X05000001"};
  town.wards.name = {"Hillside"};
  town.wards.population = {5000};
  std::mt19937 random(4);
  std::poisson_distribution<int> background(0.5);
  const int first = civil_time::month_index(2025, 1);
  for (int m = 0; m < months; ++m)
    for (int row = 0; row < 20; ++row)
      for (int column = 0; column < 20; ++column)
        add(town, column, row, first + m, background(random));
  for (int m = months - 3; m < months; ++m) add(town, 15, 15, first + m, 12);  // the surge
  add(town, 4, 4, first + months - 1, 25);                                     // the burst
  return town;
}

EmergingResult run(const Town& town, int months) {
  const int first = civil_time::month_index(2025, 1);
  const EmergingInputs inputs{town.incidents,  town.wards,
                              town.grid,       town.inside,
                              town.cell_wards, MonthRange{first, first + months - 1},
                              "EPSG:27700",    town.disclosure};
  EmergingOptions options;
  options.cells_per_side = 1;
  LayerDefinition burglary{"burglary", "Burglary", {"burglary"}, {}, {}, {}, {}, {}};
  return analyse_emerging(inputs, {burglary}, options);
}

const EmergingCell* cell_at(const EmergingLayer& layer, int column, int row) {
  for (const EmergingCell& cell : layer.cells)
    if (cell.column == column && cell.row == row) return &cell;
  return nullptr;
}

}  // namespace

TEST_CASE("a surge in the last three months is consecutive, a burst in the last month new") {
  const Town town = make_town(14);
  const EmergingResult result = run(town, 14);
  REQUIRE(result.steps.count == 14);
  CHECK(result.steps.unit == StepUnit::months);
  REQUIRE(result.layers.size() == 1);
  const EmergingLayer& layer = result.layers[0];
  REQUIRE(layer.classified);
  const EmergingCell* surge = cell_at(layer, 15, 15);
  REQUIRE(surge);
  CHECK(surge->pattern == Pattern::consecutive_hot);
  CHECK(surge->hot_steps == 3);
  CHECK(surge->final_incidents >= 12);
  const EmergingCell* burst = cell_at(layer, 4, 4);
  REQUIRE(burst);
  CHECK(burst->pattern == Pattern::new_hot);
  // Far from both, the background alone: no hot pattern.
  const EmergingCell* quiet = cell_at(layer, 9, 9);
  CHECK((quiet == nullptr || !is_hot(quiet->pattern)));
  // Both places reach the briefing list, the burst first (more incidents in the final month).
  REQUIRE(result.places.size() >= 2);
  CHECK(result.places[0].pattern == Pattern::new_hot);
  CHECK(result.places[0].ward_name == "Hillside");
  CHECK(result.places[0].x_m == Approx(town.grid.centre_x(4)).margin(150));
  CHECK(result.places[1].pattern == Pattern::consecutive_hot);
  CHECK(describe_place(result.places[0], result.final_step).find("new hot spot in Hillside") !=
        std::string::npos);
  CHECK(result.final_step == "2026-02");
}

TEST_CASE("fewer than ten steps are not classified, and the result says why") {
  const Town town = make_town(6);
  const EmergingResult result = run(town, 6);
  REQUIRE(result.layers.size() == 1);
  CHECK_FALSE(result.layers[0].classified);
  CHECK(result.layers[0].note.find("6 time steps (month each)") != std::string::npos);
  CHECK(result.layers[0].cells.empty());
  CHECK(result.places.empty());
}

TEST_CASE("in public mode a pattern resting on fewer than the minimum incidents is left out") {
  Town town = make_town(14);
  town.disclosure.public_output = true;
  town.disclosure.minimum_count = 1000;  // more than any neighbourhood holds
  const EmergingResult result = run(town, 14);
  const EmergingLayer& layer = result.layers[0];
  for (const EmergingCell& cell : layer.cells)
    if (is_hot(cell.pattern)) CHECK_FALSE(cell.published);
  CHECK(layer.withheld_cells > 0);
  CHECK(result.places.empty());
}
