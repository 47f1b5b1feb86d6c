// The hotspot stage end to end: a hand-made study area with a known cluster, a PAI computed by
// hand, the config tables, and the real police.uk data for Essex (skipped when absent).
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
#include "engine/hotspots/classes.hpp"
#include "engine/hotspots/selection.hpp"
#include "engine/hotspots/writers.hpp"
#include "engine/ingest/ingest.hpp"
#include "engine/wards/ward_loader.hpp"
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

// The hotspot stage as `hotspot analyse` runs it: every layer on one study grid, each density
// GeoTIFF, then the hotspot files. Returns summary.json's "layers" part.
nlohmann::json run_layers(const IncidentTable& incidents, const WardSet& wards,
                          const join::WardLocator& locator, const std::string& crs,
                          const std::vector<LayerDefinition>& layers, const HotspotOptions& options,
                          const std::string& out, const DisclosurePolicy& disclosure = {}) {
  fs::create_directories(out + "/density");
  const HotspotInputs inputs{incidents, wards, locator, MonthRange{0, 1 << 30}, disclosure, 2};
  StageClock clock;
  const StudyGrid grid = make_study_grid(inputs, options);
  std::vector<LayerResult> results;
  nlohmann::json summary;
  summary["layers"] = nlohmann::json::array();
  for (const LayerDefinition& layer : layers) {
    LayerOutcome outcome = analyse_layer(inputs, grid, layer, options, clock);
    density::write_density_geotiff(outcome.surface, crs, out + "/density/" + layer.name + ".tif",
                                   density_metadata(outcome.result.summary));
    summary["layers"].push_back(layer_summary_json(outcome.result.summary));
    results.push_back(std::move(outcome.result));
  }
  write_hotspots_geojson(results, wards, crs, out + "/hotspots.geojson");
  write_hotspots_csv(results, wards, crs, out + "/hotspots.csv");
  write_briefing(results, wards, disclosure, out + "/briefing.md");
  return summary;
}

// Every incident's ward, as the join fills it.
void join_all(IncidentTable& incidents, const join::WardLocator& locator) {
  incidents.ward.resize(incidents.size());
  for (size_t i = 0; i < incidents.size(); ++i)
    incidents.ward[i] = locator.locate(incidents.x[i], incidents.y[i]);
}

}  // namespace

TEST_CASE("PAI is the share of incidents over the share of the study area, by hand") {
  const GridSpec spec{0, 0, 100, 10, 10};
  std::vector<double> density(100, 1.0);
  std::vector<uint8_t> classes(100, 0);
  for (uint32_t cell : {44u, 45u, 54u, 55u}) classes[cell] = 2;
  IncidentTable incidents;
  incidents.category_slugs = {"burglary"};
  LayerSelection selection;
  // 20 incidents in the 4 hot cells, 80 spread elsewhere: share 0.2 over area share 0.04 → PAI 5.
  for (int i = 0; i < 100; ++i) {
    const double x = i < 20 ? 450 + (i % 2) * 100 : 50 + (i % 10) * 100;
    const double y = i < 20 ? 450 + (i % 4 < 2 ? 0 : 100) : (i < 60 ? 50 : 950);
    incidents.push_back(x, y, 0, civil_time::to_seconds(2025, 3, 1 + i % 28, 12, 0, 0),
                        TimePrecision::minute);
    selection.rows.push_back(static_cast<uint32_t>(i));
    selection.x.push_back(x);
    selection.y.push_back(y);
  }
  GiStarResult gi;
  const std::vector<int32_t> cell_wards(100, 0);
  gi.z.assign(100, 0.0);
  gi.q.assign(100, 1.0);
  gi.confidence.assign(100, 0);
  const AreaInputs inputs{spec, density, classes, gi, 0.05, incidents, selection, cell_wards, 100};
  const auto areas = describe_areas(inputs, hot_components(spec, classes), "burglary", 1);
  REQUIRE(areas.size() == 1);
  CHECK(areas[0].incidents == 20);
  CHECK(areas[0].share == Approx(0.2));
  CHECK(areas[0].area_km2 == Approx(0.04));
  CHECK(areas[0].pai == Approx(5.0));
  CHECK(areas[0].id == "burglary-1");
  CHECK(areas[0].has_times);
  CHECK(areas[0].hour_by_weekday[static_cast<size_t>(
            civil_time::weekday(incidents.local_time_s[0]))][12] >= 1);
}

