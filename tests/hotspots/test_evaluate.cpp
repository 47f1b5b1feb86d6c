// Scores of drawn areas on months they never saw: PAI and RRI by hand, and the Essex June test
// the tasking issue asks for (fit January–May, the method chosen within them, scored on June).
#include <catch2/catch.hpp>
#include <cstdio>

#include "engine/core/civil_time.hpp"
#include "engine/hotspots/evaluate.hpp"
#include "tests/hotspots/essex_fixture.hpp"

using namespace hotspot;
using namespace hotspot::hotspots;

TEST_CASE("PAI and RRI of the hottest cells match a hand computation") {
  // 10 cells; the forecast's top 2 are cells 0 and 1 (cell 10 is outside the study area).
  const GridSpec spec{0, 0, 100, 11, 1};
  LayerPoints points;
  auto add = [&](int cell, int month, int count) {
    for (int k = 0; k < count; ++k) {
      points.x.push_back(cell * 100 + 50);
      points.y.push_back(50);
      points.month.push_back(month);
      points.cell.push_back(cell);
      points.weight.push_back(1);
    }
  };
  // Fit (month 0): 10, 5, 5 in cells 0..2; test (month 1): 4, 2, 8, 2, 2, 2 in cells 0..5.
  for (const auto& [cell, count] : {std::pair{0, 10}, {1, 5}, {2, 5}, {10, 50}})
    add(cell, 0, count);
  for (const auto& [cell, count] :
       {std::pair{0, 4}, {1, 2}, {2, 8}, {3, 2}, {4, 2}, {5, 2}, {10, 50}})
    add(cell, 1, count);
  std::vector<uint8_t> inside(11, 1);
  inside[10] = 0;
  const CellMonths all_crime;
  const PatrolAreaOptions areas;
  const BacktestInputs inputs{points, all_crime, spec, inside, 10, MonthRange{0, 0}, areas, 1};
  FitSurfaces fit(points, all_crime, spec, inside, MonthRange{0, 0});
  const Method counts = grid_counts_reference();
  fit.prepare({counts}, 1);
  const OriginScore score =
      score_top_cells(inputs, fit, counts, counts_per_cell(points, spec, MonthRange{1, 1}), 2);
  CHECK(score.cells == 2);
  CHECK(score.test_total == 20);
  CHECK(score.captured == 6);
  CHECK(score.fit_total == 20);
  CHECK(score.fit_captured == 15);
  MethodScore total;
  total.captured = score.captured;
  total.test_total = score.test_total;
  total.fit_captured = score.fit_captured;
  total.fit_total = score.fit_total;
  total.area_share_sum = 0.2;
  total.origins = 1;
  // PAI = (6/20) / (2/10) = 1.5; RRI = (6/15) / (20/20) = 0.4.
  CHECK(total.pai() == Approx(1.5));
  REQUIRE(total.rri());
  CHECK(*total.rri() == Approx(0.4));
}

TEST_CASE(
    "on Essex, June unseen: the patrol areas predict at least as well as grid counts and the KDE") {
  const auto essex = testing::load_essex();
  if (!essex) return;  // load_essex fails under CI when the data is missing
  const HotspotInputs inputs{
      essex->ingested.table,
      essex->wards,
      *essex->locator,
      MonthRange{civil_time::month_index(2018, 1), civil_time::month_index(2018, 5)},
      std::nullopt,
      DisclosurePolicy{},
      2,
      {}};
  const HotspotOptions options;
  const StudyGrid grid = make_study_grid(inputs, options);
  const MonthRange fit{civil_time::month_index(2018, 1), civil_time::month_index(2018, 5)};
  const MonthRange june{civil_time::month_index(2018, 6), civil_time::month_index(2018, 6)};
  const EvaluationResult result = evaluate(inputs, grid, default_layers(), options, fit, june);
  for (const std::string layer : {"burglary", "anti-social-behaviour", "night-time-violence"}) {
    const EvaluationRow *chosen = nullptr, *grid_counts = nullptr, *kde = nullptr;
    for (const EvaluationRow& row : result.rows) {
      if (row.layer != layer) continue;
      if (row.chosen) chosen = &row;
      if (row.reference && row.method == grid_counts_reference()) grid_counts = &row;
      if (row.reference && row.method == kde_reference()) kde = &row;
    }
    REQUIRE(chosen);
    REQUIRE(grid_counts);
    REQUIRE(kde);
    CAPTURE(layer, chosen->method.name(), chosen->pai, grid_counts->pai, kde->pai);
    // The references cover the same share of the area as the chosen method's patrol areas.
    CHECK(grid_counts->area_share == Approx(chosen->area_share));
    CHECK(chosen->pai >= std::max(grid_counts->pai, kde->pai));
  }
}
