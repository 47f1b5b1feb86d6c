// End-to-end: the built `hotspot` binary run as a user runs it, on the synthetic demo town and
// on the real Essex data in ../shared/data, checking outputs as a user would: the files exist,
// GDAL opens them, the counts add up, bad input gets exit code 2 and a message naming the file.
#include <gdal.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.hpp"
#include "tests/shared_data.hpp"

namespace fs = std::filesystem;

namespace {

using namespace hotspot::testing;

const fs::path& demo_output() {
  static const fs::path dir = [] {
    const fs::path out = temp_dir("demo-output");
    const RunResult result =
        run("analyse --config " + (demo_input() / "hotspot.toml").string() +
            " --from 2025-11 --to 2026-10 --out " + out.string() + " --quiet --no-viewer");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    return out;
  }();
  return dir;
}

}  // namespace

TEST_CASE("analyse on the demo town writes every output, and GDAL opens them") {
  const fs::path& out = demo_output();
  for (const char* name : {"wards.geojson", "wards.csv", "wards.json", "ward_profiles.md",
                           "summary.json", "rejects.csv", "tiles.pmtiles", "hotspots.geojson",
                           "hotspots.csv", "briefing.md", "density/burglary.tif"})
    CHECK(fs::exists(out / name));
  CHECK(read_file(out / "ward_profiles.md").find("## Town Centre (X05000018) — priority 1") !=
        std::string::npos);
  GDALAllRegister();
  GDALDatasetUniquePtr wards(GDALDataset::Open((out / "wards.geojson").c_str(), GDAL_OF_VECTOR));
  REQUIRE(wards);
  OGRLayer* layer = wards->GetLayer(0);
  CHECK(layer->GetFeatureCount() == 36);
  // "total" must be a real field: GDAL returns 0 for a field that is absent.
  const int total_field = layer->GetLayerDefn()->GetFieldIndex("total");
  REQUIRE(total_field >= 0);
  int64_t total = 0;
  for (const auto& feature : *layer) {
    CHECK(feature->GetGeometryRef()->IsValid());
    CHECK(feature->IsFieldSetAndNotNull(total_field));
    total += feature->GetFieldAsInteger64(total_field);
  }
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  CHECK(total == summary["rows"]["in_wards"].get<int64_t>() -
                     summary["period"]["in_wards_outside_period"].get<int64_t>());
  for (const auto& entry : fs::directory_iterator(out))
    CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE(
    "every input row is accounted for, and the ward totals add up to the incidents in wards") {
  const fs::path& out = demo_output();
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  const auto& rows = summary["rows"];
  CHECK(rows["read"].get<int64_t>() ==
        rows["accepted"].get<int64_t>() + rows["rejected"].get<int64_t>());
  CHECK(rows["accepted"].get<int64_t>() ==
        rows["in_wards"].get<int64_t>() + rows["outside"].get<int64_t>());
  CHECK(rows["read"].get<int64_t>() == 40000);
  CHECK(rows["adds_up"].get<bool>());
  for (const char* stage : {"ingest", "join", "profile", "tiles", "wards"})
    CHECK(summary["timings_s"].contains(stage));
  CHECK(summary["inputs"]["incidents"][0]["sha256"].get<std::string>().size() == 64);
  CHECK(summary["crs"]["analysis"] == "EPSG:27700");

  const auto wards = read_csv(out / "wards.csv");
  REQUIRE(wards.size() == 36);
  for (const char* column :
       {"ward_code", "ward_name", "population", "total", "burglary", "anti-social-behaviour",
        "violent-crime", "night-time-violence", "comparison", "priority"})
    CHECK(wards[0].count(column) == 1);
  int64_t total = 0, burglary = 0;
  for (const auto& ward : wards) {
    total += std::stoll(ward.at("total"));
    burglary += std::stoll(ward.at("burglary"));
  }
  const int64_t in_period =
      rows["in_wards"].get<int64_t>() - summary["period"]["in_wards_outside_period"].get<int64_t>();
  CHECK(total == in_period);
  CHECK(burglary == summary["categories"]["burglary"].get<int64_t>());
  CHECK(summary["period"]["previous"]["from"] ==
        "2024-11");  // the year before, which the demo covers
}

TEST_CASE("the demo's town centre is a priority ward, significantly above the area") {
  const auto wards = read_csv(demo_output() / "wards.csv");
  bool found = false;
  for (const auto& ward : wards)
    if (ward.at("ward_name") == "Town Centre") {
      found = true;
      CHECK(ward.at("comparison") == "above");
      CHECK(ward.at("priority") == "true");
      CHECK(ward.at("priority_rank") == "1");
    }
  CHECK(found);
}

TEST_CASE("the same inputs give byte-identical outputs, whatever the thread count") {
  const fs::path one = temp_dir("threads-1"), two = temp_dir("threads-2");
  const std::string common = "analyse --config " + (demo_input() / "hotspot.toml").string() +
                             " --quiet --no-viewer --maxzoom 12 ";
  REQUIRE(run(common + "--threads 1 --out " + one.string()).exit_code == 0);
  REQUIRE(run(common + "--threads 2 --out " + two.string()).exit_code == 0);
  for (const char* name :
       {"wards.geojson", "wards.csv", "wards.json", "rejects.csv", "tiles.pmtiles"}) {
    INFO(name);
    CHECK(read_file(one / name) == read_file(two / name));
  }
}

TEST_CASE(
    "bad input gets exit code 2 and a message naming the file, and no output that looks complete") {
  const fs::path dir = temp_dir("bad");
  const std::string wards = (demo_input() / "wards.geojson").string();
  SECTION("a missing incident file") {
    const RunResult result = run("analyse --incidents " + (dir / "missing.csv").string() +
                                 " --wards " + wards + " --out " + (dir / "out").string());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("missing.csv") && Catch::Contains("no such file"));
    CHECK_FALSE(fs::exists(dir / "out" / "wards.csv"));
  }
  SECTION("a CSV with none of the expected columns") {
    std::ofstream(dir / "colours.csv") << "name,colour\nann,red\n";
    const RunResult result = run("analyse --incidents " + (dir / "colours.csv").string() +
                                 " --wards " + wards + " --out " + (dir / "out").string());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("colours.csv:1") && Catch::Contains("--x-column"));
  }
  SECTION("a ward file with no polygons") {
    std::ofstream(dir / "points.geojson")
        << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"WD23CD":"A"},"geometry":{"type":"Point","coordinates":[0,51]}}]})";
    const RunResult result =
        run("analyse --incidents " + (demo_input() / "incidents.csv").string() + " --wards " +
            (dir / "points.geojson").string() + " --out " + (dir / "out").string());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("points.geojson") && Catch::Contains("polygon"));
  }
  SECTION("every row rejected: rejects.csv is written and the run fails clearly") {
    fs::create_directories(dir / "out");
    std::ofstream(dir / "out" / "summary.json")
        << "{}";  // an earlier run's: must not survive a failed run
    std::ofstream(dir / "bad.csv") << "incident_id,offence,occurred_at,easting,northing\n1,"
                                      "Burglary,not a date,560000,190000\n";
    const RunResult result =
        run("analyse --incidents " + (dir / "bad.csv").string() + " --crs EPSG:27700 --wards " +
            wards + " --out " + (dir / "out").string());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("no usable incident rows"));
    CHECK(fs::exists(dir / "out" / "rejects.csv"));
    CHECK_FALSE(fs::exists(dir / "out" / "wards.csv"));
    CHECK_FALSE(fs::exists(dir / "out" / "summary.json"));
  }
  SECTION("a malformed month option") {
    const RunResult result = run("analyse --config " + (demo_input() / "hotspot.toml").string() +
                                 " --from 2025-13 --out " + (dir / "out").string());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("--from"));
  }
}