TEST_CASE("a dense cluster becomes a significant first-ranked hotspot with every output written") {
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
                        civil_time::to_seconds(2025, 1 + i % 6, 1 + i % 28, i % 24, 0, 0),
                        TimePrecision::minute);
  }
  join_all(incidents, locator);
  const std::string out = (fs::temp_directory_path() / "hotspot_layers_test").string();
  fs::remove_all(out);
  HotspotOptions options;
  const nlohmann::json summary =
      run_layers(incidents, wards, locator, "EPSG:27700", {default_layers()[0]}, options, out);
  for (const char* file :
       {"hotspots.geojson", "hotspots.csv", "briefing.md", "density/burglary.tif"})
    CHECK(fs::exists(out + "/" + file));
  REQUIRE(summary["layers"].size() == 1);
  CHECK(summary["layers"][0]["incidents"] == 600);
  CHECK(summary["layers"][0]["cell_size_m"].get<double>() == Approx(2000.0 / 150).epsilon(1e-3));
  const nlohmann::json hotspots = read_json(out + "/hotspots.geojson");
  REQUIRE(!hotspots["features"].empty());
  const auto& first = hotspots["features"][0]["properties"];
  CHECK(first["id"] == "burglary-1");
  CHECK(first["significant"] == true);
  CHECK(first["ward_codes"] == "E05000002");
  CHECK(first["incidents"].get<int>() >= 150);
  CHECK(first["pai"].get<double>() > 5);
  CHECK(nlohmann::json::parse(first["hour_by_weekday"].get<std::string>()).size() == 7);
  const double lon = hotspots["features"][0]["geometry"]["coordinates"][0][0][0][0];
  CHECK(lon > -1);  // WGS84 longitude, not eastings
  CHECK(lon < 1);
  fs::remove_all(out);
}

TEST_CASE("config tables give defaults when absent and name the key at fault") {
  const toml::table empty;
  const HotspotOptions defaults = parse_hotspot_options(empty);
  CHECK(defaults.kernel == density::Kernel::quartic);
  CHECK(!defaults.cell_size_m);
  CHECK(parse_layers(empty).size() == 3);
  const toml::table config = toml::parse(R"(
[density]
kernel = "epanechnikov"
cell_size_m = 50
bandwidth_m = "auto"
[hotspots]
threshold = "top_percent"
[[layer]]
name = "late-shoplifting"
categories = ["shoplifting"]
hours = [22, 2]
weekdays = ["fri", "sat"]
from = "2025-01"
)");
  const HotspotOptions options = parse_hotspot_options(config);
  CHECK(options.kernel == density::Kernel::epanechnikov);
  CHECK(*options.cell_size_m == 50);
  CHECK(options.auto_bandwidth);
  CHECK(options.levels[0] == 10);
  const auto layers = parse_layers(config);
  REQUIRE(layers.size() == 1);
  CHECK(layers[0].hours == std::make_pair(22, 2));
  CHECK(layers[0].weekdays == std::vector<int>{4, 5});
  try {
    parse_hotspot_options(toml::parse("[density]\ncell_size_m = -3\n"));
    FAIL("expected a ConfigError");
  } catch (const ConfigError& error) {
    CHECK(std::string(error.what()).find("density.cell_size_m") != std::string::npos);
  }
  CHECK_THROWS_AS(parse_layers(toml::parse("[[layer]]\nname = \"x\"\n")), ConfigError);
}

TEST_CASE("on the Essex police.uk data every layer is analysed and untimed records are declared") {
  const auto essex = testing::load_essex();
  if (!essex) return;  // skipped (or FAILed under CI) by load_essex
  const WardSet& wards = essex->wards;
  const wards::WardLoadReport& report = essex->report;
  const IncidentTable& incidents = essex->ingested.table;
  const join::WardLocator& locator = *essex->locator;
  const std::string out = (fs::temp_directory_path() / "hotspot_layers_essex").string();
  fs::remove_all(out);
  const nlohmann::json summary = run_layers(incidents, wards, locator, report.analysis_crs,
                                            default_layers(), HotspotOptions{}, out);
  REQUIRE(summary["layers"].size() == 3);
  for (const auto& layer : summary["layers"]) {
    CAPTURE(layer["name"]);
    CHECK(layer["incidents"].get<int64_t>() > 100);
    CHECK(layer["hotspot_areas"].get<int64_t>() > 0);
  }
  CHECK(summary["layers"][2]["hours_note"].get<std::string>().find("covers all hours") == 0);
  const nlohmann::json hotspots = read_json(out + "/hotspots.geojson");
  for (const auto& feature : hotspots["features"]) {
    CHECK(feature["properties"]["hour_by_weekday"] == "");   // police.uk has no times
    CHECK(!feature["properties"].contains("trend_last28"));  // nor dates
  }
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
  const double burglaries = summary["layers"][0]["incidents"].get<double>();
  CHECK(mass < burglaries * 1.001);
  CHECK(mass > burglaries * 0.8);
  if (!std::getenv("HOTSPOT_KEEP_TEST_OUTPUT")) fs::remove_all(out);
}

