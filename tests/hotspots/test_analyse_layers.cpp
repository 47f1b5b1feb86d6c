// The hotspot stage end to end: a hand-made study area with a known cluster, a PAI computed by
// hand, the config tables, how records without a time are treated, and the real police.uk data
// for Essex (its areas patrol-sized, its density's mass).
#include <gdal.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_init.hpp"
#include "engine/density/geotiff.hpp"
#include "engine/hotspots/analyse_layers.hpp"
#include "engine/hotspots/area_stats.hpp"
#include "engine/hotspots/selection.hpp"
#include "engine/hotspots/writers.hpp"
#include "tests/hotspots/essex_fixture.hpp"

using namespace hotspot;
using namespace hotspot::hotspots;
namespace fs = std::filesystem;

namespace {

// Two square wards side by side: (0..2000) × (0..2000) and (2000..4000) × (0..2000), in BNG.
WardSet two_wards() {
  WardSet wards;
  for (int w = 0; w < 2; ++w) {
    Polygon square;
    const double x0 = 500000 + 2000.0 * w, y0 = 180000;
    bg::append(square.outer(), Point{x0, y0});
    bg::append(square.outer(), Point{x0, y0 + 2000});
    bg::append(square.outer(), Point{x0 + 2000, y0 + 2000});
    bg::append(square.outer(), Point{x0 + 2000, y0});
    bg::append(square.outer(), Point{x0, y0});
    wards.code.push_back(w == 0 ? "E05000001" : "E05000002");
    wards.name.push_back(w == 0 ? "West" : "East");
    wards.population.push_back(1000);
    wards.shape.push_back(MultiPolygon{square});
  }
  wards.extent = Box{Point{500000, 180000}, Point{504000, 182000}};
  return wards;
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// Every incident's ward, as the join fills it.
void join_all(IncidentTable& incidents, const join::WardLocator& locator) {
  incidents.ward.resize(incidents.size());
  for (size_t i = 0; i < incidents.size(); ++i)
    incidents.ward[i] = locator.locate(incidents.x[i], incidents.y[i]);
}

struct StageRun {
  nlohmann::json summary;  // summary.json's "layers"
  std::vector<LayerResult> results;
};

// The hotspot stage as `hotspot analyse` runs it: every layer on one study grid, each density
// GeoTIFF, then the hotspot files.
StageRun run_layers(const IncidentTable& incidents, const WardSet& wards,
                    const join::WardLocator& locator, const std::string& crs,
                    const std::vector<LayerDefinition>& layers, const HotspotOptions& options,
                    const std::string& out, const DisclosurePolicy& disclosure = {},
                    MonthRange period = MonthRange{civil_time::month_index(2025, 1),
                                                   civil_time::month_index(2025, 6)}) {
  fs::create_directories(out + "/density");
  const HotspotInputs inputs{incidents, wards, locator, period, std::nullopt, disclosure, 2, {}};
  StageClock clock;
  const StudyGrid grid = make_study_grid(inputs, options);
  StageRun run;
  run.summary["layers"] = nlohmann::json::array();
  for (const LayerDefinition& layer : layers) {
    LayerOutcome outcome = analyse_layer(inputs, grid, layer, options, clock);
    density::write_density_geotiff(outcome.surface, crs, out + "/density/" + layer.name + ".tif",
                                   density_metadata(outcome.result.summary));
    run.summary["layers"].push_back(layer_summary_json(outcome.result.summary));
    run.results.push_back(std::move(outcome.result));
  }
  const HotspotWriteContext context{wards,  incidents.street_names, crs, disclosure, "Test",
                                    period, "the test's",           15,  {}};
  write_hotspots_geojson(run.results, context, out + "/hotspots.geojson");
  write_hotspots_csv(run.results, context, out + "/hotspots.csv");
  write_briefing(run.results, context, out + "/briefing.md");
  return run;
}

}  // namespace

TEST_CASE("PAI is the share of incidents over the share of the study area, by hand") {
  const GridSpec spec{0, 0, 100, 10, 10};
  IncidentTable incidents;
  incidents.category_slugs = {"burglary"};
  LayerSelection selection;
  // 20 incidents in the 4 cells of the area, 80 spread elsewhere: share 0.2 over area share 0.04 →
  // PAI 5.
  for (int i = 0; i < 100; ++i) {
    const double x = i < 20 ? 450 + (i % 2) * 100 : 50 + (i % 10) * 100;
    const double y = i < 20 ? 450 + (i % 4 < 2 ? 0 : 100) : (i < 60 ? 50 : 950);
    incidents.push_back(x, y, 0, civil_time::to_seconds(2025, 3, 1 + i % 28, 12, 0, 0),
                        TimePrecision::minute);
    selection.rows.push_back(static_cast<uint32_t>(i));
    selection.x.push_back(x);
    selection.y.push_back(y);
  }
  incidents.ward.assign(100, 0);
  GiStarResult gi;
  gi.z.assign(100, 0.0);
  gi.q.assign(100, 1.0);
  gi.confidence.assign(100, 0);
  const std::vector<int32_t> cell_wards(100, 0);
  const AreaInputs inputs{spec, gi, 0.05, incidents, selection, cell_wards, 100, "burglary"};
  const PatrolArea area{{44, 45, 54, 55}, 20, 44, 5};
  const auto areas = describe_areas(inputs, {area}, 1);
  REQUIRE(areas.size() == 1);
  CHECK(areas[0].incidents == 20);
  CHECK(areas[0].share == Approx(0.2));
  CHECK(areas[0].area_km2 == Approx(0.04));
  CHECK(areas[0].pai == Approx(5.0));
  CHECK(areas[0].id.rfind("burglary-", 0) == 0);
  CHECK(areas[0].id.size() == std::string("burglary-").size() + 6);
  CHECK(areas[0].timed == 20);
  CHECK(areas[0].wards == std::vector<std::pair<int32_t, int64_t>>{{0, 20}});
  // The centre is the area's cell nearest the incidents' mean, so it lies inside the area.
  CHECK(areas[0].centre_x == Approx(450).margin(51));
  CHECK(areas[0].centre_y == Approx(450).margin(51));
  SECTION("the same area gets the same id on another run") {
    CHECK(describe_areas(inputs, {area}, 1)[0].id == areas[0].id);
  }
  SECTION("an area under the minimum is left out") {
    CHECK(describe_areas(inputs, {area}, 21).empty());
  }
  SECTION("hotspot_hours.csv has a row for each hour with incidents, by hand") {
    // The area's 20 incidents are at noon on 1-20 March 2025; the 1st was a Saturday, so every
    // weekday has three of them but Friday (7th, 14th), and no other hour has any.
    LayerResult result;
    result.layer.name = "burglary";
    result.areas = areas;
    const std::string path = (fs::temp_directory_path() / "hotspot_hours_by_hand.csv").string();
    write_hotspot_hours_csv({result}, path);
    std::ifstream file(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
    const std::string id = areas[0].id;
    const std::string expected =
        "\xEF\xBB\xBFlayer,id,rank,weekday,hour,incidents\r\n"
        "burglary," +
        id +
        ",1,Monday,12,3\r\n"
        "burglary," +
        id +
        ",1,Tuesday,12,3\r\n"
        "burglary," +
        id +
        ",1,Wednesday,12,3\r\n"
        "burglary," +
        id +
        ",1,Thursday,12,3\r\n"
        "burglary," +
        id +
        ",1,Friday,12,2\r\n"
        "burglary," +
        id +
        ",1,Saturday,12,3\r\n"
        "burglary," +
        id + ",1,Sunday,12,3\r\n";
    CHECK(text == expected);
  }
}

TEST_CASE(
    "a dense cluster becomes the first-ranked, significant patrol area with every output written") {
  const WardSet wards = two_wards();
  const join::WardLocator locator(wards);
  IncidentTable incidents;
  const CategoryId burglary = incidents.category_id("burglary");
  std::mt19937_64 random(9);
  std::uniform_real_distribution<double> ux(500000, 504000), uy(180000, 182000);
  std::normal_distribution<double> cluster(0, 60);
  for (int i = 0; i < 600; ++i) {
    const bool clustered = i % 3 == 0;
    const double x = clustered ? 502800 + cluster(random) : ux(random);
    const double y = clustered ? 181000 + cluster(random) : uy(random);
    incidents.push_back(x, y, burglary,
                        civil_time::to_seconds(2025, 1 + i % 6, 1 + i % 28, (i * 7) % 24, 0, 0),
                        TimePrecision::minute);
  }
  join_all(incidents, locator);
  const std::string out = (fs::temp_directory_path() / "hotspot_layers_test").string();
  fs::remove_all(out);
  HotspotOptions options;
  options.area_budget.percent = 5;
  const StageRun run =
      run_layers(incidents, wards, locator, "EPSG:27700", {default_layers()[0]}, options, out);
  for (const char* file :
       {"hotspots.geojson", "hotspots.csv", "briefing.md", "density/burglary.tif"})
    CHECK(fs::exists(out + "/" + file));
  REQUIRE(run.summary["layers"].size() == 1);
  const auto& layer = run.summary["layers"][0];
  CHECK(layer["incidents"] == 600);
  CHECK(layer["cell_size_m"] == 100);
  CHECK(layer["backtest"]["origins"].size() == 4);
  CHECK(layer["method"]["how_chosen"].get<std::string>().find("chosen by backtest") !=
        std::string::npos);
  const nlohmann::json hotspots = read_json(out + "/hotspots.geojson");
  REQUIRE(!hotspots["features"].empty());
  const auto& first = hotspots["features"][0]["properties"];
  CHECK(first["rank"] == 1);
  CHECK(first["significant"] == true);
  CHECK(first["ward_codes"] == "E05000002");
  CHECK(first["incidents"].get<int>() >= 100);
  CHECK(first["pai"].get<double>() > 5);
  CHECK(first["area_km2"].get<double>() <= 0.25 + 1e-9);
  const double lon = first["centre_lon"], lat = first["centre_lat"];
  CHECK(lon > -1);  // WGS84, not eastings
  CHECK(lon < 1);
  CHECK(lat > 51);
  CHECK(lat < 52);
  // The whole budget is spent on areas, and no more.
  CHECK(layer["areas_share"].get<double>() <= 0.05 + 1e-9);
  CHECK(layer["areas_share"].get<double>() >= 0.04);
  fs::remove_all(out);
}

TEST_CASE("config tables give defaults when absent and name the key at fault") {
  const toml::table empty;
  const HotspotOptions defaults = parse_hotspot_options(empty);
  CHECK(defaults.kernel == density::Kernel::quartic);
  CHECK(defaults.cell_size_m == 100);
  CHECK(defaults.area_budget.percent == 1);
  CHECK(defaults.method == "auto");
  CHECK(parse_layers(empty).size() == 3);
  const toml::table config = toml::parse(R"(
[density]
kernel = "epanechnikov"
cell_size_m = 50
bandwidth_m = 300
[hotspots]
area_budget = "2 km2"
method = "kde-250"
link_distance_m = 300
[[layer]]
name = "late-shoplifting"
categories = ["shoplifting"]
hours = [22, 2]
weekdays = ["fri", "sat"]
from = "2025-01"
untimed_title = "Shoplifting, any time"
)");
  const HotspotOptions options = parse_hotspot_options(config);
  CHECK(options.kernel == density::Kernel::epanechnikov);
  CHECK(options.cell_size_m == 50);
  CHECK(*options.bandwidth_m == 300);
  REQUIRE(options.area_budget.km2);
  CHECK(*options.area_budget.km2 == 2);
  CHECK(options.area_budget.share_of(100) == Approx(0.02));
  CHECK(options.method == "kde-250");
  CHECK(options.link_distance_m == 300);
  CHECK_NOTHROW(options.validate());
  const auto layers = parse_layers(config);
  REQUIRE(layers.size() == 1);
  CHECK(layers[0].hours == std::make_pair(22, 2));
  CHECK(layers[0].weekdays == std::vector<int>{4, 5});
  CHECK(layers[0].untimed_title == "Shoplifting, any time");
  SECTION("bad values name their key") {
    CHECK_THROWS_WITH(parse_hotspot_options(toml::parse("[density]\ncell_size_m = -3\n")),
                      Catch::Contains("density.cell_size_m"));
    CHECK_THROWS_WITH(parse_hotspot_options(toml::parse("[hotspots]\nthreshold = \"mean_sd\"\n")),
                      Catch::Contains("area_budget"));
    CHECK_THROWS_WITH(parse_hotspot_options(toml::parse("[hotspots]\narea_budget = \"lots\"\n")),
                      Catch::Contains("hotspots.area_budget"));
    HotspotOptions unknown;
    unknown.method = "magic";
    CHECK_THROWS_WITH(unknown.validate(), Catch::Contains("kde-250"));
    CHECK_THROWS_AS(parse_layers(toml::parse("[[layer]]\nname = \"x\"\n")), ConfigError);
  }
  SECTION("budgets read as shares or areas") {
    CHECK(parse_area_budget("0.5%", "x").percent == 0.5);
    CHECK(*parse_area_budget("5 km²", "x").km2 == 5);
    CHECK(parse_area_budget("3", "x").percent == 3);
    CHECK_THROWS_AS(parse_area_budget("150%", "x"), ConfigError);
    CHECK_THROWS_AS(parse_area_budget("-1km2", "x"), ConfigError);
  }
}

TEST_CASE(
    "on the Essex police.uk data the areas are patrol-sized and untimed records are declared") {
  const auto essex = testing::load_essex();
  if (!essex) return;  // load_essex fails under CI when the data is missing
  const std::string out = (fs::temp_directory_path() / "hotspot_layers_essex").string();
  fs::remove_all(out);
  const StageRun run =
      run_layers(essex->ingested.table, essex->wards, *essex->locator, essex->report.analysis_crs,
                 default_layers(), HotspotOptions{}, out, {},
                 MonthRange{civil_time::month_index(2018, 1), civil_time::month_index(2018, 6)});
  REQUIRE(run.results.size() == 3);
  for (const LayerResult& result : run.results) {
    CAPTURE(result.layer.name);
    REQUIRE(result.areas.size() > 20);
    std::vector<double> sizes;
    for (const HotspotArea& area : result.areas) {
      sizes.push_back(area.area_km2);
      CHECK(area.area_km2 <= 2.0);
      CHECK(!area.streets.empty());  // police.uk's Location names every area
    }
    std::nth_element(sizes.begin(), sizes.begin() + static_cast<long>(sizes.size() / 2),
                     sizes.end());
    const double median = sizes[sizes.size() / 2];
    CHECK(median >= 0.03);
    CHECK(median <= 0.5);
  }
  // police.uk has no times: the night-time layer says so in its title and notes.
  CHECK(run.results[2].title.find("all hours") != std::string::npos);
  CHECK(run.summary["layers"][2]["hours_note"].get<std::string>().find("covers all hours") == 0);
  // The GeoTIFF's mass: at most the layer's incidents (some falls beyond the coast), most of it
  // kept.
  ensure_gdal_registered();
  GDALDatasetH tif = GDALOpen((out + "/density/burglary.tif").c_str(), GA_ReadOnly);
  REQUIRE(tif);
  const int columns = GDALGetRasterXSize(tif), rows = GDALGetRasterYSize(tif);
  std::vector<float> values(static_cast<size_t>(columns) * static_cast<size_t>(rows));
  REQUIRE(GDALRasterIO(GDALGetRasterBand(tif, 1), GF_Read, 0, 0, columns, rows, values.data(),
                       columns, rows, GDT_Float32, 0, 0) == CE_None);
  double transform[6];
  GDALGetGeoTransform(tif, transform);
  GDALClose(tif);
  double mass = 0;
  for (float v : values)
    if (v != -9999.0f) mass += v * transform[1] * transform[1] / 1e6;
  const double burglaries = run.summary["layers"][0]["incidents"].get<double>();
  CHECK(mass < burglaries * 1.001);
  CHECK(mass > burglaries * 0.8);
  if (!std::getenv("HOTSPOT_KEEP_TEST_OUTPUT")) fs::remove_all(out);
}

TEST_CASE(
    "records without a time of day: kept and declared when most lack one, left out and counted "
    "otherwise") {
  const WardSet wards = two_wards();
  const join::WardLocator locator(wards);
  SECTION("most records have no time: the layer covers all hours and says so") {
    IncidentTable incidents;
    const CategoryId violence = incidents.category_id("violent-crime");
    incidents.push_back(500100, 180100, violence, civil_time::to_seconds(2025, 3, 7, 20, 0, 0),
                        TimePrecision::minute);
    incidents.push_back(500200, 180100, violence, civil_time::to_seconds(2025, 3, 7, 10, 0, 0),
                        TimePrecision::minute);
    for (int k = 0; k < 3; ++k)
      incidents.push_back(500300, 180100, violence, civil_time::to_seconds(2025, 3, 1, 0, 0, 0),
                          TimePrecision::month);
    incidents.push_back(600000, 180100, violence, civil_time::to_seconds(2025, 3, 7, 21, 0, 0),
                        TimePrecision::minute);
    join_all(incidents, locator);
    const LayerSelection night = select_layer(incidents, default_layers()[2]);
    CHECK(night.rows ==
          std::vector<uint32_t>{0, 2, 3, 4});  // 10:00 is out; the last is outside the study area
    CHECK(night.untimed == 3);
    CHECK(night.covers_all_hours);
    CHECK(night.hours_note == "covers all hours: 3 records have no time of day");
    CHECK(honest_title(default_layers()[2], night).find("all hours") != std::string::npos);
    CHECK(hours_note(default_layers()[2], 1234) ==
          "covers all hours: 1,234 records have no time of day");
  }
  SECTION("one record of many lacks a time: it is left out of the hour filter, and counted") {
    IncidentTable incidents;
    const CategoryId violence = incidents.category_id("violent-crime");
    for (int k = 0; k < 100; ++k)
      incidents.push_back(500100, 180100, violence, civil_time::to_seconds(2025, 3, 7, 21, 0, 0),
                          TimePrecision::minute);
    incidents.push_back(500300, 180100, violence, civil_time::to_seconds(2025, 3, 1, 0, 0, 0),
                        TimePrecision::month);
    join_all(incidents, locator);
    const LayerSelection night = select_layer(incidents, default_layers()[2]);
    CHECK(night.rows.size() == 100);
    CHECK(night.untimed == 0);
    CHECK(night.untimed_left_out == 1);
    CHECK_FALSE(night.covers_all_hours);
    CHECK(honest_title(default_layers()[2], night) == "Night-time violence");
    CHECK(night.hours_note.find("1 record has no time of day and is left out") == 0);
  }
  SECTION("layers without a time filter take every record") {
    IncidentTable incidents;
    const CategoryId burglary = incidents.category_id("burglary");
    incidents.push_back(500300, 180100, burglary, civil_time::to_seconds(2025, 3, 1, 0, 0, 0),
                        TimePrecision::month);
    join_all(incidents, locator);
    CHECK(select_layer(incidents, default_layers()[0]).hours_note.empty());
    CHECK(select_layer(incidents, default_layers()[0]).rows.size() == 1);
  }
}

TEST_CASE("public mode leaves out areas with fewer incidents than the minimum") {
  const WardSet wards = two_wards();
  const join::WardLocator locator(wards);
  IncidentTable incidents;
  const CategoryId burglary = incidents.category_id("burglary");
  std::mt19937_64 random(4);
  std::normal_distribution<double> cluster(0, 50);
  for (int i = 0; i < 40; ++i)
    incidents.push_back(501000 + cluster(random), 181000 + cluster(random), burglary,
                        civil_time::to_seconds(2025, 2, 1, 0, 0, 0), TimePrecision::month);
  join_all(incidents, locator);
  const std::string out = (fs::temp_directory_path() / "hotspot_layers_public").string();
  fs::remove_all(out);
  HotspotOptions options;
  options.area_budget.percent = 5;
  DisclosurePolicy disclosure;
  disclosure.public_output = true;
  disclosure.minimum_count = 1000;
  const StageRun none = run_layers(incidents, wards, locator, "EPSG:27700", {default_layers()[0]},
                                   options, out, disclosure);
  CHECK(none.summary["layers"][0]["hotspot_areas"] == 0);
  CHECK(read_json(out + "/hotspots.geojson")["features"].empty());
  disclosure.minimum_count = 5;
  const StageRun shown = run_layers(incidents, wards, locator, "EPSG:27700", {default_layers()[0]},
                                    options, out, disclosure);
  CHECK(shown.summary["layers"][0]["hotspot_areas"].get<int>() >= 1);
  for (const HotspotArea& area : shown.results[0].areas) CHECK(area.incidents >= 5);
  fs::remove_all(out);
}

TEST_CASE("a layer with no incidents gives an empty surface and no areas, not an error") {
  const WardSet wards = two_wards();
  const join::WardLocator locator(wards);
  IncidentTable incidents;
  incidents.category_id("burglary");
  incidents.ward.clear();
  const std::string out = (fs::temp_directory_path() / "hotspot_layers_empty").string();
  const StageRun run =
      run_layers(incidents, wards, locator, "EPSG:27700", default_layers(), HotspotOptions{}, out);
  REQUIRE(run.summary["layers"].size() == 3);
  for (const auto& layer : run.summary["layers"]) {
    CHECK(layer["incidents"] == 0);
    CHECK(layer["hotspot_areas"] == 0);
  }
  CHECK(fs::exists(out + "/density/burglary.tif"));
  fs::remove_all(out);
}
