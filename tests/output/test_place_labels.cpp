// Street and ward labels for the map (engine/output/place_labels.hpp) against a brute force: for
// each street in each ward, the mean position and the count of its incidents in the period.
#include <boost/geometry.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <tuple>

#include "engine/core/civil_time.hpp"
#include "engine/output/place_labels.hpp"

using namespace hotspot;

TEST_CASE("street labels sit at the mean of their incidents per street and ward, in the period") {
  const bool public_output = GENERATE(false, true);
  CAPTURE(public_output);
  std::mt19937 random(11);
  IncidentTable table;
  table.street_names = {"", "High Street", "Mill Lane", "Station Road", "Mill Road", "Church Walk"};
  const CategoryId burglary = table.category_id("burglary");
  WardSet wards;
  wards.code = {"W1", "W2", "W3"};
  wards.name = {"North", "South", "East"};
  wards.population = {1000, 1000, 1000};
  for (int w = 0; w < 3; ++w) {
    Polygon square;
    bg::append(square.outer(), Point(w * 100, 0));
    bg::append(square.outer(), Point(w * 100, 100));
    bg::append(square.outer(), Point(w * 100 + 100, 100));
    bg::append(square.outer(), Point(w * 100 + 100, 0));
    bg::append(square.outer(), Point(w * 100, 0));
    bg::correct(square);
    wards.shape.push_back(MultiPolygon{square});
  }
  std::uniform_real_distribution<double> coordinate(0, 300);
  std::uniform_int_distribution<int> month(1, 4), street(0, 4), ward(-1, 2);
  for (int i = 0; i < 3000; ++i) {
    table.push_back(coordinate(random), coordinate(random), burglary,
                    civil_time::to_seconds(2025, month(random), 3, 12, 0, 0),
                    TimePrecision::minute);
    const int w = ward(random);
    table.ward.push_back(w < 0 ? kOutside : w);
    table.street.push_back(static_cast<uint32_t>(street(random)));
  }
  // Church Walk: three incidents in North in the period, too few to publish.
  for (int k = 0; k < 3; ++k) {
    table.push_back(10 + k, 20, burglary, civil_time::to_seconds(2025, 2, 9, 1, 0, 0),
                    TimePrecision::minute);
    table.ward.push_back(0);
    table.street.push_back(5);
  }
  DisclosurePolicy disclosure;
  disclosure.public_output = public_output;
  const MonthRange period{civil_time::month_index(2025, 2), civil_time::month_index(2025, 3)};

  // Brute force: every (street, ward) in key order, sums in table order.
  std::map<std::pair<uint32_t, int32_t>, std::tuple<double, double, int64_t>> expected;
  std::vector<int64_t> ward_totals(3, 0);
  for (size_t i = 0; i < table.size(); ++i) {
    if (table.ward[i] == kOutside ||
        !period.contains(civil_time::month_index(table.local_time_s[i])))
      continue;
    ++ward_totals[static_cast<size_t>(table.ward[i])];
    if (table.street[i] == 0) continue;
    auto& [x, y, count] = expected[{table.street[i], table.ward[i]}];
    x += table.x[i];
    y += table.y[i];
    ++count;
  }
  std::vector<output::MapLabel> streets;
  for (const auto& [key, sum] : expected) {
    const auto& [x, y, count] = sum;
    if (public_output && count < disclosure.minimum_count) continue;
    const double weight = public_output ? std::floor(std::log10(double(count))) + 1 : double(count);
    streets.push_back(output::MapLabel{"street", table.street_names[key.first], weight,
                                       x / double(count), y / double(count)});
  }
  REQUIRE(expected.size() > 10);

  const std::vector<output::MapLabel> labels =
      output::place_labels(table, wards, period, disclosure);
  REQUIRE(labels.size() == streets.size() + 3);
  if (public_output) CHECK(streets.size() < expected.size());  // some were small
  for (size_t k = 0; k < streets.size(); ++k) {
    CAPTURE(k);
    CHECK(labels[k].kind == "street");
    CHECK(labels[k].name == streets[k].name);
    CHECK(labels[k].weight == streets[k].weight);
    CHECK(labels[k].x == streets[k].x);  // the same sums in the same order: equal bit for bit
    CHECK(labels[k].y == streets[k].y);
  }
  for (size_t w = 0; w < 3; ++w) {
    const output::MapLabel& label = labels[streets.size() + w];
    CHECK(label.kind == "ward");
    CHECK(label.name == wards.name[w]);
    CHECK(bg::within(Point(label.x, label.y), wards.shape[w]));
    CHECK(label.weight == (public_output ? std::floor(std::log10(double(ward_totals[w]))) + 1
                                         : double(ward_totals[w])));
  }
}