TEST_CASE("a layer with an hour filter keeps untimed records and says so plainly") {
  const WardSet wards = two_wards();
  const join::WardLocator locator(wards);
  IncidentTable incidents;
  const CategoryId violence = incidents.category_id("violent-crime");
  incidents.push_back(500100, 180100, violence, civil_time::to_seconds(2025, 3, 7, 20, 0, 0),
                      TimePrecision::minute);
  incidents.push_back(500200, 180100, violence, civil_time::to_seconds(2025, 3, 7, 10, 0, 0),
                      TimePrecision::minute);
  incidents.push_back(500300, 180100, violence, civil_time::to_seconds(2025, 3, 1, 0, 0, 0),
                      TimePrecision::month);
  incidents.push_back(600000, 180100, violence, civil_time::to_seconds(2025, 3, 7, 21, 0, 0),
                      TimePrecision::minute);
  join_all(incidents, locator);
  const LayerSelection night = select_layer(incidents, default_layers()[2]);
  CHECK(night.rows ==
        std::vector<uint32_t>{0, 2});  // 10:00 is out; the last is outside the study area
  CHECK(night.untimed == 1);
  CHECK(night.hours_note == "covers all hours: 1 record has no time of day");
  CHECK(hours_note(default_layers()[2], 1234) ==
        "covers all hours: 1,234 records have no time of day");
  CHECK(select_layer(incidents, default_layers()[0]).hours_note.empty());
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
  const std::string out = (fs::temp_directory_path() / "hotspot_layers_public").string();
  fs::remove_all(out);
  join_all(incidents, locator);
  HotspotOptions options;
  DisclosurePolicy disclosure;
  disclosure.public_output = true;
  disclosure.minimum_count = 1000;
  const nlohmann::json summary = run_layers(incidents, wards, locator, "EPSG:27700",
                                            {default_layers()[0]}, options, out, disclosure);
  CHECK(summary["layers"][0]["hotspot_areas"] == 0);
  CHECK(read_json(out + "/hotspots.geojson")["features"].empty());
  CHECK(summary["layers"][0]["notes"].dump().find("public mode") != std::string::npos);
  disclosure.minimum_count = 5;
  const nlohmann::json shown = run_layers(incidents, wards, locator, "EPSG:27700",
                                          {default_layers()[0]}, options, out, disclosure);
  CHECK(shown["layers"][0]["hotspot_areas"].get<int>() >= 1);
  fs::remove_all(out);
}

TEST_CASE("automatic bandwidth is chosen by cross-validation and reported with its scores") {
  const WardSet wards = two_wards();
  const join::WardLocator locator(wards);
  IncidentTable incidents;
  const CategoryId burglary = incidents.category_id("burglary");
  std::mt19937_64 random(8);
  std::normal_distribution<double> cluster(0, 80);
  for (int i = 0; i < 300; ++i)
    incidents.push_back(501000 + cluster(random) + (i % 2) * 2000, 181000 + cluster(random),
                        burglary, civil_time::to_seconds(2025, 2, 1, 0, 0, 0),
                        TimePrecision::month);
  join_all(incidents, locator);
  const std::string out = (fs::temp_directory_path() / "hotspot_layers_auto").string();
  HotspotOptions options;
  options.auto_bandwidth = true;
  const nlohmann::json summary =
      run_layers(incidents, wards, locator, "EPSG:27700", {default_layers()[0]}, options, out);
  const auto& layer = summary["layers"][0];
  CHECK(layer["bandwidth_rule"].get<std::string>().find("cross-validation") != std::string::npos);
  CHECK(layer["bandwidth_search"].size() == 12);
  // 80 m clusters: the chosen quartic bandwidth is a few times their spread, not the grid's 67 m
  // rule.
  CHECK(layer["bandwidth_m"].get<double>() > 80);
  CHECK(layer["bandwidth_m"].get<double>() < 800);
  fs::remove_all(out);
}

TEST_CASE("a layer with no incidents gives an empty surface and no areas, not an error") {
  const WardSet wards = two_wards();
  const join::WardLocator locator(wards);
  IncidentTable incidents;
  incidents.category_id("burglary");
  incidents.ward.clear();
  const std::string out = (fs::temp_directory_path() / "hotspot_layers_empty").string();
  const nlohmann::json summary =
      run_layers(incidents, wards, locator, "EPSG:27700", default_layers(), HotspotOptions{}, out);
  REQUIRE(summary["layers"].size() == 3);
  for (const auto& layer : summary["layers"]) {
    CHECK(layer["incidents"] == 0);
    CHECK(layer["hotspot_areas"] == 0);
  }
  CHECK(fs::exists(out + "/density/burglary.tif"));
  fs::remove_all(out);
}