TEST_CASE("analyse on the real Essex police.uk data accounts for every row") {
  SHARED_DATA_OR_SKIP(data_path, "essex")
  const fs::path data = data_path;
  const fs::path out = temp_dir("essex");
  const RunResult result = run("analyse --incidents " + (data / "police-uk").string() +
                               " --wards " + (data / "wards-2013.geojson").string() + " --out " +
                               out.string() + " --quiet --no-viewer --maxzoom 12");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  const auto& rows = summary["rows"];
  CHECK(rows["read"] == 96352);
  CHECK(rows["rejected_by_reason"]["no-coordinates"] == 145);
  CHECK(rows["read"].get<int64_t>() ==
        rows["accepted"].get<int64_t>() + rows["rejected"].get<int64_t>());
  CHECK(rows["accepted"].get<int64_t>() ==
        rows["in_wards"].get<int64_t>() + rows["outside"].get<int64_t>());
  CHECK(summary["wards"]["count"] == 304);
  CHECK(read_csv(out / "wards.csv").size() == 304);
  CHECK(read_csv(out / "rejects.csv").size() == rows["rejected"].get<size_t>());
  // No population in this data: rates are left empty and the output says why.
  const auto wards = read_csv(out / "wards.csv");
  CHECK(wards[0].at("total_rate").empty());
  bool explained = false;
  for (const auto& note : summary["notes"])
    explained |= note.get<std::string>().find("population") != std::string::npos;
  CHECK(explained);
}

