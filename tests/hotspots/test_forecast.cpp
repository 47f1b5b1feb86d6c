// The forecasts the backtest compares, against hand computations: grid counts per month,
// recency weights, the all-crime prior, blends, and the backtest choosing the method that
// predicts better on data made so that one does.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <stdexcept>

#include "engine/density/kde.hpp"
#include "engine/hotspots/area_stats.hpp"
#include "engine/hotspots/backtest.hpp"
#include "engine/hotspots/forecast.hpp"

using namespace hotspot;
using namespace hotspot::hotspots;

namespace {

const GridSpec kSpec{0, 0, 100, 10, 10};

// A point of weight 1 in `spec`'s cell under (x, y).
void add(LayerPoints& points, const GridSpec& spec, double x, double y, int32_t month) {
  points.x.push_back(x);
  points.y.push_back(y);
  points.month.push_back(month);
  points.cell.push_back(cell_of(spec, x, y));
  points.weight.push_back(1);
}

void add(LayerPoints& points, double x, double y, int32_t month) {
  add(points, kSpec, x, y, month);
}

}  // namespace

TEST_CASE(
    "grid counts are incidents per fit month per cell, recency weights halve with the half-life") {
  LayerPoints points;
  add(points, 50, 50, 0);   // cell 0, month 0
  add(points, 50, 50, 1);   // cell 0, month 1
  add(points, 150, 50, 1);  // cell 1, month 1
  const CellMonths all_crime;
  const std::vector<uint8_t> inside(100, 1);
  FitSurfaces fit(points, all_crime, kSpec, inside, MonthRange{0, 1});
  const Method counts{Method::Kind::grid_counts, 0, 0, 0, 0};
  const Method recent{Method::Kind::grid_counts, 0, 1, 0, 0};
  fit.prepare({counts, recent}, 1);
  const auto plain = fit.expected(counts);
  CHECK(plain[0] == Approx(1.0));  // 2 incidents over 2 months
  CHECK(plain[1] == Approx(0.5));
  // Half-life 1 month: weights 0.5 (month 0) and 1 (month 1), normalised by 1.5.
  const auto weighted = fit.expected(recent);
  CHECK(weighted[0] == Approx((0.5 + 1) / 1.5));
  CHECK(weighted[1] == Approx(1 / 1.5));
  CHECK(fit.observed()[0] == 2);
}

TEST_CASE("the all-crime prior adds the cell's monthly count of every incident") {
  LayerPoints points;
  add(points, 50, 50, 0);
  CellMonths all_crime;
  for (int k = 0; k < 4; ++k) {  // four incidents of any kind in cell 5, month 0
    all_crime.cell.push_back(5);
    all_crime.month.push_back(0);
  }
  const std::vector<uint8_t> inside(100, 1);
  FitSurfaces fit(points, all_crime, kSpec, inside, MonthRange{0, 0});
  const Method prior{Method::Kind::grid_counts, 0, 0, 0, 0.25};
  fit.prepare({prior}, 1);
  const auto expected = fit.expected(prior);
  CHECK(expected[0] == Approx(1.0));
  CHECK(expected[5] == Approx(0.25 * 4));
}

TEST_CASE("a blend is the stated mix of grid counts and the KDE, and cells outside are zero") {
  LayerPoints points;
  add(points, 450, 450, 0);
  const CellMonths all_crime;
  std::vector<uint8_t> inside(100, 1);
  inside[0] = 0;
  FitSurfaces fit(points, all_crime, kSpec, inside, MonthRange{0, 0});
  const Method kde{Method::Kind::kde, 250, 0, 1, 0};
  const Method blend{Method::Kind::blend, 250, 0, 0.25, 0};
  fit.prepare({kde, blend}, 1);
  const auto smooth = fit.expected(kde), mixed = fit.expected(blend);
  const size_t centre = kSpec.index(4, 4), beside = kSpec.index(5, 4);
  CHECK(mixed[centre] == Approx(0.75 * 1 + 0.25 * smooth[centre]));
  CHECK(mixed[beside] == Approx(0.25 * smooth[beside]));
  CHECK(smooth[0] == 0);
  double total = 0;
  for (float v : smooth) total += v;
  CHECK(total == Approx(1).epsilon(0.05));  // one incident a month, nearly all inside the grid
}

