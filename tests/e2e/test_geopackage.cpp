// End-to-end: hotspot.gpkg, fields.csv and the byte-order marks, read back as a user's tools
// read them (GDAL for the GeoPackage, a CSV reader for the rest). The per-incident table's
// hotspot ids are checked against the areas' polygons by GEOS (OGR Intersects), not by the cell
// rule that made them.
#include <gdal.h>
#include <ogrsf_frmts.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/e2e/e2e_support.hpp"

namespace fs = std::filesystem;

namespace {

using namespace hotspot::testing;

const fs::path& demo_run(bool public_mode) {
  static std::map<bool, fs::path> runs;
  if (!runs.count(public_mode)) {
    const fs::path out = temp_dir(public_mode ? "gpkg-public" : "gpkg-full");
    const RunResult result =
        run("analyse --config " + (demo_input() / "hotspot.toml").string() +
            " --from 2025-11 --to 2026-10 --out " + out.string() +
            " --quiet --no-viewer --no-tiles" + (public_mode ? " --public" : ""));
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    runs[public_mode] = out;
  }
  return runs[public_mode];
}

GDALDatasetUniquePtr open_gpkg(const fs::path& out) {
  GDALAllRegister();
  return GDALDatasetUniquePtr(
      GDALDataset::Open((out / "hotspot.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

}  // namespace

TEST_CASE("hotspot.gpkg holds the wards with the same columns and values as wards.csv") {
  const fs::path& out = demo_run(false);
  const auto csv = read_csv(out / "wards.csv");
  const auto gpkg = open_gpkg(out);
  REQUIRE(gpkg);
  OGRLayer* wards = gpkg->GetLayerByName("wards");
  REQUIRE(wards);
  REQUIRE(wards->GetFeatureCount() == static_cast<GIntBig>(csv.size()));
  CHECK(wards->GetLayerDefn()->GetFieldCount() == static_cast<int>(csv.front().size()));
  std::map<std::string, const std::map<std::string, std::string>*> by_code;
  for (const auto& row : csv) by_code[row.at("ward_code")] = &row;
  for (const auto& feature : *wards) {
    const auto& row = *by_code.at(feature->GetFieldAsString("ward_code"));
    for (const auto& [column, value] : row) {
      const int index = feature->GetFieldIndex(column.c_str());
      REQUIRE(index >= 0);
      if (value.empty()) {
        CHECK_FALSE(feature->IsFieldSetAndNotNull(index));
      } else if (column == "total" || column == "burglary") {
        CHECK(feature->GetFieldAsInteger64(index) == std::stoll(value));
      }
    }
    CHECK(feature->GetGeometryRef()->IsValid());
  }
}

TEST_CASE("hotspot.gpkg holds the hotspot areas, the density rasters and a style for each") {
  const fs::path& out = demo_run(false);
  const auto gpkg = open_gpkg(out);
  REQUIRE(gpkg);
  const auto areas = read_csv(out / "hotspots.csv");
  OGRLayer* hotspots = gpkg->GetLayerByName("hotspots");
  REQUIRE(hotspots);
  CHECK(hotspots->GetFeatureCount() == static_cast<GIntBig>(areas.size()));
  for (const char* table : {"density_burglary", "density_anti_social_behaviour"}) {
    const std::string name = "GPKG:" + (out / "hotspot.gpkg").string() + ":" + table;
    GDALDatasetUniquePtr raster(GDALDataset::Open(name.c_str(), GDAL_OF_RASTER));
    REQUIRE(raster);
    CHECK(raster->GetRasterBand(1)->GetRasterDataType() == GDT_Float32);
  }
  OGRLayer* styles = gpkg->GetLayerByName("layer_styles");
  REQUIRE(styles);
  std::set<std::string> styled;
  for (const auto& feature : *styles) {
    styled.insert(feature->GetFieldAsString("f_table_name"));
    CHECK(std::string(feature->GetFieldAsString("styleQML")).find("<qgis") != std::string::npos);
    CHECK(std::string(feature->GetFieldAsString("styleSLD")).find("StyledLayerDescriptor") !=
          std::string::npos);
    CHECK(feature->GetFieldAsInteger("useAsDefault") == 1);
  }
  for (const char* table : {"wards", "hotspots", "incidents", "density_burglary"})
    CHECK(styled.count(table) == 1);
}

TEST_CASE("each incident's hotspot ids name exactly the areas whose polygon holds it") {
  const fs::path& out = demo_run(false);
  const auto gpkg = open_gpkg(out);
  REQUIRE(gpkg);
  std::map<std::string, std::unique_ptr<OGRGeometry>> shapes;
  std::map<std::string, int64_t> area_incidents;
  for (const auto& feature : *gpkg->GetLayerByName("hotspots")) {
    shapes[feature->GetFieldAsString("id")].reset(feature->GetGeometryRef()->clone());
    area_incidents[feature->GetFieldAsString("id")] = feature->GetFieldAsInteger64("incidents");
  }
  REQUIRE_FALSE(shapes.empty());
  OGRLayer* incidents = gpkg->GetLayerByName("incidents");
  REQUIRE(incidents);
  std::map<std::string, int64_t> tagged;
  int64_t checked = 0;
  for (const auto& feature : *incidents) {
    const std::string ids = feature->IsFieldSetAndNotNull(feature->GetFieldIndex("hotspot_ids"))
                                ? feature->GetFieldAsString("hotspot_ids")
                                : "";
    std::stringstream list(ids);
    for (std::string id; std::getline(list, id, ',');) {
      ++tagged[id];
      // Inside or on the outline (an incident on a cell edge touches it).
      CHECK(shapes.at(id)->Intersects(feature->GetGeometryRef()));
      ++checked;
    }
  }
  CHECK(checked > 0);
  for (const auto& [id, count] : area_incidents) {
    INFO(id);
    CHECK(tagged[id] == count);  // the areas' own incident counts, from the typed results
  }
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  CHECK(incidents->GetFeatureCount() == summary["rows"]["accepted"].get<GIntBig>());
}

TEST_CASE("a public run's GeoPackage has no incident table and withholds what wards.csv does") {
  const fs::path& out = demo_run(true);
  const auto gpkg = open_gpkg(out);
  REQUIRE(gpkg);
  CHECK(gpkg->GetLayerByName("incidents") == nullptr);
  const auto csv = read_csv(out / "wards.csv");
  size_t withheld_csv = 0, withheld_gpkg = 0;
  for (const auto& row : csv) withheld_csv += row.at("total").empty();
  for (const auto& feature : *gpkg->GetLayerByName("wards"))
    withheld_gpkg += !feature->IsFieldSetAndNotNull(feature->GetFieldIndex("total"));
  CHECK(withheld_gpkg == withheld_csv);
  CHECK(read_file(out / "fields.csv").find("hotspot.gpkg: incidents") == std::string::npos);
}

TEST_CASE("every CSV starts with a UTF-8 byte-order mark and fields.csv documents every column") {
  const fs::path& out = demo_run(false);
  for (const char* name : {"wards.csv", "hotspots.csv", "rejects.csv", "fields.csv"})
    CHECK(read_file(out / name).rfind("\xEF\xBB\xBF", 0) == 0);
  const auto fields = read_csv(out / "fields.csv");
  std::map<std::string, std::set<std::string>> documented;
  for (const auto& row : fields) {
    INFO(row.at("file") << " " << row.at("column"));
    CHECK_FALSE(row.at("meaning").empty());
    documented[row.at("file")].insert(row.at("column"));
  }
  for (const char* csv : {"wards.csv", "hotspots.csv", "rejects.csv"}) {
    std::string header = read_file(out / csv);
    header = header.substr(3, header.find_first_of("\r\n") - 3);
    std::stringstream columns(header);
    for (std::string column; std::getline(columns, column, ',');) {
      INFO(csv << ": " << column);
      CHECK(documented[csv].count(column) == 1);
    }
  }
  const auto gpkg = open_gpkg(out);
  for (const char* table : {"wards", "hotspots", "incidents"}) {
    OGRFeatureDefn* definition = gpkg->GetLayerByName(table)->GetLayerDefn();
    for (int i = 0; i < definition->GetFieldCount(); ++i) {
      INFO(table << ": " << definition->GetFieldDefn(i)->GetNameRef());
      CHECK(documented[std::string("hotspot.gpkg: ") + table].count(
                definition->GetFieldDefn(i)->GetNameRef()) == 1);
    }
  }
  // The rate columns say their unit.
  for (const auto& row : fields)
    if (row.at("column") == "total_rate") CHECK(row.at("unit") == "incidents per 1,000 residents");
}

TEST_CASE("the same inputs give a byte-identical hotspot.gpkg") {
  const fs::path again = temp_dir("gpkg-again");
  const RunResult result = run("analyse --config " + (demo_input() / "hotspot.toml").string() +
                               " --from 2025-11 --to 2026-10 --out " + again.string() +
                               " --quiet --no-viewer --no-tiles --threads 1");
  REQUIRE(result.exit_code == 0);
  CHECK(read_file(again / "hotspot.gpkg") == read_file(demo_run(false) / "hotspot.gpkg"));
}

TEST_CASE(
    "every spatial index in hotspot.gpkg passes SQLite's rtreecheck and finds what a scan finds") {
  const fs::path& out = demo_run(false);
  const auto gpkg = open_gpkg(out);
  REQUIRE(gpkg);
  // The GeoPackage's own register of spatial indexes: one per table with geometry.
  std::set<std::string> indexed;
  OGRLayer* extensions = gpkg->ExecuteSQL(
      "SELECT table_name FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'", nullptr,
      nullptr);
  REQUIRE(extensions);
  for (const auto& row : *extensions) indexed.insert(row->GetFieldAsString(0));
  gpkg->ReleaseResultSet(extensions);
  CHECK(indexed == std::set<std::string>{"hotspots", "incidents", "wards"});
  for (const std::string& table : indexed) {
    INFO(table);
    const std::string sql = "SELECT rtreecheck('rtree_" + table +
                            "_geom'), (SELECT count(*) FROM rtree_" + table +
                            "_geom), (SELECT count(*) FROM \"" + table + "\")";
    OGRLayer* check = gpkg->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    REQUIRE(check);
    OGRFeatureUniquePtr row(check->GetNextFeature());
    REQUIRE(row);
    CHECK(std::string(row->GetFieldAsString(0)) == "ok");
    CHECK(row->GetFieldAsInteger64(1) == row->GetFieldAsInteger64(2));
    gpkg->ReleaseResultSet(check);
  }
  // A spatial filter (answered from the index) against the incidents' own coordinates.
  OGRLayer* incidents = gpkg->GetLayerByName("incidents");
  REQUIRE(incidents);
  OGREnvelope extent;
  REQUIRE(incidents->GetExtent(&extent, TRUE) == OGRERR_NONE);
  for (int k = 1; k <= 4; ++k) {
    const double x0 = extent.MinX + (extent.MaxX - extent.MinX) * 0.15 * k;
    const double y0 = extent.MinY + (extent.MaxY - extent.MinY) * 0.2 * k;
    const double x1 = x0 + (extent.MaxX - extent.MinX) * 0.2,
                 y1 = y0 + (extent.MaxY - extent.MinY) * 0.1;
    incidents->SetSpatialFilterRect(x0, y0, x1, y1);
    const GIntBig filtered = incidents->GetFeatureCount(TRUE);
    incidents->SetSpatialFilter(nullptr);
    GIntBig scanned = 0;
    for (const auto& feature : *incidents) {
      const double x = feature->GetFieldAsDouble("x_m"), y = feature->GetFieldAsDouble("y_m");
      scanned += x >= x0 && x <= x1 && y >= y0 && y <= y1;
    }
    CAPTURE(k, x0, y0, x1, y1);
    CHECK(filtered > 0);
    CHECK(filtered == scanned);
  }
}