TEST_CASE(
    "hotspot kde writes a GeoTIFF that GDAL opens, with the standard geotransform and integral") {
  const fs::path out = temp_dir("kde");
  const std::string tif = (out / "burglary.tif").string();
  const RunResult result = run("kde --incidents " + (demo_input() / "incidents.csv").string() +
                               " --crs EPSG:27700 --category burglary --cell 50 --bandwidth 300 "
                               "--extent 540000,170000,580000,215000 --out " +
                               tif + " --quiet");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  GDALAllRegister();
  GDALDatasetUniquePtr raster(GDALDataset::Open(tif.c_str(), GDAL_OF_RASTER));
  REQUIRE(raster);
  double transform[6];
  REQUIRE(raster->GetGeoTransform(transform) == CE_None);
  CHECK(transform[0] == Approx(540000));
  CHECK(transform[1] == Approx(50));
  CHECK(transform[3] == Approx(215000));
  CHECK(transform[5] == Approx(-50));
  GDALRasterBand* band = raster->GetRasterBand(1);
  std::vector<float> values(static_cast<size_t>(band->GetXSize()) *
                            static_cast<size_t>(band->GetYSize()));
  REQUIRE(band->RasterIO(GF_Read, 0, 0, band->GetXSize(), band->GetYSize(), values.data(),
                         band->GetXSize(), band->GetYSize(), GDT_Float32, 0, 0) == CE_None);
  double integral = 0;
  for (float value : values) integral += value * 0.05 * 0.05;  // per km² × km² per cell
  // Every burglary of the demo lies well inside this extent: the density integrates to their
  // number.
  size_t burglaries = 0;
  std::ifstream csv(demo_input() / "incidents.csv");
  for (std::string line; std::getline(csv, line);)
    burglaries += line.find(",Burglary,") != std::string::npos;
  CHECK(integral == Approx(static_cast<double>(burglaries)).epsilon(0.002));
}

TEST_CASE(
    "hotspot kde with ward boundaries loads GDAL when it needs it: cells outside are nodata") {
  // The program maps GDAL only on demand (engine/core/gdal_init.hpp): a CSV alone never needs
  // it, the wards' GeoJSON does.
  const fs::path out = temp_dir("kde-wards");
  const std::string tif = (out / "all.tif").string();
  const RunResult result =
      run("kde --incidents " + (demo_input() / "incidents.csv").string() +
          " --crs EPSG:27700 --wards " + (demo_input() / "wards.geojson").string() +
          " --cell 200 --bandwidth 600 --out " + tif + " --quiet");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  GDALAllRegister();
  GDALDatasetUniquePtr raster(GDALDataset::Open(tif.c_str(), GDAL_OF_RASTER));
  REQUIRE(raster);
  GDALRasterBand* band = raster->GetRasterBand(1);
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  REQUIRE(has_nodata);
  std::vector<float> values(static_cast<size_t>(band->GetXSize()) *
                            static_cast<size_t>(band->GetYSize()));
  REQUIRE(band->RasterIO(GF_Read, 0, 0, band->GetXSize(), band->GetYSize(), values.data(),
                         band->GetXSize(), band->GetYSize(), GDT_Float32, 0, 0) == CE_None);
  size_t outside = 0, positive = 0;
  for (float value : values) {
    outside += value == nodata;
    positive += value > 0;
  }
  // The grid is the wards' bounding box: some of its corners lie outside every ward.
  CHECK(outside > 0);
  CHECK(positive > values.size() / 4);
}

TEST_CASE("hotspot evaluate scores every method at equal shares of the area") {
  const fs::path out = temp_dir("evaluate");
  const RunResult result = run("evaluate --config " + (demo_input() / "hotspot.toml").string() +
                               " --quiet --out " + out.string());
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  const auto rows = read_csv(out / "evaluation.csv");
  REQUIRE_FALSE(rows.empty());
  std::map<std::string, int> per_method;
  for (const auto& row : rows)
    ++per_method[row.begin()->second + "/" + (row.count("method") ? row.at("method") : "")];
  CHECK(per_method.size() >= 4);
  CHECK(fs::exists(out / "evaluation.md"));
}