TEST_CASE("the backtest chooses the method that predicts the unseen months, and says why") {
  // Incidents return to the same 8 cells every month (grid counts predict them), over a
  // background scattered anew each month (which a smooth surface spreads over).
  LayerPoints points;
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> anywhere(0, 1000);
  for (int32_t month = 0; month < 6; ++month) {
    for (int k = 0; k < 8; ++k)
      for (int repeat = 0; repeat < 3; ++repeat) add(points, 50 + 100 * k, 750, month);
    for (int k = 0; k < 20; ++k) add(points, anywhere(random), anywhere(random), month);
  }
  CellMonths all_crime;
  const std::vector<uint8_t> inside(100, 1);
  PatrolAreaOptions areas;
  areas.budget_share = 0.08;
  areas.link_distance_m = 100;
  areas.min_cells = 1;
  areas.minimum_incidents = 1;
  const BacktestInputs inputs{points, all_crime, kSpec, inside, 100, MonthRange{0, 5}, areas, 2};
  const std::vector<Method> candidates = {{Method::Kind::kde, 600, 0, 1, 0},
                                          {Method::Kind::grid_counts, 0, 0, 0, 0}};
  const BacktestResult result = backtest(inputs, candidates, candidates[0]);
  REQUIRE(result.ran);
  CHECK(result.origins.size() == 4);
  CHECK(result.origins.front().fit.to_month == 1);  // fit on 2 months, test on the third
  CHECK(result.scores[result.chosen].method == candidates[1]);
  CHECK(result.scores[1].captured > result.scores[0].captured);
  CHECK(result.note.find("captured the most") != std::string::npos);
  // The references come last, at the chosen method's share.
  REQUIRE(result.scores.size() == 4);
  CHECK(result.scores[2].reference);
  CHECK(result.scores[2].area_share() == Approx(result.scores[1].area_share()));
  SECTION("the same on one thread") {
    BacktestInputs single = inputs;
    single.threads = 1;
    const BacktestResult again = backtest(single, candidates, candidates[0]);
    CHECK(again.chosen == result.chosen);
    CHECK(again.scores[0].captured == result.scores[0].captured);
  }
}

TEST_CASE("with fewer than three months the default method is used and the note says why") {
  LayerPoints points;
  add(points, 50, 50, 0);
  add(points, 50, 50, 1);
  const CellMonths all_crime;
  const std::vector<uint8_t> inside(100, 1);
  const PatrolAreaOptions areas;
  const BacktestInputs inputs{points, all_crime, kSpec, inside, 100, MonthRange{0, 1}, areas, 1};
  const Method fallback{Method::Kind::grid_counts, 0, 0, 0, 0.3};
  const BacktestResult result = backtest(inputs, candidate_methods(), fallback);
  CHECK_FALSE(result.ran);
  CHECK(result.scores[result.chosen].method == fallback);
  CHECK(result.note.find("too few to backtest") != std::string::npos);
}

TEST_CASE("rolling origins fit on at least two months and test the last four") {
  const auto origins = rolling_origins(MonthRange{100, 111});
  REQUIRE(origins.size() == 4);
  CHECK(origins.front().test_month == 108);
  CHECK(origins.front().fit.from_month == 100);
  CHECK(origins.back().fit.to_month == 110);
  CHECK(rolling_origins(MonthRange{0, 2}).size() == 1);
  CHECK(rolling_origins(MonthRange{0, 1}).empty());
}

TEST_CASE("areas report the layer's own incidents a month whatever the prior adds to the score") {
  // The layer: 6 incidents over two months in cells 0 and 1 (3 a month); all crime: 40 in cell 5.
  LayerPoints points;
  for (int k = 0; k < 3; ++k) add(points, 50, 50, 0);   // cell 0, month 0
  for (int k = 0; k < 3; ++k) add(points, 150, 50, 1);  // cell 1, month 1
  add(points, 50, 50, 1);  // then moved off the grid: not in the layer's total
  points.cell.back() = -1;
  CellMonths all_crime;
  for (int k = 0; k < 40; ++k) {
    all_crime.cell.push_back(5);
    all_crime.month.push_back(k % 2);
  }
  const std::vector<uint8_t> inside(100, 1);
  const MonthRange fit_months{0, 1};
  FitSurfaces fit(points, all_crime, kSpec, inside, fit_months);
  const Method prior{Method::Kind::grid_counts, 0, 0, 0, 0.3};
  fit.prepare({prior}, 1);
  const auto surface = fit.expected(prior);
  // Surface per month: cells 0 and 1 hold 1.5 each, cell 5 holds 0.3 × 20 = 6: total 9.
  const double scale = per_month_scale(surface, points, inside, fit_months);
  CHECK(scale == Approx(3.0 / 9.0));
  double total = 0;
  for (float value : surface) total += value * scale;
  CHECK(total == Approx(3.0));  // the layer's 3 incidents a month, spread by the surface
  CHECK(per_month_scale(std::vector<float>(100, 0), points, inside, fit_months) == 0);
}

