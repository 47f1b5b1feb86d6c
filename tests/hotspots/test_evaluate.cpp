// PAI, RRI and PEI at equal area shares, by hand and on the Essex data.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "engine/core/civil_time.hpp"
#include "engine/hotspots/evaluate.hpp"
#include "engine/ingest/ingest.hpp"
#include "engine/wards/ward_loader.hpp"
#include "tests/hotspots/essex_fixture.hpp"

using namespace hotspot;
using namespace hotspot::hotspots;
namespace fs = std::filesystem;

TEST_CASE("PAI, RRI and PEI at an area share match a hand computation") {
  // 10 in-area cells (one outside). Score flags the top 20% = 2 cells: cells 0 and 1.
  const std::vector<uint8_t> inside = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
  const std::vector<double> score = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 100};
  const std::vector<double> fit = {10, 5, 5, 0, 0, 0, 0, 0, 0, 0, 50};  // fit total 20
  const std::vector<double> test = {4, 2, 8, 2, 2, 2, 0, 0, 0, 0, 50};  // test total 20
  const ShareScore s = score_at_share(score, fit, test, inside, 0.2);
  CHECK(s.cells == 2);
  CHECK(s.test_inside == 6);
  CHECK(s.fit_inside == 15);
  // PAI = (6/20) / (2/10) = 1.5; RRI = (6/15) / (20/20) = 0.4; best 2 cells hold 8 + 4 = 12 → PEI
  // 0.5.
  CHECK(s.pai == Approx(1.5));
  REQUIRE(s.rri);
  CHECK(*s.rri == Approx(0.4));
  CHECK(s.best_inside == 12);
  CHECK(s.pei == Approx(0.5));
}

TEST_CASE("evaluating on the Essex data scores every method at every share, never above the best") {
  const auto essex = testing::load_essex();
  if (!essex) return;  // skipped (or FAILed under CI) by load_essex
  const WardSet& wards = essex->wards;
  const ingest::IngestResult& ingested = essex->ingested;
  const join::WardLocator& locator = *essex->locator;
  const MonthRange fit{civil_time::month_index(2018, 1), civil_time::month_index(2018, 3)};
  const MonthRange test{civil_time::month_index(2018, 4), civil_time::month_index(2018, 6)};
  const EvaluationResult result =
      evaluate(ingested.table, wards, locator, default_layers(), HotspotOptions{}, fit, test, 2);
  CHECK(result.rows.size() == 3 * 4 * 4);
  for (const EvaluationRow& row : result.rows) {
    CAPTURE(row.layer, row.method, row.score.area_share);
    CHECK(row.score.pei <= 1.0);
    CHECK(row.score.pei >= 0.0);
    CHECK(row.test_incidents > 0);
  }
  CHECK(evaluation_markdown(result).find("| burglary | grid_counts | 1% |") != std::string::npos);
}
