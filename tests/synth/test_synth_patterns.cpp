// The demo incidents look like recorded crime: police.uk-like category shares, the hour and
// weekday patterns analysts know, seasonality, hotspots where they should be, and a small
// share outside the study area.
#include <catch2/catch.hpp>
#include <map>

#include "engine/synth/incident_model.hpp"
#include "engine/synth/synth.hpp"
#include "tests/synth/synth_test_support.hpp"

using namespace hotspot;
using namespace hotspot::synth;

namespace {

const std::vector<ParsedIncident>& demo_incidents() {
  static const std::vector<ParsedIncident> rows = [] {
    const TemporaryFolder folder("patterns");
    SynthOptions options;
    options.out_dir = folder.path;
    generate(options);
    return read_force_export(folder.path + "/incidents.csv");
  }();
  return rows;
}

// Ward index of a point by brute force over every ward (Boost.Geometry covered_by), or -1.
int ward_of(const WardSet& wards, double x_m, double y_m) {
  for (size_t w = 0; w < wards.size(); ++w)
    if (bg::covered_by(Point(x_m, y_m), wards.shape[w])) return static_cast<int>(w);
  return -1;
}

double share(int64_t part, int64_t whole) { return whole ? double(part) / double(whole) : 0; }

}  // namespace

TEST_CASE("category shares follow the police.uk national mix", "[synth]") {
  const auto& rows = demo_incidents();
  REQUIRE(rows.size() == kDemoIncidents);
  std::map<std::string, int64_t> counts;
  for (const ParsedIncident& row : rows) ++counts[row.offence];
  CHECK(counts.size() == 14);
  CHECK(share(counts["Violence and sexual offences"], rows.size()) == Approx(0.31).margin(0.001));
  CHECK(share(counts["Anti-social behaviour"], rows.size()) == Approx(0.19).margin(0.001));
  CHECK(share(counts["Burglary"], rows.size()) == Approx(0.045).margin(0.001));
  double total_share = 0;
  for (const CategoryModel& model : category_models()) total_share += model.share;
  CHECK(total_share == Approx(1.0));
}

TEST_CASE("hours and weekdays follow real-world patterns", "[synth]") {
  const auto& rows = demo_incidents();
  auto count_if = [&](const std::string& offence, auto predicate) {
    int64_t n = 0;
    for (const ParsedIncident& row : rows) n += row.offence == offence && predicate(row);
    return n;
  };
  auto all = [](const ParsedIncident&) { return true; };
  // Weekend nights: Friday or Saturday 22:00–23:59, or Saturday or Sunday 00:00–01:59.
  auto weekend_night = [](const ParsedIncident& row) {
    return (row.hour >= 22 && (row.weekday == 4 || row.weekday == 5)) ||
           (row.hour < 2 && (row.weekday == 5 || row.weekday == 6));
  };
  auto weekday_night = [](const ParsedIncident& row) {
    return (row.hour >= 22 && row.weekday <= 2) ||
           (row.hour < 2 && row.weekday >= 1 && row.weekday <= 3);
  };
  const std::string violence = "Violence and sexual offences";
  // Two weekend nights against three weekday nights: per night, weekends are at least 1.5× busier.
  CHECK(count_if(violence, weekend_night) / 2.0 > 1.5 * count_if(violence, weekday_night) / 3.0);

  const auto shop_hours = [](const ParsedIncident& row) { return row.hour >= 8 && row.hour < 20; };
  CHECK(share(count_if("Shoplifting", shop_hours), count_if("Shoplifting", all)) > 0.85);

  const auto evening = [](const ParsedIncident& row) { return row.hour >= 17 && row.hour < 22; };
  CHECK(share(count_if("Burglary", evening), count_if("Burglary", all)) > 1.4 * 5 / 24.0);
  CHECK(share(count_if("Anti-social behaviour", evening), count_if("Anti-social behaviour", all)) >
        1.4 * 5 / 24.0);

  const auto small_hours = [](const ParsedIncident& row) { return row.hour >= 3 && row.hour < 6; };
  CHECK(share(count_if("Shoplifting", small_hours), count_if("Shoplifting", all)) < 0.01);
}

TEST_CASE("ASB peaks in summer and burglary in winter", "[synth]") {
  const auto& rows = demo_incidents();
  auto in_months = [&](const std::string& offence, std::initializer_list<int> months) {
    int64_t n = 0;
    for (const ParsedIncident& row : rows)
      for (int month : months) n += row.offence == offence && row.month_index % 12 + 1 == month;
    return n;
  };
  CHECK(in_months("Anti-social behaviour", {6, 7, 8}) >
        1.2 * in_months("Anti-social behaviour", {12, 1, 2}));
  CHECK(in_months("Burglary", {11, 12, 1}) > 1.2 * in_months("Burglary", {5, 6, 7}));
}

TEST_CASE("the town centre is the night-time violence hotspot and few incidents fall outside",
          "[synth]") {
  const auto& rows = demo_incidents();
  const WardSet wards = synth_wards(SynthOptions{});
  std::vector<int64_t> night_violence(wards.size(), 0), shoplifting(wards.size(), 0);
  int64_t outside = 0;
  for (const ParsedIncident& row : rows) {
    const int ward = ward_of(wards, row.x_m, row.y_m);
    if (ward < 0) {
      ++outside;
      continue;
    }
    const bool night = row.hour >= 19 || row.hour < 5;
    night_violence[ward] += night && row.offence == "Violence and sexual offences";
    shoplifting[ward] += row.offence == "Shoplifting";
  }
  auto busiest = [&](const std::vector<int64_t>& counts) {
    return wards.name[std::max_element(counts.begin(), counts.end()) - counts.begin()];
  };
  CHECK(busiest(night_violence) == "Town Centre");
  CHECK(busiest(shoplifting) == "Town Centre");
  // About 0.3% are placed outside on purpose; a few hotspot points may stray over the edge.
  CHECK(share(outside, rows.size()) > 0.002);
  CHECK(share(outside, rows.size()) < 0.006);
}