// The references are ranked once per origin, while the origin's surfaces are at hand, up to the
// most cells any candidate covers. Recomputed here the direct way, origin by origin with fresh
// surfaces and score_top_cells at the chosen method's cells, they must agree exactly: with
// sparse data (fewer cells with a forecast than the areas cover, so cells without one are
// ranked too) and with dense data, on one thread and two.
TEST_CASE("the backtest's references equal the hottest cells scored origin by origin") {
  const GridSpec spec{0, 0, 100, 24, 18};
  for (const int per_month : {6, 60, 400}) {
    CAPTURE(per_month);
    std::mt19937_64 random(static_cast<uint64_t>(per_month));
    std::uniform_real_distribution<double> x(0, 2400), y(0, 1800);
    std::normal_distribution<double> near(0, 150);
    LayerPoints points;
    CellMonths all_crime;
    auto place = [&](double px, double py, int32_t month) {
      const int64_t cell = cell_of(spec, px, py);
      points.x.push_back(px);
      points.y.push_back(py);
      points.month.push_back(month);
      points.cell.push_back(cell);
      points.weight.push_back(1);
      if (cell >= 0) {
        all_crime.cell.push_back(static_cast<int32_t>(cell));
        all_crime.month.push_back(month);
      }
    };
    for (int32_t month = 0; month < 7; ++month)
      for (int k = 0; k < per_month; ++k)
        k % 3 == 0 ? place(x(random), y(random), month)
                   : place(700 + near(random), 900 + near(random), month);
    std::vector<uint8_t> inside(spec.cell_count(), 1);
    for (size_t i = 0; i < inside.size(); i += 7) inside[i] = 0;  // holes in the study area
    const auto study_cells = std::count(inside.begin(), inside.end(), uint8_t{1});
    PatrolAreaOptions areas;
    // The sparse case with a budget well past the cells with incidents.
    areas.budget_share = per_month == 6 ? 0.4 : 0.1;
    areas.minimum_incidents = per_month == 6 ? 1 : 2;
    for (const int threads : {1, 2}) {
      CAPTURE(threads);
      const BacktestInputs inputs{points,      all_crime,        spec,  inside,
                                  study_cells, MonthRange{0, 6}, areas, threads};
      const std::vector<Method> candidates = candidate_methods();
      const BacktestResult result = backtest(inputs, candidates, candidates[0]);
      REQUIRE(result.ran);
      REQUIRE(result.scores.size() == candidates.size() + 2);
      const Method& chosen = result.scores[result.chosen].method;
      for (size_t r = 0; r < 2; ++r) {
        const Method reference = r == 0 ? grid_counts_reference() : kde_reference();
        MethodScore expected;
        for (const BacktestOrigin& origin : result.origins) {
          FitSurfaces fit(points, all_crime, spec, inside, origin.fit);
          fit.prepare({chosen, reference}, 1);
          const std::vector<float> test =
              counts_per_cell(points, spec, MonthRange{origin.test_month, origin.test_month});
          const int64_t cells = score_areas(inputs, fit, chosen, test).cells;
          const OriginScore score = score_top_cells(inputs, fit, reference, test, cells);
          expected.captured += score.captured;
          expected.test_total += score.test_total;
          expected.fit_captured += score.fit_captured;
          expected.fit_total += score.fit_total;
          expected.area_share_sum += double(score.cells) / double(study_cells);
        }
        const MethodScore& got = result.scores[candidates.size() + r];
        CHECK(got.reference);
        CHECK(got.method == reference);
        CHECK(got.captured == expected.captured);
        CHECK(got.test_total == expected.test_total);
        CHECK(got.fit_captured == expected.fit_captured);
        CHECK(got.fit_total == expected.fit_total);
        CHECK(got.area_share_sum == expected.area_share_sum);
      }
      // The candidates too, each against its own surfaces made afresh: the backtest makes and
      // frees surfaces in steps (a few KDEs at a time), which must not change any score.
      for (size_t c = 0; c < candidates.size(); ++c) {
        CAPTURE(candidates[c].slug());
        MethodScore expected;
        for (const BacktestOrigin& origin : result.origins) {
          FitSurfaces fit(points, all_crime, spec, inside, origin.fit);
          fit.prepare({candidates[c]}, 1);
          const std::vector<float> test =
              counts_per_cell(points, spec, MonthRange{origin.test_month, origin.test_month});
          const OriginScore score = score_areas(inputs, fit, candidates[c], test);
          expected.captured += score.captured;
          expected.fit_captured += score.fit_captured;
          expected.area_share_sum += double(score.cells) / double(study_cells);
        }
        const MethodScore& got = result.scores[c];
        CHECK(got.method == candidates[c]);
        CHECK(got.captured == expected.captured);
        CHECK(got.fit_captured == expected.fit_captured);
        CHECK(got.area_share_sum == expected.area_share_sum);
      }
    }
  }
}

