// Each incident's hotspot ids (engine/gis/analysis_layers.hpp) against a brute force over
// random areas in two layers that share a category, so that some incidents lie in two areas.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "engine/core/civil_time.hpp"
#include "engine/gis/analysis_layers.hpp"

using namespace hotspot;

TEST_CASE("an incident's hotspot ids are the areas of every layer whose cells hold it") {
  std::mt19937 random(5);
  IncidentTable table;
  const CategoryId burglary = table.category_id("burglary");
  const CategoryId robbery = table.category_id("robbery");
  std::uniform_real_distribution<double> coordinate(-20, 120);  // some off the grid
  std::uniform_int_distribution<int> month(1, 3), coin(0, 1);
  for (int i = 0; i < 4000; ++i) {
    table.push_back(coordinate(random), coordinate(random), coin(random) ? burglary : robbery,
                    civil_time::to_seconds(2025, month(random), 2, 10, 0, 0),
                    TimePrecision::minute);
    table.ward.push_back(coin(random) || coin(random) ? 0 : kOutside);
  }
  const MonthRange period{civil_time::month_index(2025, 1), civil_time::month_index(2025, 2)};
  GridSpec spec;
  spec.cell_size_m = 10;
  spec.columns = spec.rows = 10;  // 0..100 m
  std::vector<hotspots::LayerResult> layers(2);
  layers[0].layer.name = "burglary";
  layers[0].layer.categories = {"burglary"};
  layers[1].layer.name = "acquisitive";
  layers[1].layer.categories = {"burglary", "robbery"};
  std::uniform_int_distribution<uint32_t> cell(0, 99);
  for (size_t l = 0; l < 2; ++l) {
    layers[l].spec = spec;
    std::vector<bool> taken(100, false);
    for (int a = 0; a < 6; ++a) {
      hotspots::HotspotArea area;
      area.id = layers[l].layer.name + "-" + std::to_string(a + 1);
      for (int k = 0; k < 5; ++k)
        if (const uint32_t c = cell(random); !taken[c]) {
          taken[c] = true;
          area.cells.push_back(c);
        }
      layers[l].areas.push_back(area);
    }
  }

  const gis::HotspotIdsByIncident ids = gis::hotspot_ids_by_incident(table, layers, period);
  REQUIRE(ids.start.size() == table.size() + 1);
  size_t in_two = 0, in_one = 0;
  for (size_t i = 0; i < table.size(); ++i) {
    std::string expected;
    const std::string slug = table.category_slugs[table.category[i]];
    const bool counted = table.ward[i] != kOutside &&
                         period.contains(civil_time::month_index(table.local_time_s[i]));
    const bool on_grid = table.x[i] >= 0 && table.x[i] < 100 && table.y[i] >= 0 && table.y[i] < 100;
    if (counted && on_grid) {
      const auto c =
          static_cast<uint32_t>(std::floor(table.y[i] / 10) * 10 + std::floor(table.x[i] / 10));
      for (const hotspots::LayerResult& layer : layers) {
        if (std::find(layer.layer.categories.begin(), layer.layer.categories.end(), slug) ==
            layer.layer.categories.end())
          continue;
        for (const hotspots::HotspotArea& area : layer.areas)
          if (std::find(area.cells.begin(), area.cells.end(), c) != area.cells.end())
            expected += (expected.empty() ? "" : ",") + area.id;
      }
    }
    CAPTURE(i);
    CHECK(ids.of(i) == expected);
    in_two += expected.find(',') != std::string::npos;
    in_one += !expected.empty() && expected.find(',') == std::string::npos;
  }
  CHECK(in_two > 10);  // the case the join is for
  CHECK(in_one > 10);
}