TEST_CASE("fit surfaces no method needs any more are freed, and the others still forecast") {
  const GridSpec spec{0, 0, 100, 10, 10};
  LayerPoints points;
  CellMonths all_crime;
  for (int k = 0; k < 40; ++k) {
    const double px = 50 + 23.0 * (k % 9), py = 50 + 31.0 * (k % 7);
    const int32_t month = k % 3;
    points.x.push_back(px);
    points.y.push_back(py);
    points.month.push_back(month);
    points.cell.push_back(cell_of(spec, px, py));
    points.weight.push_back(1);
    all_crime.cell.push_back(static_cast<int32_t>(cell_of(spec, px, py)));
    all_crime.month.push_back(month);
  }
  const std::vector<uint8_t> inside(spec.cell_count(), 1);
  const std::vector<Method> methods = candidate_methods();
  FitSurfaces fit(points, all_crime, spec, inside, MonthRange{0, 2});
  fit.prepare(methods, 2);
  std::vector<std::vector<float>> before;
  for (const Method& method : methods) before.push_back(fit.expected(method));
  // Keep what one blend with the all-crime prior reads (counts, KDE 250 m, prior), no more.
  const Method& kept = methods[10];
  REQUIRE(kept.kind == Method::Kind::blend);
  REQUIRE(kept.all_crime_weight > 0);
  fit.release_unneeded({kept});
  CHECK(fit.expected(kept) == before[10]);
  CHECK_THROWS_AS(fit.expected(methods[4]), std::out_of_range);  // KDE 150 m: freed
  CHECK_THROWS_AS(fit.expected(methods[3]), std::out_of_range);  // recent-weighted counts
  // Prepared again, a freed surface is made afresh: the same forecast as before.
  fit.prepare(methods, 1);
  for (size_t m = 0; m < methods.size(); ++m) CHECK(fit.expected(methods[m]) == before[m]);
}

TEST_CASE("a KDE forecast is the brute-force KDE of each fit month, weighted by its recency") {
  // Reference: the textbook weights (halved every half-life months back from the last fit
  // month, over their total) on the point-by-point kernel sum, month by month.
  const GridSpec spec{0, 0, 100, 20, 16};
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> x(0, 2000), y(0, 1600);
  LayerPoints points;
  CellMonths all_crime;
  for (int k = 0; k < 400; ++k) {
    const double px = x(random), py = y(random);
    add(points, spec, px, py, static_cast<int32_t>(k % 4));
  }
  const std::vector<uint8_t> inside(spec.cell_count(), 1);
  const Method recent{Method::Kind::kde, 250, 2, 1, 0}, even{Method::Kind::kde, 250, 0, 1, 0};
  FitSurfaces fit(points, all_crime, spec, inside, MonthRange{0, 3});
  fit.prepare({recent, even}, 2);  // two weightings of the same points, on two workers
  const double cell_km2 = spec.cell_size_m * spec.cell_size_m / 1e6;
  for (const Method& method : {recent, even}) {
    CAPTURE(method.slug());
    auto weight = [&](int32_t month) {
      const double h = method.half_life_months;
      return h > 0 ? std::pow(0.5, (3 - month) / h) : 1.0;
    };
    double total = 0;
    for (int32_t month = 0; month <= 3; ++month) total += weight(month);
    std::vector<double> expected(spec.cell_count(), 0.0);
    for (int32_t month = 0; month <= 3; ++month) {
      std::vector<double> xs, ys;
      for (size_t i = 0; i < points.x.size(); ++i)
        if (points.month[i] == month) {
          xs.push_back(points.x[i]);
          ys.push_back(points.y[i]);
        }
      const DensityGrid grid = density::estimate_density_brute_force(
          xs, ys, spec, {density::Kernel::quartic, 250, 4.0, 1});
      for (size_t c = 0; c < expected.size(); ++c)
        expected[c] += weight(month) / total * grid.density_per_km2[c] * cell_km2;
    }
    const std::vector<float> got = fit.expected(method);
    const double peak = *std::max_element(expected.begin(), expected.end());
    REQUIRE(peak > 0);
    for (size_t c = 0; c < expected.size(); ++c)
      CHECK(got[c] == Approx(expected[c]).margin(1e-5 * peak));
  }
}

// The references' n hottest cells are ranked among the cells at or above a floor taken from a
// sample of rows (ranking_floor), not among every cell. Against a brute force that ranks every
// in-area cell (hottest first, ties to the lower cell, cells without a forecast after them in
// grid order), on a grid large enough for the floor to be above 0: grid counts, whose many
// equal values tie at the floor, and a KDE; n from a handful to past every cell with a forecast.
TEST_CASE("the references' hottest cells equal a brute-force ranking of every cell") {
  const GridSpec spec{0, 0, 100, 300, 260};
  // Striped: every incident on a row the floor's sample reads (every 16th), so the sample puts
  // the floor too high and every cell must be ranked after all.
  for (const bool striped : {false, true}) {
    CAPTURE(striped);
    std::mt19937_64 random(5);
    std::uniform_real_distribution<double> x(0, 30000), y(0, 26000);
    std::normal_distribution<double> near(0, 900);
    LayerPoints points;
    CellMonths all_crime;
    for (int k = 0; k < 30000; ++k) {
      const double px = k % 4 == 0 ? x(random) : 9000 + near(random);
      double py = k % 4 == 0 ? y(random) : 14000 + near(random);
      if (striped) py = std::clamp(std::round(py / 1600) * 1600 + 50, 50.0, 25650.0);
      add(points, spec, px, py, static_cast<int32_t>(k % 5));
    }
    std::vector<uint8_t> inside(spec.cell_count(), 1);
    for (size_t i = 0; i < inside.size(); i += 5) inside[i] = 0;
    const auto study_cells = std::count(inside.begin(), inside.end(), uint8_t{1});
    const MonthRange fit_months{0, 3};
    FitSurfaces fit(points, all_crime, spec, inside, fit_months);
    const std::vector<float> test = counts_per_cell(points, spec, MonthRange{4, 4});
    const BacktestInputs inputs{points,      all_crime,        spec, inside,
                                study_cells, MonthRange{0, 4}, {},   1};
    for (const Method& method : {grid_counts_reference(), kde_reference()}) {
      CAPTURE(method.slug());
      fit.prepare({method}, 2);
      const std::vector<float> surface = fit.expected(method);
      std::vector<uint32_t> ranking;  // every in-area cell, hottest first
      for (uint32_t i = 0; i < surface.size(); ++i)
        if (inside[i]) ranking.push_back(i);
      std::stable_sort(ranking.begin(), ranking.end(), [&](uint32_t a, uint32_t b) {
        const float va = surface[a] > 0 ? surface[a] : 0, vb = surface[b] > 0 ? surface[b] : 0;
        return va > vb;
      });
      const auto with_forecast = static_cast<size_t>(std::count_if(
          ranking.begin(), ranking.end(), [&](uint32_t i) { return surface[i] > 0; }));
      REQUIRE(with_forecast > (striped ? 300 : 5000));
      for (const size_t n :
           {size_t{7}, size_t{150}, size_t{2000}, with_forecast - 3, with_forecast + 500}) {
        CAPTURE(n);
        // The floor path is the one under test: above 0 whenever n is well short of the cells.
        if (n <= 2000 && !striped) REQUIRE(ranking_floor(spec, surface, inside, n) > 0);
        int64_t fit_captured = 0, captured = 0;
        const size_t taken = std::min(n, ranking.size());  // never more than the study area
        for (size_t k = 0; k < taken; ++k) {
          fit_captured += static_cast<int64_t>(fit.observed()[ranking[k]]);
          captured += static_cast<int64_t>(test[ranking[k]]);
        }
        const OriginScore got = score_top_cells(inputs, fit, method, test, static_cast<int64_t>(n));
        CHECK(got.cells == static_cast<int64_t>(taken));
        CHECK(got.fit_captured == fit_captured);
        CHECK(got.captured == captured);
      }
    }
  }
}
